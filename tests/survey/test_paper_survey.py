"""The paper survey: the printable questionnaire, the entry sheet and reading a filled entry sheet back."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest
from openpyxl import load_workbook
from openpyxl.utils import get_column_letter, range_boundaries
from paper_pupils import bullied_share, pupils

from kit.errors import KitError
from kit.survey.entry_sheet import ENTRY_SHEET, LISTS_SHEET, TICKED, entry_columns
from kit.survey.errors import SurveyError
from kit.survey.instrument import load_instrument
from kit.survey.paper import make_paper_survey
from kit.survey.school import load_school_surveys
from kit.survey.summary import read_survey, summarize_survey
from kit.survey.upload import store_upload
from kit.workspace import create_school

OWN_INSTRUMENT = """\
answer_sets:
  vaak:
    - Nooit
    - Soms, maar niet vaak
    - Vaak
group_item: klas
places_item: waar
items:
  klas:
    text: In welke klas zit je?
    type: category
  a1:
    text: Ik voel me thuis op deze school.
    type: choice
    answers: [Nee, Een beetje, "Ja, helemaal"]
  a2:
    text: Ik word uitgelachen door anderen.
    type: choice
    answers: vaak
  a3:
    text: Ik word buitengesloten.
    type: choice
    answers: vaak
  waar:
    text: Waar gebeurt het?
    type: multiple
    options:
      kantine: In de kantine
      fietsenstalling: Bij de fietsenstalling
  idee:
    text: Heb je nog een tip voor de school?
    type: open
scales:
  pesten:
    label: Pesten
    items: [a2, a3]
indicators:
  buitengesloten:
    label: Wordt buitengesloten
    item: a3
    threshold: 2
"""


def make_school(workspace: Path, school_id: str = "de-linde", kind: str = "po", groups: bool = True) -> Path:
    folder = create_school(workspace, school_id, "OBS De Linde")
    profile = folder / "school.yaml"
    text = profile.read_text(encoding="utf-8").replace("onderwijstype:", f"onderwijstype: {kind}", 1)
    if groups:
        text = text.replace("leerlingen:\n", "leerlingen:\n  groep 7: 12\n  groep 8: 13\n", 1)
    profile.write_text(text, encoding="utf-8")
    return folder


def pdf_text(path: Path) -> str:
    """The PDF's text with white space collapsed (answers may wrap over lines)."""
    text = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout
    return " ".join(text.split())


def fill_entry_sheet(path: Path, answers: list[dict], instrument, rows: list[int] | None = None) -> None:
    """Type ``answers`` into the entry sheet as a person would: the exact texts from the drop-down lists."""
    workbook = load_workbook(path)
    sheet = workbook[ENTRY_SHEET]
    headings = [cell.value for cell in sheet[1]]
    columns = entry_columns(instrument)
    for pupil, form in zip(answers, rows or range(1, len(answers) + 1)):
        row = form + 1
        assert sheet.cell(row=row, column=1).value == form
        for column in columns:
            index = headings.index(column.heading) + 1
            value = pupil.get(column.item.id)
            if value is None:
                continue
            if column.item.type == "choice":
                text = column.item.answers[value - 1]
            elif column.item.type == "multiple":
                text = TICKED[0] if column.option in value else None
            else:
                text = value
            sheet.cell(row=row, column=index, value=text)
    workbook.save(path)


@pytest.fixture(scope="module")
def paper_school(tmp_path_factory):
    """A po school with groups in its profile and the paper survey made for 30 forms."""
    workspace = tmp_path_factory.mktemp("ws")
    school = make_school(workspace)
    made = make_paper_survey(school, 30)
    return school, made


def test_questionnaire_holds_every_question_and_answer_and_a_number_per_form(paper_school):
    school, made = paper_school
    instrument = load_instrument()
    assert made.pdf == school / "output" / "enquete-papier.pdf" and made.forms == 30
    text = pdf_text(made.pdf)
    for item in instrument.items.values():
        assert item.text in text, item.text
        for label in list(item.answers) + list(item.options.values()):
            assert label in text, label
    for number in (1, 17, 30):
        assert f"Formulier {number}" in text
    assert "Formulier 31" not in text
    assert "geen toets" in text and "naam niet op" in text and "leerkracht" in text
    assert "groep 7" in text and "groep 8" in text  # the group question lists the profile's groups
    pages = int(subprocess.run(["pdfinfo", str(made.pdf)], capture_output=True, text=True, check=True)
                .stdout.split("Pages:")[1].split()[0])
    assert pages % 30 == 0  # every form has the same number of pages, each form starts on a new sheet


def test_vo_questionnaire_speaks_of_klas_and_docent(tmp_path):
    school = make_school(tmp_path, "het-lyceum", kind="vo", groups=False)
    made = make_paper_survey(school, 2)
    text = pdf_text(made.pdf)
    # The intro speaks of the docent; the question texts are the instrument's own and stay as they are.
    assert "dan helpt de docent je" in text and "zoals de docent zegt" in text and "helpt de leerkracht" not in text
    assert "Schrijf hier je klas" in text


