"""Fixtures of the kit batch tests: the demo schools, made once per session and copied by each test."""

from __future__ import annotations

from pathlib import Path

import pytest


@pytest.fixture(scope="session")
def demo_source(tmp_path_factory) -> Path:
    """A workspace with the two demo schools (workshop and plan entered), made once per session."""
    from kit.demo import install_demos

    folder = tmp_path_factory.mktemp("batch-demo")
    install_demos(folder)
    return folder
