"""The vision workshop without a browser: draft, report, JSON, charts, demo seed and course status."""

from __future__ import annotations

import json

import pytest

from kit import workshop
from kit.course import statuses
from kit.render import render
from kit.charts import png_bytes
from kit.visie import charts
from kit.visie.draft import agreed_stellingen, build_draft
from kit.visie.report import (DRAFT, FINAL, MISSING, latest_results, report_context, vision_record,
                              write_vision_json)
from kit.visie.results import collect


@pytest.fixture
def school(workspace):
    from kit.workspace import create_school

    return create_school(workspace, "obs-de-linde", "OBS De Linde")


def _vision_step(folder):
    return next(s for s in statuses(folder) if s.step.notebook == "01_visie")


# ---------------------------------------------------------------- demo seed

def test_demo_school_gets_a_finished_example_workshop(demo_results):
    r = demo_results
    assert len(r.participants) == 12
    assert len(r.statements) == 22 and len(r.hidden) == 1
    assert [t["name"] for t in r.themes] == ["Erbij horen", "Zien en ingrijpen", "Vertrouwen en melden",
                                             "Samen met ouders", "Online"]
    assert r.votes == 36
    assert [v["name"] for v in r.top_values()] == ["Respect", "Vertrouwen", "Verantwoordelijkheid"]
    assert r.rated_by == 12 and all(s["n"] == 12 for s in r.stellingen)
    assert r.stellingen[0]["id"] == "online-niet-de-school"  # the most divided first
    assert not r.workshop.is_open
    assert [v["final"] for v in r.versions] == [False, True]
    assert r.vision["final"] and r.vision["text"].startswith("Visie op sociale veiligheid van OBS De Regenboog")


def test_demo_seed_keeps_edit_history(tmp_path):
    from kit.demo import install_demo

    folder = install_demo(tmp_path / "ws")
    data = workshop.export(folder)["workshops"][0]
    edited = [s for s in data["statements"] if len(s["history"]) == 2]
    assert [h["text"] for h in edited[0]["history"]] == [
        "Regels moeten voor iedereen hetzelfde zijn.",
        "Regels gelden voor iedereen, ook voor de leerling die het altijd goed doet.",
    ]
    assert not (folder / "workshop.yaml").exists()  # the seed stays in data/examples


# ---------------------------------------------------------------- course status

def test_vision_step_is_open_without_a_workshop(school):
    step = _vision_step(school)
    assert step.state == "open"
    assert not (school / workshop.DB_NAME).exists()  # looking does not create a database


def test_vision_step_is_bezig_with_input_and_klaar_with_a_final_vision(school):
    with workshop.Store(school) as store:
        opened = workshop.open_workshop(store)
        assert _vision_step(school).state == "open"
        anna = workshop.join(store, opened.workshop.join_code, "Anna")
        workshop.add_statement(store, anna.token, "Iedereen hoort erbij.")
        step = _vision_step(school)
        assert step.state == "bezig" and "1 deelnemers, 1 uitspraken" in step.detail
        workshop.save_vision(store, opened.facilitator_key, "Concept")
        assert _vision_step(school).state == "bezig"
        workshop.save_vision(store, opened.facilitator_key, "Definitief", final=True)
    step = _vision_step(school)
    assert step.state == "klaar" and step.detail.startswith("De visie is vastgesteld op ")


# ---------------------------------------------------------------- draft

def test_draft_is_built_from_top_values_themes_and_shared_stellingen(demo_results):
    text = build_draft(demo_results, "OBS De Regenboog")
    assert text.startswith("Visie op sociale veiligheid van OBS De Regenboog")
    assert "deze waarden voor ons centraal: respect, vertrouwen en verantwoordelijkheid." in text
    assert "- Respect: iedereen mag er zijn zoals hij of zij is" in text
    # themes, biggest first, each with an example statement
    assert text.index("- Erbij horen.") < text.index("- Samen met ouders.") < text.index("- Online.")
    assert '"Ieder kind moet zich welkom voelen' in text
    assert "Hoe laat begint de pauze" not in text  # hidden by the facilitator
    assert "Hier staan we samen voor:\n- Op het plein is iedere collega verantwoordelijk." in text
    assert "Pesten hoort bij opgroeien" not in text  # rejected, not shared
    assert [s["id"] for s in agreed_stellingen(demo_results)] == [
        "plein-iedere-collega", "ouders-direct-informeren", "meteen-aanspreken"]


