"""Fixtures for step 2, "Signaleren en handelen": a school with an open workshop and joined participants."""

from __future__ import annotations

from pathlib import Path

import pytest

from kit import workshop


@pytest.fixture
def school_dir(workspace: Path) -> Path:
    """A new po school from the profile template."""
    from kit.workspace import create_school

    return create_school(workspace, "obs-de-linde", "OBS De Linde")


@pytest.fixture
def people(store, opened):
    """Three participants: Anna, Bram and Chris."""
    return [workshop.join(store, opened.workshop.join_code, name) for name in ("Anna", "Bram", "Chris")]


@pytest.fixture(scope="session")
def artifacts() -> Path:
    """Where the browser test puts its screenshots (test-artifacts/signalering/)."""
    folder = Path(__file__).resolve().parents[2] / "test-artifacts" / "signalering"
    folder.mkdir(parents=True, exist_ok=True)
    return folder
