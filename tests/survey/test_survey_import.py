"""Matching columns to items, coding answers and the exclusion rules, on small hand-made files."""

from __future__ import annotations

import csv
import io

import numpy as np
import pytest

from kit.survey.matching import match_columns
from kit.survey.summary import read_survey, summarize

SAFE = "Ik voel me veilig op school."
PLACES = "Waar voel je je weleens onveilig?"


def write_csv(tmp_path, table, name="export.csv", delimiter=","):
    buffer = io.StringIO()
    csv.writer(buffer, delimiter=delimiter, lineterminator="\n").writerows(table)
    path = tmp_path / name
    path.write_text(buffer.getvalue(), encoding="utf-8")
    return path


def headings_of(matching, headings):
    return {item: headings[column] for item, column in matching.columns.items()}


# -- matching --------------------------------------------------------------------------------------


def test_the_three_rules(instrument):
    headings = ["GROEP", "vb1", "Hoe voel je je? [Ik voel me veilig in de klas]", "Q3 [vb3]",
                "4. Ik voel me veilig op weg van en naar school (stelling)",
                "ik  VOEL me\xa0veilig op het schoolplein!"]
    matching = match_columns(headings, set(), instrument)
    assert headings_of(matching, headings) == {"groep": "GROEP", "vb1": "vb1", "vb2": headings[2],
                                               "vb4": headings[4], "vb3": headings[5]}
    assert matching.unmatched == [3]  # claims vb3 by rule 2, but the exact heading (rule 1) wins


def test_first_column_stays_when_two_claim_an_item_by_the_same_rule(instrument):
    headings = ["groep", SAFE, "vb1", f"Opmerking bij: {SAFE}", SAFE]
    matching = match_columns(headings, set(), instrument)
    assert matching.columns["vb1"] == 1
    assert matching.unmatched == [2, 3, 4]


def test_longest_contained_text_wins(instrument):
    headings = ["groep", f"{SAFE} / Ik voel me veilig op weg van en naar school"]
    assert match_columns(headings, set(), instrument).columns == {"groep": 0, "vb4": 1}


def test_skipped_columns_are_neither_matched_nor_unmatched(instrument):
    matching = match_columns(["ID", "groep", "vb1"], {0}, instrument)
    assert matching.columns == {"groep": 1, "vb1": 2} and matching.unmatched == []


def test_option_columns(instrument):
    headings = ["groep", "vb1", "pl[plein]", f"{PLACES} [Op de gang]", "PL [Online]", "pl[kantine]", "pl[plein]",
                PLACES]
    matching = match_columns(headings, set(), instrument)
    assert matching.option_columns == {"pl": {"plein": 2, "gang": 3, "online": 4}}
    assert "pl" not in matching.columns
    assert matching.unmatched == [5, 6, 7]


def test_options_from_one_column_and_from_option_columns(tmp_path):
    path = write_csv(tmp_path, [
        ["groep", "vb1", PLACES],
        ["A", "3", "Op de gang;Online;"],
        ["A", "3", "Op de gang, Online"],
        ["A", "3", "gang;ONLINE"],
        ["A", "3", "Op de gang, In de kantine, Bij de fietsen"],
        ["A", "3", ""],
    ])
    survey = read_survey(path)
    assert survey.answers["pl[gang]"].tolist() == [True, True, True, True, False]
    assert survey.answers["pl[online]"].tolist() == [True, True, True, False, False]
    assert survey.invalid_answers["pl"] == 2  # each unknown part is one invalid answer
    path = write_csv(tmp_path, [["groep", "vb1"] + [f"pl[{word}]" for word in ("gang", "online")]] + [
        ["A", "3", value, "x"] for value in ("", "N", "Nee", "no", "0", "False", "Y", "1", "Op de gang", "ja")])
    survey = read_survey(path)
    assert survey.answers["pl[gang]"].tolist() == [False] * 6 + [True] * 4
    assert "pl[klas]" not in survey.answers


def test_places_are_shares_of_pupils_who_chose_a_place(tmp_path):
    rows = [["groep", "vb1", "pl"]] + [["A", "3", "gang;online"]] * 4 + [["A", "3", "gang"]] * 6 + [["A", "3", ""]] * 5
    places = summarize(write_csv(tmp_path, rows))["places"]
    assert places["gang"] == {"pct": 100.0, "n": 10}
    assert places["online"] == {"pct": 40.0, "n": 10}
    assert places["nergens"] == {"pct": 0.0, "n": 10}


def test_places_missing_from_the_file_are_null(tmp_path):
    rows = [["groep", "vb1"]] + [["A", "3"]] * 12
    assert summarize(write_csv(tmp_path, rows))["places"] is None


# -- answers ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("cell,code", [
    ("Klopt wel", 3), ("klopt  WEL.", 3), ("Klopt\xa0helemaal niet", 1), ("3", 3), ("3,0", 3), ("3.0", 3),
    ("03", 3), (" 4 ", 4), ("", None), ("5", "invalid"), ("0", "invalid"), ("A3", "invalid"),
    ("Weet ik niet", "invalid"), ("3,5", "invalid"), ("Klopt", "invalid"),
])
def test_answer_codes(tmp_path, cell, code):
    path = write_csv(tmp_path, [["groep", "vb1", "pe1"], ["A", cell, "1"]])
    survey = read_survey(path)
    value = survey.answers["vb1"][0]
    if code == "invalid":
        assert np.isnan(value) and survey.invalid_answers["vb1"] == 1
    elif code is None:
        assert np.isnan(value) and survey.invalid_answers["vb1"] == 0
    else:
        assert value == code and survey.invalid_answers["vb1"] == 0


