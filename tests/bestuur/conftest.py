"""One board workspace per test module (see board_fixtures.py)."""

from __future__ import annotations

import pytest
from board_fixtures import build_board_workspace


@pytest.fixture(scope="module")
def board_ws(tmp_path_factory):
    return build_board_workspace(tmp_path_factory.mktemp("bestuur") / "workspace")
