"""What makes a school run again: its inputs and the workshop store's content; not file times or outputs."""

from __future__ import annotations

import os
import sqlite3

import pytest
from batch_fixtures import copy_school

from kit.batch import state
from kit.batch.fingerprint import input_files, school_fingerprint, store_digest
from kit.batch.layout import Layout
from kit.runner import course_notebooks

NOTEBOOKS = course_notebooks()


@pytest.fixture
def school(demo_source, tmp_path):
    return copy_school(demo_source, "demo-school", tmp_path, "obs-de-linde")


def test_nothing_changed_same_fingerprint_even_when_times_and_outputs_change(school):
    before = school_fingerprint(school, NOTEBOOKS)
    for path in input_files(school):
        os.utime(path, (1, 1))  # only the time changes
    (school / "output" / "03_enquete.html").write_text("nieuwe uitvoer", encoding="utf-8")
    with sqlite3.connect(school / "workshop.sqlite") as connection:  # the file's bytes change, no row does
        connection.execute("VACUUM")
    assert school_fingerprint(school, NOTEBOOKS) == before


def test_a_changed_survey_changes_the_fingerprint(school):
    before = school_fingerprint(school, NOTEBOOKS)
    survey = school / "surveys" / "2025-2026.csv"
    lines = survey.read_text(encoding="utf-8").splitlines(keepends=True)
    survey.write_text("".join(lines[:-1]), encoding="utf-8")  # one pupil fewer
    assert school_fingerprint(school, NOTEBOOKS) != before


def test_a_new_survey_file_changes_the_fingerprint(school):
    before = school_fingerprint(school, NOTEBOOKS)
    (school / "surveys" / "2027-2028.csv").write_bytes((school / "surveys" / "2025-2026.csv").read_bytes())
    assert school_fingerprint(school, NOTEBOOKS) != before


def test_a_changed_profile_changes_the_fingerprint(school):
    before = school_fingerprint(school, NOTEBOOKS)
    profile = school / "school.yaml"
    profile.write_text(profile.read_text(encoding="utf-8") + "\n# opmerking van de directeur\n", encoding="utf-8")
    assert school_fingerprint(school, NOTEBOOKS) != before


def test_a_workshop_entry_changes_the_fingerprint(school):
    from kit import workshop

    before_store = store_digest(school / "workshop.sqlite")
    before = school_fingerprint(school, NOTEBOOKS)
    with workshop.Store(school) as store:
        opened = workshop.open_workshop(store)
        me = workshop.join(store, opened.workshop.join_code, "Anna")
        workshop.add_statement(store, me.token, "Iedereen hoort erbij.")
        assert store_digest(school / "workshop.sqlite") != before_store  # seen while the store is open (WAL)
    assert school_fingerprint(school, NOTEBOOKS) != before


def test_other_notebooks_make_another_fingerprint(school):
    assert school_fingerprint(school, NOTEBOOKS) != school_fingerprint(school, NOTEBOOKS[:1])


def test_up_to_date_needs_the_same_fingerprint_and_the_outputs(school):
    layout = Layout(school.parent)
    fingerprint = school_fingerprint(school, NOTEBOOKS[:1])
    for name in ("00_start.ipynb", "00_start.html", "visie.json"):
        (school / "output" / name).write_text("x", encoding="utf-8")
    state.record_success(layout, school.name, fingerprint, ["00_start.ipynb", "00_start.html", "visie.json"])
    assert state.up_to_date(layout, school.name, fingerprint, NOTEBOOKS[:1])
    assert not state.up_to_date(layout, school.name, "anders", NOTEBOOKS[:1])
    (school / "output" / "visie.json").unlink()
    assert not state.up_to_date(layout, school.name, fingerprint, NOTEBOOKS[:1])
    state.forget(layout, school.name)
    assert state.last_success(layout, school.name) is None
