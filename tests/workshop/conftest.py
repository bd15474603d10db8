"""Fixtures for the workshop store: a school folder, its store, an open workshop and a participant."""

from __future__ import annotations

from pathlib import Path

import pytest

from kit import workshop


@pytest.fixture
def school_dir(tmp_path: Path) -> Path:
    folder = tmp_path / "obs-de-linde"
    folder.mkdir()
    (folder / "school.yaml").write_text("naam: OBS De Linde\n", encoding="utf-8")
    return folder


@pytest.fixture
def key(opened) -> str:
    return opened.facilitator_key


@pytest.fixture
def code(opened) -> str:
    return opened.workshop.join_code


@pytest.fixture
def anna(store, code) -> workshop.Participant:
    return workshop.join(store, code, "Anna")


@pytest.fixture
def bram(store, code) -> workshop.Participant:
    return workshop.join(store, code, "Bram")