def test_draft_without_input_says_what_to_fill_in(school):
    with workshop.Store(school) as store:
        opened = workshop.open_workshop(store)
        text = build_draft(collect(store, opened.workshop.id), "OBS De Linde")
    assert "(vul hier de waarden in die het team kiest)" in text
    assert "(vul hier de belangrijkste thema's uit de uitspraken in)" in text
    assert "Hier staan we samen voor" not in text


def test_draft_without_themes_quotes_statements_and_keeps_them_as_typed(school):
    with workshop.Store(school) as store:
        opened = workshop.open_workshop(store)
        anna = workshop.join(store, opened.workshop.join_code, "Anna")
        workshop.add_statement(store, anna.token, "<b>Veilig</b> is   gewoon  samen")
        workshop.cast_vote(store, anna.token, "openheid")
        text = build_draft(collect(store, opened.workshop.id), "OBS De Linde")
    assert "centraal: openheid." in text and "deze waarde voor ons" in text
    assert '- "<b>Veilig</b> is gewoon samen"' in text


# ---------------------------------------------------------------- report and JSON

def test_vision_record_final(demo_results, tmp_path):
    record = vision_record(demo_results, "demo-school", "OBS De Regenboog")
    assert record["status"] == FINAL and record["versie"] == 2
    assert record["tekst"] == demo_results.vision["text"]
    assert [v["naam"] for v in record["kernwaarden"]] == ["Respect", "Vertrouwen", "Verantwoordelijkheid"]
    assert record["kernwaarden"][0]["stemmen"] == 7
    assert {"naam": "Erbij horen", "uitspraken": 5} in record["themas"]
    assert record["workshop"]["deelnemers"] == 12
    path = write_vision_json(tmp_path / "out", record)
    assert json.loads(path.read_text(encoding="utf-8")) == record


def test_vision_record_draft_and_missing(school):
    assert vision_record(None, "obs-de-linde", "OBS De Linde")["status"] == MISSING
    with workshop.Store(school) as store:
        opened = workshop.open_workshop(store)
        assert vision_record(latest_results(school), "obs-de-linde", "x")["status"] == MISSING
        workshop.save_vision(store, opened.facilitator_key, "Eerste versie")
        workshop.save_vision(store, opened.facilitator_key, "Tweede versie")
    record = vision_record(latest_results(school), "obs-de-linde", "OBS De Linde")
    assert (record["status"], record["tekst"], record["versie"]) == (DRAFT, "Tweede versie", 2)


def test_report_marks_a_draft_clearly_and_escapes_typed_text(school):
    evil = '<img src=x onerror=alert(1)><script>alert(2)</script>'
    with workshop.Store(school) as store:
        opened = workshop.open_workshop(store)
        anna = workshop.join(store, opened.workshop.join_code, "Anna<script>")
        workshop.add_statement(store, anna.token, evil)
        workshop.save_vision(store, opened.facilitator_key, f"Concepttekst {evil}")
    html = render("visie_report.html.j2", **report_context(latest_results(school), "OBS De Linde", None))
    assert "CONCEPT: nog niet definitief" in html
    assert "<img" not in html and "<script" not in html
    assert "&lt;img src=x onerror=alert(1)&gt;" in html
    assert "Anna" not in html  # no names in the report


def test_report_without_workshop(school):
    html = render("visie_report.html.j2", **report_context(latest_results(school), "OBS De Linde", None))
    assert "Er is nog geen visieworkshop gehouden voor deze school." in html


# ---------------------------------------------------------------- charts

def test_stellingen_chart_is_a_png_with_dutch_labels(demo_results):
    fig = charts.stellingen_chart(demo_results.stellingen)
    ax = fig.axes[0]
    assert [t.get_text() for t in ax.get_legend().get_texts()] == list(workshop.SCALE.values())
    labels = [t.get_text() for t in ax.get_yticklabels()]
    assert labels[0].startswith("Wat leerlingen elkaar online")  # most divided on top
    assert "percentage van de deelnemers" in ax.get_xlabel()
    assert png_bytes(fig).startswith(b"\x89PNG")


def test_charts_without_ratings_or_votes(school):
    with workshop.Store(school) as store:
        opened = workshop.open_workshop(store)
        results = collect(store, opened.workshop.id)
    assert png_bytes(charts.stellingen_chart(results.stellingen)).startswith(b"\x89PNG")
    assert png_bytes(charts.values_chart(results.ranking)).startswith(b"\x89PNG")