def test_limesurvey_answer_codes(tmp_path):
    rows = [["id", "submitdate", "groep", "vb1", "geslacht", "pe1"],
            ["1", "2025-03-14 09:06:40", "Groep 7", "A3", "A2", "A6"]]
    survey = read_survey(write_csv(tmp_path, rows, delimiter=";"))
    assert survey.format == "limesurvey"
    assert (survey.answers["vb1"][0], survey.answers["geslacht"][0]) == (3, 2)
    assert np.isnan(survey.answers["pe1"][0]) and survey.invalid_answers["pe1"] == 1


def test_geslacht_codes_follow_the_listed_order(tmp_path):
    rows = [["groep", "vb1", "geslacht"]] + [["A", "3", value] for value in ("Jongen", "2", "anders", "4,0")]
    assert read_survey(write_csv(tmp_path, rows)).answers["geslacht"].tolist() == [1, 2, 3, 4]


def test_excel_numbers_are_codes(tmp_path):
    from openpyxl import Workbook

    workbook = Workbook()
    for row in [["groep", "vb1", "vb2"], [8, 3, 2.0], ["8", "4", None]]:
        workbook.active.append(row)
    workbook.save(tmp_path / "export.xlsx")
    survey = read_survey(tmp_path / "export.xlsx")
    assert survey.answers["groep"].tolist() == ["8", "8"]
    assert survey.answers["vb1"].tolist() == [3, 4]
    assert survey.answers["vb2"].tolist()[0] == 2


def test_group_spellings_differing_in_case_are_one_group(tmp_path):
    rows = [["groep", "vb1"]] + [["A", "3"], ["groep 8", "3"], [" Groep  8 ", "3"], ["Groep 8", "3"],
                                 ["GROEP 8", "3"], ["", "3"]]
    survey = read_survey(write_csv(tmp_path, rows))
    groups = survey.answers["groep"].tolist()
    assert groups[1:5] == ["Groep 8"] * 4  # the most frequent spelling
    assert groups[5] != groups[5]         # no group: missing
    tie = write_csv(tmp_path, [["groep", "vb1"], ["groep 8", "3"], ["Groep 8", "3"]], name="tie.csv")
    assert read_survey(tie).answers["groep"].tolist() == ["groep 8", "groep 8"]  # a tie: first spelling


# -- exclusion rules -------------------------------------------------------------------------------


def test_exclusion_order_in_qualtrics(tmp_path):
    tags = ["StartDate", "Status", "Finished", "ResponseId", "Q1", "Q2"]
    labels = ["Start Date", "Response Type", "Finished", "Response ID", "In welke groep of klas zit je?", SAFE]
    imports = ['{"ImportId":"startDate"}', '{"ImportId":"status"}', '{"ImportId":"finished"}',
               '{"ImportId":"_recordId"}', '{"ImportId":"QID1"}', '{"ImportId":"QID2"}']
    rows = [tags, labels, imports,
            ["2025-03-14", "0", "1", "R_1", "", ""],        # empty (even though finished)
            ["2025-03-14", "1", "0", "R_2", "A", "Klopt wel"],  # unfinished preview: incomplete
            ["2025-03-14", "1", "1", "R_3", "A", "Klopt wel"],  # preview
            ["2025-03-14", "0", "1", "R_4", "A", "Weet ik niet"],  # earlier version of R_4: duplicate
            ["2025-03-14", "0", "1", "R_3", "A", "Klopt wel"],  # kept: R_3's other row was a preview
            ["2025-03-14", "Survey Preview", "True", "R_5", "A", "4"],
            ["2025-03-14", "IP Address", "False", "R_6", "A", "4"],
            ["2025-03-14", "0", "1", "R_4", "A", "Klopt wel"]]
    summary = summarize(write_csv(tmp_path, rows))
    assert summary["format"] == "qualtrics"
    assert summary["excluded"] == {"empty": 1, "incomplete": 2, "preview": 2, "duplicate": 1}
    assert summary["n"] == 2
    assert summary["invalid_answers"] == 0  # the invalid answer was in the dropped duplicate


def test_limesurvey_rows_without_submitdate_are_incomplete(tmp_path):
    rows = [["id", "submitdate", "lastpage", "groep", "vb1"],
            ["1", "2025-03-14 09:06:40", "3", "A", "A3"],
            ["2", "", "1", "A", "A4"],
            ["3", "", "", "", ""],
            ["1", "2025-03-14 10:00:00", "3", "A", "A2"]]
    summary = summarize(write_csv(tmp_path, rows))
    assert summary["excluded"] == {"empty": 1, "incomplete": 1, "preview": 0, "duplicate": 1}


def test_response_id_names(tmp_path):
    for name in ("ID", "id", "Response ID", "ResponseId", "Respondent ID"):
        rows = [[name, "groep", "vb1"], ["7", "A", "1"], ["8", "A", "2"], ["7", "A", "3"], ["", "A", "3"],
                ["", "A", "3"]]
        survey = read_survey(write_csv(tmp_path, rows))
        assert survey.excluded["duplicate"] == 1, name
        assert survey.unmatched_columns == [], name
