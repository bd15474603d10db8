"""Fixtures for the light participant pages: schools of their own on the shared test server (``kit_server``).

The light pages are served by ``kit serve`` itself, so the tests use the session's shared
server; they get schools of their own in its workspace, so what they write never changes
what the other tests count: a copy of the demo school (cases, plan, values) with an open
workshop, a school whose workshop is closed, and a school for the load test.
"""

from __future__ import annotations

import shutil
import sqlite3
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlencode

import pytest

from kit import workshop


@dataclass(frozen=True)
class LightWorkshop:
    school: str
    code: str
    key: str
    folder: Path

    def path(self, exercise: str = "visie") -> str:
        return f"/mee/{exercise}?{urlencode({'school': self.school, 'code': self.code})}"

    def facilitator(self, notebook: str = "01_visie") -> str:
        return f"/voila/render/{notebook}.ipynb?{urlencode({'school': self.school, 'key': self.key})}"


def _opened(folder: Path) -> LightWorkshop:
    with workshop.Store(folder) as store:
        opened = workshop.open_workshop(store)
    return LightWorkshop(folder.name, opened.workshop.join_code, opened.facilitator_key, folder)


@pytest.fixture(scope="session")
def light_demo(served_workspace) -> LightWorkshop:
    """A copy of the demo school (its cases, plan and values) with a new open workshop."""
    folder = served_workspace / "licht-demo"
    if not folder.exists():
        source = served_workspace / "demo-school"
        shutil.copytree(source, folder, ignore=shutil.ignore_patterns("workshop.sqlite*", "output"))
        profile = folder / "school.yaml"
        profile.write_text(profile.read_text(encoding="utf-8").replace("id: demo-school", "id: licht-demo", 1),
                           encoding="utf-8")
        with sqlite3.connect(source / workshop.DB_NAME) as old, sqlite3.connect(folder / workshop.DB_NAME) as new:
            old.backup(new)
    return _opened(folder)


@pytest.fixture(scope="session")
def light_closed(served_workspace) -> LightWorkshop:
    """A school whose workshop is closed; one participant joined before it closed."""
    from kit.workspace import create_school

    folder = served_workspace / "licht-gesloten"
    if not folder.exists():
        create_school(served_workspace, "licht-gesloten", "Basisschool De Dichte Deur")
    with workshop.Store(folder) as store:
        opened = workshop.open_workshop(store, new=True)
        me = workshop.join(store, opened.workshop.join_code, "Vroeg")
        workshop.add_statement(store, me.token, "Iedereen telt mee.")
        workshop.close_workshop(store)
    return LightWorkshop(folder.name, opened.workshop.join_code, opened.facilitator_key, folder)


@pytest.fixture(scope="session")
def light_crowd(served_workspace) -> LightWorkshop:
    """A school for the load test, with an open workshop of its own."""
    from kit.workspace import create_school

    folder = served_workspace / "licht-drukte"
    if not folder.exists():
        create_school(served_workspace, "licht-drukte", "Scholengemeenschap De Drukte")
    return _opened(folder)