def test_own_instrument_on_paper_and_in_the_entry_sheet(tmp_path):
    school = make_school(tmp_path, groups=False)
    (school / "instrument.yaml").write_text(OWN_INSTRUMENT, encoding="utf-8")
    made = make_paper_survey(school, 12)
    instrument = load_instrument(school / "instrument.yaml")
    text = pdf_text(made.pdf)
    for item in instrument.items.values():
        assert item.text in text
        for label in list(item.answers) + list(item.options.values()):
            assert label in text
    assert "Ik voel me veilig op school." not in text  # nothing of the default instrument
    answers = [{"klas": "1a", "a1": 3, "a2": 1, "a3": 2, "waar": ["kantine"]},
               {"klas": "1a", "a1": 2, "a2": 3, "a3": 1},
               {"klas": "1b", "a1": 1, "a3": 3, "waar": ["kantine", "fietsenstalling"], "idee": "Meer pauzes"},
               {"klas": "1b", "a2": 2, "a3": 1}]
    fill_entry_sheet(made.xlsx, answers, instrument)
    survey = read_survey(made.xlsx, instrument)
    assert survey.format == "paper-entry" and len(survey.answers) == 4
    summary = summarize_survey(survey, 5)
    # Excluded by the minimum group size of 5, but the coding is exact:
    assert list(survey.answers["a1"]) [:3] == [3.0, 2.0, 1.0]
    assert survey.answers["waar[fietsenstalling]"].tolist() == [False, False, True, False]
    assert summary["n"] == 4 and summary["invalid_answers"] == 0


def test_entry_sheet_headings_lists_and_layout(paper_school):
    school, made = paper_school
    instrument = load_instrument()
    workbook = load_workbook(made.xlsx)
    assert workbook.sheetnames[0] == ENTRY_SHEET and workbook[LISTS_SHEET].sheet_state == "hidden"
    assert "Uitleg" in workbook.sheetnames
    sheet = workbook[ENTRY_SHEET]
    headings = [cell.value for cell in sheet[1]]
    assert headings[0] == "Formuliernummer"
    assert [sheet.cell(row=r, column=1).value for r in (2, 31)] == [1, 30] and sheet.cell(row=32, column=1).value is None
    assert sheet.freeze_panes == "B2"
    expected = []
    for item in instrument.items.values():
        if item.type == "multiple":
            expected += [f"{item.text} [{label}]" for label in item.options.values()]
        else:
            expected.append(item.text)
    assert headings[1:] == expected
    assert all(sheet.column_dimensions[get_column_letter(i)].width >= 16 for i in range(1, len(headings) + 1))
    assert not any(isinstance(cell.value, str) and cell.value.startswith("=")
                   for row in sheet.iter_rows() for cell in row)

    lists = workbook[LISTS_SHEET]
    found = {}
    for validation in sheet.data_validations.dataValidation:
        assert validation.type == "list"
        reference = validation.formula1.split("!")[1]
        min_col, min_row, max_col, max_row = range_boundaries(reference.replace("$", ""))
        texts = [lists.cell(row=r, column=min_col).value for r in range(min_row, max_row + 1)]
        for cells in str(validation.sqref).split():
            first, last = cells.split(":")
            assert first[-1] == "2" and last.endswith("31")
            found[headings[range_boundaries(first)[0] - 1]] = (texts, validation.errorStyle)
    for item in instrument.items.values():
        if item.type == "choice":
            assert found[item.text] == (list(item.answers), "stop")
        elif item.type == "multiple":
            for label in item.options.values():
                assert found[f"{item.text} [{label}]"] == (list(TICKED), "stop")
    assert found[instrument.items["groep"].text] == (["groep 7", "groep 8"], "warning")
    assert instrument.items["open"].text not in found


