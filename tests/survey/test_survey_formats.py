"""Every tool's export of the same pupils gives the same figures; each drops exactly its own extra rows."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from kit.survey.formats import detect_format
from kit.survey.readers import read_table
from kit.survey.summary import read_survey, summarize

FIXTURES = Path(__file__).resolve().parent / "fixtures"
FIXTURE_NAMES = sorted(path.name for path in FIXTURES.iterdir() if path.suffix in {".csv", ".xlsx"})
FIGURES = ("n", "invalid_answers", "indicators", "scales", "places", "groups")

EXPECTED = {
    # file: (format, excluded {empty, incomplete, preview, duplicate}, unmatched columns)
    "microsoft-forms-nl.xlsx": ("microsoft-forms", (1, 0, 0, 1), []),
    "microsoft-forms-en.xlsx": ("microsoft-forms", (1, 0, 0, 1), []),
    "google-forms.csv": ("google-forms", (1, 0, 0, 0), []),
    "limesurvey-codes.csv": ("limesurvey", (1, 1, 0, 1), ["pl[other]"]),
    "limesurvey-full.csv": ("limesurvey", (1, 1, 0, 1), ["Waar voel je je weleens onveilig? [Anders]"]),
    "qualtrics.csv": ("qualtrics", (1, 1, 1, 1), []),
    "surveymonkey.csv": ("surveymonkey", (1, 0, 0, 1), ["Waar voel je je weleens onveilig? [Other (please specify)]"]),
    "surveymonkey.xlsx": ("surveymonkey", (1, 0, 0, 1), ["Waar voel je je weleens onveilig? [Other (please specify)]"]),
    "plain-excel-nl.csv": ("plain", (1, 0, 0, 1), []),
    "plain.xlsx": ("plain", (1, 0, 0, 1), ["Opmerking van de leerkracht"]),
}


def test_every_format_is_covered():
    assert set(EXPECTED) == set(FIXTURE_NAMES)
    assert {fmt for fmt, _, _ in EXPECTED.values()} == {
        "microsoft-forms", "google-forms", "limesurvey", "qualtrics", "surveymonkey", "plain"}


@pytest.mark.parametrize("name", FIXTURE_NAMES)
def test_same_figures_from_every_format(name, summaries):
    reference = summaries["google-forms.csv"]
    summary = summaries[name]
    for key in FIGURES:
        assert summary[key] == reference[key], f"{name}: {key} differs"


@pytest.mark.parametrize("name", FIXTURE_NAMES)
def test_format_exclusions_and_unmatched_columns(name, summaries):
    fmt, excluded, unmatched = EXPECTED[name]
    summary = summaries[name]
    assert summary["format"] == fmt
    assert detect_format(read_table(FIXTURES / name).rows) == fmt
    assert tuple(summary["excluded"].values()) == excluded
    assert list(summary["excluded"]) == ["empty", "incomplete", "preview", "duplicate"]
    assert summary["unmatched_columns"] == unmatched


@pytest.mark.parametrize("name", FIXTURE_NAMES)
def test_every_item_and_option_is_matched(name, instrument):
    survey = read_survey(FIXTURES / name)
    expected = {item for item in instrument.items if item != "pl"}
    expected |= {f"pl[{option}]" for option in instrument.items["pl"].options}
    columns = set(survey.answers.columns)
    assert expected <= columns
    assert "pl" in survey.matched or all(f"pl[{option}]" in survey.matched
                                         for option in instrument.items["pl"].options)


def test_open_answers_survive_quotes_commas_and_newlines(pupils):
    text = pupils[6].open
    for name in FIXTURE_NAMES:
        answers = read_survey(FIXTURES / name).answers["open"]
        assert text in set(answers), name


def test_quiz_and_text_companion_columns_are_ignored():
    english = read_survey(FIXTURES / "microsoft-forms-en.xlsx")
    assert not any(heading.startswith(("Points - ", "Feedback - ")) for heading in english.matched.values())
    assert english.matched["vb1"] == "Ik voel me veilig op school"
    qualtrics = read_survey(FIXTURES / "qualtrics.csv")
    assert qualtrics.matched["geslacht"] == "Ben je een jongen of een meisje?"
    assert "non-binair" not in set(qualtrics.answers["geslacht"].astype(str))


def test_format_can_be_forced(summaries):
    forced = summarize(FIXTURES / "google-forms.csv", fmt="google-forms")
    assert forced == summaries["google-forms.csv"]
    as_plain = summarize(FIXTURES / "limesurvey-codes.csv", fmt="plain")
    assert as_plain["format"] == "plain"
    assert as_plain["excluded"]["incomplete"] == 0  # no submitdate rule outside LimeSurvey
    assert "submitdate" in as_plain["unmatched_columns"]


def test_fixture_files_match_the_generator(generator, tmp_path):
    """The committed files are exactly what generate.py writes (xlsx compared cell by cell)."""
    generator.write_all(tmp_path)
    for name in FIXTURE_NAMES:
        if name.endswith(".csv"):
            assert (tmp_path / name).read_bytes() == (FIXTURES / name).read_bytes(), name
        else:
            assert read_table(tmp_path / name).rows.equals(read_table(FIXTURES / name).rows), name


def test_reading_never_changes_the_file():
    before = {name: hashlib.sha256((FIXTURES / name).read_bytes()).hexdigest() for name in FIXTURE_NAMES}
    for name in FIXTURE_NAMES:
        summarize(FIXTURES / name)
    after = {name: hashlib.sha256((FIXTURES / name).read_bytes()).hexdigest() for name in FIXTURE_NAMES}
    assert before == after
