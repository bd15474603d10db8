"""``notebooks/01_visie.ipynb`` under papermill: the static report and visie.json."""

from __future__ import annotations

import json

import pytest

from kit.paths import NOTEBOOKS_DIR
from kit.runner import run_school

pytestmark = pytest.mark.notebook

NOTEBOOK = NOTEBOOKS_DIR / "01_visie.ipynb"


def test_report_of_the_demo_workshop(copy_demo):
    result = run_school(copy_demo, notebooks=[NOTEBOOK], progress=lambda line: None)
    html = result.notebooks[0].report.read_text(encoding="utf-8")
    assert "Visie op sociale veiligheid van OBS De Regenboog" in html  # the final vision text
    assert "De visie (definitief, versie 2" in html
    assert "Respect" in html and "Erbij horen" in html
    assert 'src="data:image/png;base64,' in html  # the stellingen chart
    assert "Anouk" not in html  # no names
    assert "Traceback" not in html
    record = json.loads((copy_demo / "output" / "visie.json").read_text(encoding="utf-8"))
    assert record["status"] == "definitief"
    assert record["tekst"].startswith("Visie op sociale veiligheid van OBS De Regenboog")
    assert record["kernwaarden"][0]["naam"] == "Respect"
    assert (copy_demo / "output" / "visie_stellingen.png").read_bytes().startswith(b"\x89PNG")


def test_report_of_a_school_without_workshop(workspace):
    from kit.workspace import create_school

    folder = create_school(workspace, "obs-de-linde", "OBS De Linde")
    result = run_school(folder, notebooks=[NOTEBOOK], progress=lambda line: None)
    html = result.notebooks[0].report.read_text(encoding="utf-8")
    assert "Er is nog geen visieworkshop gehouden voor deze school." in html
    assert json.loads((folder / "output" / "visie.json").read_text(encoding="utf-8"))["status"] == "ontbreekt"
    assert not (folder / "workshop.sqlite").exists()
