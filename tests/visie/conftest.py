"""Fixtures for the vision workshop: the demo workshop reopened on the shared server, and a closed one."""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from pathlib import Path

import pytest

from kit import workshop

APP = "/voila/render/01_visie.ipynb"


@dataclass(frozen=True)
class LiveWorkshop:
    school: str
    code: str
    key: str

    @property
    def participant_path(self) -> str:
        """The participants' light page (kit.light); the Voila page with the code sends them there."""
        return f"/mee/visie?school={self.school}&code={self.code}"

    @property
    def facilitator_path(self) -> str:
        return f"{APP}?school={self.school}&key={self.key}"


@pytest.fixture(scope="session")
def live_workshop(served_workspace) -> LiveWorkshop:
    """The demo school's example workshop, reopened so participants can join (shared by the browser tests)."""
    with workshop.Store(served_workspace / "demo-school") as store:
        opened = workshop.open_workshop(store)
    return LiveWorkshop("demo-school", opened.workshop.join_code, opened.facilitator_key)


@pytest.fixture(scope="session")
def closed_workshop(served_workspace) -> LiveWorkshop:
    """A second school on the shared server whose workshop is closed."""
    from kit.workspace import create_school

    folder = served_workspace / "gesloten-school"
    if not folder.exists():
        create_school(served_workspace, "gesloten-school", "Basisschool Het Slot")
    from kit.workshop.keys import working_key

    with workshop.Store(folder) as store:
        opened = workshop.open_workshop(store)
        workshop.close_workshop(store)  # which revokes its key: the facilitator asks 'kit workshop key' for one
        key = working_key(store)[1]
    return LiveWorkshop("gesloten-school", opened.workshop.join_code, key)


_names = itertools.count(1)


@pytest.fixture
def unique_name():
    """Pseudonyms nobody in the shared workshop uses yet."""
    return lambda prefix="Deelnemer": f"{prefix}{next(_names)}"


@pytest.fixture
def demo_results(tmp_path):
    """The demo school's example workshop as Results (a fresh copy per test)."""
    from kit.demo import install_demo
    from kit.visie.report import latest_results

    folder = install_demo(tmp_path / "workspace")
    return latest_results(folder)


@pytest.fixture(scope="session")
def artifacts() -> Path:
    """Where the browser tests put their screenshots (test-artifacts/visie/)."""
    folder = Path(__file__).resolve().parents[2] / "test-artifacts" / "visie"
    folder.mkdir(parents=True, exist_ok=True)
    return folder
