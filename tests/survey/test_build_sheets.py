"""Build sheets per survey tool: an export made exactly as the sheet prescribes reads with no mapping.

The synthetic exports follow each tool's real format (shared/reference/survey-exports.md, as
tests/survey/fixtures/generate.py does); their question texts, answer texts and order come from the
build sheet itself, so a wrong sheet makes these tests fail.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import subprocess

import pytest
from openpyxl import Workbook
from paper_pupils import bullied_share, pupils
from test_paper_survey import OWN_INSTRUMENT, fill_entry_sheet, make_school

from kit.survey.build_sheets import TOOLS, build_sheet, render_build_sheet, write_build_sheets
from kit.survey.instrument import load_instrument
from kit.survey.paper import make_paper_survey
from kit.survey.summary import read_survey, summarize_survey

START = dt.datetime(2026, 3, 9, 9, 0, 0)
GROUPS = ["groep 7", "groep 8"]


def cell(question, item, pupil: dict, tool: str, codes: bool = False):
    """The cell of one question for one pupil, as the tool writes it when built by the sheet."""
    value = pupil.get(item.id)
    if value is None:
        return ""
    if item.type == "choice":
        return question.answer_codes[value - 1] if codes else question.answers[value - 1]
    if item.type == "multiple":
        labels = [question.answers[list(item.options).index(option)] for option in value]
        return "".join(label + ";" for label in labels) if tool == "forms" else ", ".join(labels)
    if item.type == "category" and codes and question.answers:
        return question.answer_codes[question.answers.index(value)]
    return value


def forms_export(path, sheet, instrument, answers) -> None:
    """Microsoft Forms .xlsx (Dutch UI): fixed leading columns, full question titles, 'anonymous'."""
    workbook = Workbook()
    table = workbook.active
    table.append(["ID", "Begintijd", "Tijd van voltooien", "E-mail", "Naam", "Tijd van laatste wijziging"]
                 + [q.text for q in sheet.questions])
    items = list(instrument.items.values())
    for number, pupil in enumerate(answers, start=1):
        moment = START + dt.timedelta(minutes=3 * number)
        row = [number, moment, moment + dt.timedelta(minutes=4), "anonymous", None, None]
        row += [cell(q, item, pupil, "forms") or None for q, item in zip(sheet.questions, items)]
        table.append(row)
    workbook.save(path)


def google_export(path, sheet, instrument, answers) -> None:
    """Google Forms 'Download responses (.csv)' in Dutch: Tijdstempel, every field quoted, ', ' joins."""
    items = list(instrument.items.values())
    rows = [["Tijdstempel"] + [q.text for q in sheet.questions]]
    for number, pupil in enumerate(answers, start=1):
        moment = START + dt.timedelta(minutes=3 * number)
        stamp = f"{moment:%Y/%m/%d} {moment.hour % 12 or 12}:{moment:%M:%S} {'a.m.' if moment.hour < 12 else 'p.m.'} CET"
        rows.append([stamp] + [cell(q, item, pupil, "google") for q, item in zip(sheet.questions, items)])
    buffer = io.StringIO()
    csv.writer(buffer, quoting=csv.QUOTE_ALL, lineterminator="\n").writerows(rows)
    path.write_text(buffer.getvalue(), encoding="utf-8")


def limesurvey_export(path, sheet, instrument, answers, codes: bool) -> None:
    """LimeSurvey CSV: BOM, CRLF, quoted values, NULL unquoted; full texts or codes, as the export dialog offers."""
    items = list(instrument.items.values())
    meta = (["id", "submitdate", "lastpage", "startlanguage", "seed", "startdate", "datestamp"] if codes else
            ["Response ID", "Date submitted", "Last page", "Start language", "Seed", "Date started", "Date last action"])
    header, rows = list(meta), []
    for q, item in zip(sheet.questions, items):
        if item.type == "multiple":
            header += [f"{q.code}[{code}]" if codes else f"{q.text} [{label}]"
                       for code, label in zip(q.answer_codes, q.answers)]
        else:
            header.append(q.code if codes else q.text)
    for number, pupil in enumerate(answers, start=1):
        moment = START + dt.timedelta(minutes=3 * number)
        line = [str(number), f"{moment:%Y-%m-%d %H:%M:%S}", "3", "nl", str(1000 + number),
                f"{moment:%Y-%m-%d %H:%M:%S}", f"{moment:%Y-%m-%d %H:%M:%S}"]
        for q, item in zip(sheet.questions, items):
            if item.type == "multiple":
                chosen = pupil.get(item.id) or []
                line += [("Y" if codes else "Ja") if option in chosen else None for option in item.options]
            else:
                line.append(cell(q, item, pupil, "limesurvey", codes) or None)
        rows.append(line)
    text = "".join(",".join("" if value is None else '"' + str(value).replace('"', '""') + '"' for value in line)
                   + "\r\n" for line in [header] + rows)
    path.write_text("\ufeff" + text + "\r\n", encoding="utf-8")


@pytest.fixture(scope="module")
def reference(tmp_path_factory):
    """The school, its instrument, the 23 pupils and their summary read from the paper entry sheet."""
    workspace = tmp_path_factory.mktemp("ws")
    school = make_school(workspace)
    instrument = load_instrument()
    answers = pupils(instrument)
    made = make_paper_survey(school, 23)
    fill_entry_sheet(made.xlsx, answers, instrument)
    return school, instrument, answers, summarize_survey(read_survey(made.xlsx, instrument))


def assert_same_figures(summary: dict, expected: dict, instrument) -> None:
    assert summary["n"] == expected["n"] == 23
    assert summary["invalid_answers"] == 0 and summary["unmatched_columns"] == []
    assert summary["indicators"] == expected["indicators"]
    assert summary["scales"] == expected["scales"]
    assert summary["places"] == expected["places"]
    bullied, answered = bullied_share(instrument)
    assert summary["indicators"]["gepest"]["pct"] == pytest.approx(100 * bullied / answered)


@pytest.mark.parametrize("tool", ["forms", "google", "limesurvey"])
def test_export_built_by_the_sheet_reads_without_mapping(tool, reference, tmp_path):
    school, instrument, answers, expected = reference
    sheet = build_sheet(tool, instrument, GROUPS)
    path = tmp_path / ("export.xlsx" if tool == "forms" else "export.csv")
    {"forms": forms_export, "google": google_export,
     "limesurvey": lambda *a: limesurvey_export(*a, codes=False)}[tool](path, sheet, instrument, answers)
    survey = read_survey(path, instrument)
    assert survey.format == {"forms": "microsoft-forms", "google": "google-forms", "limesurvey": "limesurvey"}[tool]
    summary = summarize_survey(survey)
    assert_same_figures(summary, expected, instrument)
    assert summary["groups"] == expected["groups"]


def test_limesurvey_codes_export_also_reads(reference, tmp_path):
    school, instrument, answers, expected = reference
    sheet = build_sheet("limesurvey", instrument, GROUPS)
    path = tmp_path / "codes.csv"
    limesurvey_export(path, sheet, instrument, answers, codes=True)
    summary = summarize_survey(read_survey(path, instrument))
    assert_same_figures(summary, expected, instrument)
    assert set(summary["groups"]) == {"A1", "A2"}  # as the sheet warns: groups as codes


def test_sheet_for_a_schools_own_instrument(tmp_path):
    school = make_school(tmp_path, groups=False)
    (school / "instrument.yaml").write_text(OWN_INSTRUMENT, encoding="utf-8")
    instrument = load_instrument(school / "instrument.yaml")
    sheet = build_sheet("forms", instrument)
    answers = [{"klas": "1a", "a1": 3, "a2": 1, "a3": 2, "waar": ["kantine"]} for _ in range(6)]
    answers += [{"klas": "1b", "a1": 1, "a2": 3, "a3": 1} for _ in range(5)]
    path = tmp_path / "forms.xlsx"
    forms_export(path, sheet, instrument, answers)
    summary = summarize_survey(read_survey(path, instrument), 5)
    assert summary["n"] == 11 and summary["invalid_answers"] == 0
    assert summary["indicators"]["buitengesloten"]["pct"] == pytest.approx(100 * 6 / 11)
    assert [q.answers for q in sheet.questions][1] == ("Nee", "Een beetje", "Ja, helemaal")


@pytest.mark.parametrize("tool", TOOLS)
def test_sheet_page_lists_every_question_and_answer_in_order(tool, reference):
    school, instrument, _, _ = reference
    sheet = build_sheet(tool, instrument, GROUPS)
    html = render_build_sheet(sheet, "OBS De Linde", "het standaardinstrument")
    position = 0
    for item in instrument.items.values():
        position = html.index(item.text, position)  # in the instrument's order
        labels = list(item.answers) + list(item.options.values())
        for label in labels:
            position = html.index(f"<li>{label}", position)
    assert ("Anonieme antwoorden" if tool == "limesurvey" else "Anoniem") in html


def test_write_build_sheets_writes_html_and_pdf_per_tool(reference):
    school, instrument, _, _ = reference
    paths = write_build_sheets(school, ["google"])
    assert [p.name for p in paths] == ["bouwblad-google.html", "bouwblad-google.pdf"]
    text = subprocess.run(["pdftotext", str(paths[1]), "-"], capture_output=True, text=True, check=True).stdout
    text = " ".join(text.split())
    for item in instrument.items.values():
        assert item.text in text
    assert "Selectievakjes" in text and "Tijdstempel" in text


def test_a_zipped_download_says_to_unzip_it(reference, tmp_path):
    import zipfile

    from kit.survey.errors import SurveyError

    _, instrument, answers, _ = reference
    inner = tmp_path / "Leerlingenquête.csv"
    google_export(inner, build_sheet("google", instrument, GROUPS), instrument, answers)
    archive = tmp_path / "export.csv"
    with zipfile.ZipFile(archive, "w") as out:
        out.write(inner, inner.name)
    with pytest.raises(SurveyError, match="zip-bestand met daarin Leerlingenquête.csv") as raised:
        read_survey(archive, instrument)
    assert "Pak het zip-bestand uit" in raised.value.hint