def test_filled_entry_sheet_reads_back_with_the_exact_figures(paper_school, tmp_path, kit):
    school, made = paper_school
    instrument = load_instrument()
    filled = tmp_path / "invoer.xlsx"
    shutil.copy(made.xlsx, filled)
    answers = pupils(instrument)
    # Forms 1..25 with forms 10 and 20 not handed in (rows left empty); forms 26..30 unused.
    rows = [n for n in range(1, 26) if n not in (10, 20)]
    fill_entry_sheet(filled, answers, instrument, rows)

    status, out, err = kit("survey", "summary", filled, "--json")
    assert status == 0, err
    summary = json.loads(out)
    bullied, answered = bullied_share(instrument)
    assert (bullied, answered) == (5, 21)
    assert summary["format"] == "paper-entry"
    assert summary["n"] == 23
    assert summary["excluded"] == {"empty": 0, "incomplete": 0, "preview": 0, "duplicate": 0}
    assert summary["invalid_answers"] == 0 and summary["unmatched_columns"] == []
    gepest = summary["indicators"]["gepest"]
    assert gepest["n"] == 21 and gepest["pct"] == pytest.approx(100 * 5 / 21)  # 23.8 %
    safe = sum(code >= 3 for code in [p["vb1"] for p in answers])
    assert summary["indicators"]["veilig"]["pct"] == pytest.approx(100 * safe / 23)
    assert summary["groups"]["groep 7"]["n"] == 12 and summary["groups"]["groep 8"]["n"] == 11
    # Places: five pupils ticked a place (too few to show), three of them the playground.
    assert summary["places"]["plein"].get("suppressed") is True
    places = read_survey(filled).answers
    assert int(places["pl[plein]"].sum()) == 3 and int(places["pl[online]"].sum()) == 2

    status, out, _ = kit("survey", "summary", filled)
    assert "indeling: invoerblad papieren enquête" in out and "Meegeteld: 23 leerlingen." in out

    # kit run reads the school's surveys/ folder the same way.
    shutil.copy(filled, school / "surveys" / "2026-2027.xlsx")
    try:
        surveys = load_school_surveys(school)
        assert surveys.summary["indicators"]["gepest"] == summary["indicators"]["gepest"]
        assert surveys.summary["n"] == 23
    finally:
        (school / "surveys" / "2026-2027.xlsx").unlink()


def test_partly_filled_row_is_a_pupil_with_missing_answers(paper_school, tmp_path):
    _, made = paper_school
    instrument = load_instrument()
    filled = tmp_path / "invoer.xlsx"
    shutil.copy(made.xlsx, filled)
    fill_entry_sheet(filled, [{"groep": "groep 7", "vb1": 4}, {"vb2": 1}], instrument)
    survey = read_survey(filled)
    assert len(survey.answers) == 2
    assert survey.answers["vb1"].tolist()[0] == 4.0 and survey.answers["vb2"].isna().tolist() == [True, False]
    assert survey.answers["groep"].iloc[0] == "groep 7" and survey.answers["groep"].isna().tolist() == [False, True]


def test_a_text_that_is_no_answer_names_the_cell(paper_school, tmp_path, kit):
    _, made = paper_school
    instrument = load_instrument()
    filled = tmp_path / "invoer.xlsx"
    shutil.copy(made.xlsx, filled)
    fill_entry_sheet(filled, pupils(instrument)[:8], instrument)
    workbook = load_workbook(filled)
    sheet = workbook[ENTRY_SHEET]
    headings = [cell.value for cell in sheet[1]]
    column = get_column_letter(headings.index("Ik voel me veilig in de klas.") + 1)
    sheet[f"{column}8"] = "Soms"      # form 7
    sheet[f"{column}5"] = "3"         # form 4: a number is not an answer text either
    workbook.save(filled)
    with pytest.raises(SurveyError) as raised:
        read_survey(filled)
    message = str(raised.value)
    assert "2 antwoord(en) in het invoerblad staan niet in de keuzelijst" in message
    assert f"werkblad 'Invoer', cel {column}5 (rij 5, kolom {column} 'Ik voel me veilig in de klas.')" in message
    assert f"cel {column}8" in message and "'Soms' is geen antwoord op 'Ik voel me veilig in de klas.'" in message
    assert message.index(f"cel {column}5") < message.index(f"cel {column}8")
    assert "keuzelijst" in raised.value.hint and "leeg" in raised.value.hint
    status, _, err = kit("survey", "summary", filled)
    assert status == 2 and f"cel {column}8" in err and "Traceback" not in err


def test_survey_page_upload_accepts_the_entry_sheet(paper_school, tmp_path):
    school, made = paper_school
    instrument = load_instrument()
    filled = tmp_path / "invoer.xlsx"
    shutil.copy(made.xlsx, filled)
    fill_entry_sheet(filled, pupils(instrument), instrument)
    target, counted = store_upload(school, "enquete-invoer.xlsx", filled.read_bytes(), "2025-2026")
    try:
        assert target == school / "surveys" / "2025-2026.xlsx" and counted == 23
    finally:
        target.unlink()
    workbook = load_workbook(filled)
    workbook[ENTRY_SHEET]["C2"] = "Weet niet"
    workbook.save(filled)
    with pytest.raises(KitError, match="cel C2"):
        store_upload(school, "enquete-invoer.xlsx", filled.read_bytes(), "2025-2026")
    assert not (school / "surveys" / "2025-2026.xlsx").exists()


def test_cli_writes_both_files_and_prints_their_paths(workspace, kit):
    school = make_school(workspace)
    status, out, err = kit("survey", "papier", "de-linde", "--aantal", "2")
    assert status == 0, err
    assert str(school / "output" / "enquete-papier.pdf") in out
    assert str(school / "output" / "enquete-invoer.xlsx") in out
    assert "2 genummerde formulieren" in out
    status, _, err = kit("survey", "papier", "de-linde", "--aantal", "0")
    assert status == 2 and "aantal formulieren" in err
    status, out, err = kit("survey", "papier", "de-linde")
    assert status == 0 and "25 genummerde formulieren" in out  # the pupils in the profile
