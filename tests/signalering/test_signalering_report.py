"""``notebooks/02_signaleren.ipynb`` under papermill, the demo's example answers, and the step's state."""

from __future__ import annotations

import json

import pytest

from kit import workshop
from kit.paths import NOTEBOOKS_DIR
from kit.runner import run_school
from kit.signalering.state import case_state
from kit.workshop import cases

NOTEBOOK = NOTEBOOKS_DIR / "02_signaleren.ipynb"


def test_the_demo_holds_example_answers_with_history(copy_demo):
    with workshop.Store(copy_demo, create=False) as store:
        latest = workshop.current_workshop(store)
        answers = cases.list_answers(store, latest.id)
        history = cases.answer_history(store, latest.id)
        assert not latest.is_open  # closed again, as the example workshop was
        assert cases.shown_case(store, latest.id) == "blauwe-plekken"
    assert {a["case_id"] for a in answers} == {"ruzie-om-de-bal", "nooit-gekozen", "blauwe-plekken"}
    assert len(answers) == 17
    assert sum(1 for a in answers if len(history[a["id"]]) == 2) == 4  # the eerder_ernst entries
    assert case_state(copy_demo)[0] == "klaar"


@pytest.mark.notebook
def test_report_of_the_demo_school(copy_demo):
    result = run_school(copy_demo, notebooks=[NOTEBOOK], progress=lambda line: None)
    html = result.notebooks[0].report.read_text(encoding="utf-8")
    assert "Signaleren en handelen" in html and "3 casussen beantwoord in 1 workshop" in html
    assert "Ruzie om de bal" in html and "Blauwe plekken" in html
    assert "Eerst dacht ik aan pesten, maar het is een ruzie." in html
    assert "Anouk" not in html and "Carla" not in html  # no names
    assert '<th scope="row">In de gaten houden</th><td class="kit-count-cell">4</td>' in html
    assert 'href="signaleringskaart.pdf"' in html
    assert "Traceback" not in html
    record = json.loads((copy_demo / "output" / "signalering.json").read_text(encoding="utf-8"))
    ruzie = next(c for c in record["casussen"] if c["id"] == "ruzie-om-de-bal")
    # By hand from data/examples/demo-school/casussen.yaml: seriousness 2, 1, 2 (first 3), 2, 3, 2.
    assert ruzie["antwoorden"] == 6
    assert list(ruzie["ernst"].values()) == [1, 4, 1, 0]
    assert list(ruzie["ernst_eerste_antwoord"].values()) == [1, 3, 2, 0]
    assert ruzie["gewijzigd"] == 1
    assert ruzie["vervolgstappen"]["Het conflict met beide leerlingen uitpraten en afspraken maken"] == 5
    assert ruzie["signalen"]["Eén van de twee is al langer het doelwit van de ander"] == 0
    assert (copy_demo / "output" / "signaleringskaart.pdf").read_bytes().startswith(b"%PDF")


@pytest.mark.notebook
def test_report_of_a_school_without_workshop(workspace):
    from kit.workspace import create_school

    folder = create_school(workspace, "obs-de-linde", "OBS De Linde")
    result = run_school(folder, notebooks=[NOTEBOOK], progress=lambda line: None)
    html = result.notebooks[0].report.read_text(encoding="utf-8")
    assert "Er zijn nog geen casussen besproken." in html
    assert json.loads((folder / "output" / "signalering.json").read_text(encoding="utf-8"))["casussen"] == []
    assert not (folder / "workshop.sqlite").exists()
    assert case_state(folder) == ("open", "Nog geen workshop gehouden.")


def test_the_state_follows_the_answers(school_dir, store, opened, people):
    assert case_state(school_dir) == ("open", "Nog geen casussen besproken.")
    cases.save_answer(store, people[0].token, "ruzie-om-de-bal", [], 1, [], "")
    cases.save_answer(store, people[1].token, "nooit-gekozen", [], 2, [], "")
    state, detail = case_state(school_dir)
    assert state == "bezig"
    assert detail == "2 casussen besproken, 2 antwoorden van 2 deelnemers; bespreek er samen minstens 3."
    cases.save_answer(store, people[1].token, "blauwe-plekken", [], 4, [], "")
    assert case_state(school_dir) == ("klaar", "3 casussen besproken, 3 antwoorden van 2 deelnemers.")
