"""Every bad file or setting gets its own Dutch error that names the problem; nothing crashes."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import pytest
from malformed import corpus, far_cell_xlsx, huge_strings_xlsx, many_elements_xlsx, many_strings_xlsx
from openpyxl import Workbook, load_workbook
from paper_pupils import pupils

from kit.errors import KitError
from kit.survey import readers
from kit.survey.errors import InstrumentError, SurveyError
from kit.survey.instrument import DEFAULT_INSTRUMENT, load_instrument
from kit.survey.summary import summarize
from kit.survey.upload import store_upload

FIXTURES = Path(__file__).resolve().parent / "fixtures"
REPO = Path(__file__).resolve().parents[2]

GOOD_HEADER = b"groep,vb1,vb2\n"


def _zip(members: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, content in members.items():
            archive.writestr(name, content)
    return buffer.getvalue()


BAD_FILES = {
    "empty": (b"", "is leeg (0 bytes)"),
    "blank lines only": (b"\r\n\r\n  \n", "bevat geen gegevens"),
    "delimiters only": (b",,,\n,,,\n", "bevat geen gegevens"),
    "binary": (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binair bestand"),
    "pdf": (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n", "PDF-bestand"),
    "html": (b"<!DOCTYPE html><html><body><table><tr><td>groep</td></tr></table>", "webpagina"),
    "utf-16": ("groep,vb1\nA,3\n".encode("utf-16"), "UTF-16"),
    "wrong encoding": (b"groep,vb1\nGroep \x81\x8d,3\n", "onbekende tekencodering"),
    "old excel": (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 64, "oud Excel-bestand (.xls)"),
    "broken xlsx": (b"PK\x03\x04" + b"\x00" * 40, "geen leesbaar Excel-bestand"),
    "a zip but not xlsx": (_zip({"word/document.xml": b"<w:document/>"}), "geen leesbaar Excel-bestand"),
    "one column": (b"groep\nA\nB\n", "maar één kolom"),
    "ragged rows": (GOOD_HEADER + b"A,3,4\nB,3,4,5\n", "regel 3 heeft 4 kolommen, de kopregel 3"),
    "header only": (GOOD_HEADER, "alleen kopregels en geen antwoorden"),
    "unknown layout": (b"naam,adres,woonplaats\nPiet,Dorpsstraat 1,Utrecht\n", "onbekende indeling"),
    "no group item": (b"klas,vb1,vb2\n8,3,4\n", "groepsvraag 'groep'"),
    "no scale item": (b"groep,pe1,pe2\nA,3,4\n", "alle vragen van de schalen"),
}


@pytest.mark.parametrize("name", BAD_FILES)
def test_bad_file_gets_a_dutch_error(tmp_path, name):
    content, message = BAD_FILES[name]
    path = tmp_path / "export.csv"
    path.write_bytes(content)
    with pytest.raises(SurveyError) as raised:
        summarize(path)
    assert message in str(raised.value)
    assert "export.csv" in str(raised.value)
    assert path.read_bytes() == content


def test_missing_file_or_a_folder(tmp_path):
    with pytest.raises(SurveyError, match="weg.csv bestaat niet"):
        summarize(tmp_path / "weg.csv")
    with pytest.raises(SurveyError, match="is een map, geen bestand"):
        summarize(tmp_path)


def test_too_large(tmp_path, monkeypatch):
    monkeypatch.setattr(readers, "MAX_FILE_BYTES", 100)
    path = tmp_path / "regio.csv"
    path.write_bytes(GOOD_HEADER + b"A,3,4\n" * 50)
    expected = r"(?s)regio.csv is te groot \(0,0 MB; de grens is 0,0 MB\).*Splits de export"
    with pytest.raises(SurveyError, match=expected):
        summarize(path)


def test_forced_format_without_its_header_rows(tmp_path):
    path = tmp_path / "export.csv"
    path.write_bytes(GOOD_HEADER + b"A,3,4\n")
    with pytest.raises(SurveyError, match=r"\(Qualtrics\) bevat te weinig kopregels"):
        summarize(path, fmt="qualtrics")


def test_unknown_format_name(tmp_path):
    path = tmp_path / "export.csv"
    path.write_bytes(GOOD_HEADER + b"A,3,4\n")
    with pytest.raises(SurveyError, match="Onbekende indeling 'forms'"):
        summarize(path, fmt="forms")


# -- the fuzz corpus: every damaged file reads or gets the kit's Dutch error naming it -----------------


def _entry_sheet(folder: Path) -> bytes:
    """A paper entry sheet (kit survey papier) with the 23 known pupils typed in."""
    from kit.survey.entry_sheet import ENTRY_SHEET, TICKED, entry_columns, write_entry_sheet

    instrument = load_instrument()
    groups = ["groep 7", "groep 8"]
    path = write_entry_sheet(instrument, folder / "enquete-invoer.xlsx", 25, groups)
    workbook = load_workbook(path)
    sheet = workbook[ENTRY_SHEET]
    headings = [cell.value for cell in sheet[1]]
    for row, pupil in enumerate(pupils(instrument), start=2):
        for column in entry_columns(instrument, groups):
            value = pupil.get(column.item.id)
            if value is None:
                continue
            if column.item.type == "choice":
                value = column.item.answers[value - 1]
            elif column.item.type == "multiple":
                value = TICKED[0] if column.option in value else None
            sheet.cell(row=row, column=headings.index(column.heading) + 1, value=value)
    workbook.save(path)
    return path.read_bytes()


@pytest.fixture(scope="module")
def fuzz_corpus(tmp_path_factory) -> dict[str, Path]:
    """The malformed files (tests/survey/malformed.py), written to disk: name -> path."""
    folder = tmp_path_factory.mktemp("fuzz")
    good = {path.name: path.read_bytes() for path in FIXTURES.iterdir() if path.suffix in (".csv", ".xlsx")}
    good["enquete-invoer.xlsx"] = _entry_sheet(folder)
    assert summarize(folder / "enquete-invoer.xlsx")["n"] == 23  # the good entry sheet itself reads
    files = {}
    for name, content in corpus(good).items():
        files[name] = folder / name
        files[name].write_bytes(content)
    return files


def _outcome(call, name: str) -> str:
    """'read', 'refused' (a KitError naming the file), or what went wrong instead."""
    try:
        call()
    except KitError as exc:
        return "refused" if name in str(exc) else f"error without the file's name: {exc}"
    except Exception as exc:  # noqa: BLE001 -- exactly what this test looks for
        return f"traceback: {type(exc).__name__}: {exc}"
    return "read"


def test_fuzz_corpus_reads_or_refuses_in_dutch_without_a_traceback(fuzz_corpus):
    outcomes, slow = {}, []
    for name, path in fuzz_corpus.items():
        started = time.monotonic()
        outcomes[name] = _outcome(lambda path=path: summarize(path), name)
        if time.monotonic() - started > 10:
            slow.append(name)
    failed = {name: outcome for name, outcome in outcomes.items() if outcome not in ("read", "refused")}
    assert failed == {}
    assert slow == []
    counts = {kind: list(outcomes.values()).count(kind) for kind in ("read", "refused")}
    assert len(fuzz_corpus) > 600 and counts["read"] > 100 and counts["refused"] > 300, counts
    # the damage the issue saw: bit flips inside deflated XML (zlib.error) and cut XML (ParseError)
    assert outcomes["microsoft-forms-nl-xl_worksheets_sheet1.xml-cut.xlsx"] == "refused"
    assert outcomes["microsoft-forms-nl-cut-0.5.xlsx"] == "refused"
    assert any(name.startswith("enquete-invoer-bit-") and outcome == "refused" for name, outcome in outcomes.items())


def test_fuzz_corpus_on_the_command_line(fuzz_corpus, kit):
    names = sorted(fuzz_corpus)[::15] + ["html-as-xls.xls", "zip-not-xlsx.xlsx", "nul-late.csv",
                                         "microsoft-forms-nl-xl_worksheets_sheet1.xml-garbage.xlsx"]
    for name in names:
        status, out, err = kit("survey", "summary", fuzz_corpus[name])
        assert "Traceback" not in out + err, name
        if status:
            assert status == 2 and err.startswith("Fout: ") and name in err, (name, err)


def test_fuzz_corpus_in_the_upload(fuzz_corpus, tmp_path):
    for name in sorted(fuzz_corpus)[::10]:
        outcome = _outcome(lambda name=name: store_upload(tmp_path, name, fuzz_corpus[name].read_bytes(),
                                                          "2026-2027"), name)
        assert outcome in ("read", "refused"), (name, outcome)


# -- spreadsheet bombs: refused in Dutch, with bounded memory -------------------------------------------

PEAK_MB = 300
_MEASURE = """
import json, resource, sys
resource.setrlimit(resource.RLIMIT_AS, (1 << 30, 1 << 30))
from kit.errors import KitError
from kit.survey.summary import summarize
try:
    summarize(sys.argv[1])
    outcome = "read"
except KitError as exc:
    outcome = str(exc)
# VmHWM: this process's own peak (ru_maxrss would keep the peak of the pytest process it was forked from)
peak_kb = next(int(line.split()[1]) for line in open("/proc/self/status") if line.startswith("VmHWM:"))
print(json.dumps({"outcome": outcome, "peak_mb": peak_kb / 1024}))
"""


def _read_in_a_small_process(path: Path) -> dict:
    """Read ``path`` in a child process limited to 1 GB of address space; its outcome and peak memory."""
    env = {**os.environ, "PYTHONPATH": str(REPO), "OPENBLAS_NUM_THREADS": "1", "OMP_NUM_THREADS": "1"}
    done = subprocess.run([sys.executable, "-c", _MEASURE, str(path)], capture_output=True, text=True, env=env,
                          timeout=120)
    assert done.returncode == 0, done.stderr[-2000:]
    return json.loads(done.stdout)


def test_a_5_kb_file_with_a_cell_at_xfd1048576(tmp_path):
    path = tmp_path / "ver.xlsx"
    path.write_bytes(far_cell_xlsx())
    assert path.stat().st_size < 6000
    result = _read_in_a_small_process(path)
    assert result["outcome"].startswith("ver.xlsx is te groot: er staan gegevens in rij 1.048.576 (cel XFD1048576); "
                                        "de kit leest hoogstens 20.000 rijen.")
    assert result["peak_mb"] < PEAK_MB


def test_a_small_file_whose_shared_strings_unpack_to_300_mb(tmp_path):
    path = huge_strings_xlsx(tmp_path / "teksten.xlsx", unpacked_mb=300)
    assert path.stat().st_size < 2**20
    result = _read_in_a_small_process(path)
    assert result["outcome"].startswith("teksten.xlsx is te groot om te lezen: uitgepakt is het 300,0 MB "
                                        "(de grens is 128,0 MB).")
    assert result["peak_mb"] < PEAK_MB


def test_a_sheet_of_a_million_small_elements_is_parsed_without_keeping_them(tmp_path):
    path = many_elements_xlsx(tmp_path / "samengevoegd.xlsx", merged_ranges=1_200_000)
    result = _read_in_a_small_process(path)  # keeping every element took 557 MB here, and 880 MB at 3.4 million
    assert result["outcome"].startswith("samengevoegd.xlsx (eigen tabel, een kolom per vraag) bevat alleen kopregels")
    assert result["peak_mb"] < 150


def test_a_million_shared_strings_are_counted_before_openpyxl_keeps_them(tmp_path):
    path = many_strings_xlsx(tmp_path / "teksten.xlsx", strings=1_000_000)
    result = _read_in_a_small_process(path)  # openpyxl kept 546 MB for 3 million of them
    assert result["outcome"].startswith("teksten.xlsx is te groot om te lezen: het bevat meer dan 500.000 "
                                        "verschillende teksten.")
    assert result["peak_mb"] < 150


def test_a_member_that_packs_too_well_is_refused_before_unpacking(tmp_path):
    path = huge_strings_xlsx(tmp_path / "teksten.xlsx", unpacked_mb=20)
    with pytest.raises(SurveyError, match=r"het onderdeel xl/sharedStrings.xml is \d+ keer zo groot als ingepakt "
                                          r"\(de grens is 200 keer\)"):
        summarize(path)


def test_declared_dimension_is_not_trusted_only_real_cells_count(tmp_path):
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["groep", "vb1", "vb2"])
    for _ in range(12):
        sheet.append(["groep 7", "Klopt helemaal", "Klopt wel"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    with zipfile.ZipFile(buffer) as archive:
        members = {name: archive.read(name) for name in archive.namelist()}
    xml = members["xl/worksheets/sheet1.xml"]
    assert b'<dimension ref="A1:C13"/>' in xml
    members["xl/worksheets/sheet1.xml"] = xml.replace(b'ref="A1:C13"', b'ref="A1:XFD1048576"')
    path = tmp_path / "ruim.xlsx"
    path.write_bytes(_zip(members))
    assert summarize(path)["n"] == 12


@pytest.mark.parametrize("limit,rows,columns,message", [
    ("MAX_ROWS", 6, 3, "er staan gegevens in rij 6 (cel A6); de kit leest hoogstens 5 rijen"),
    ("MAX_COLUMNS", 3, 4, "er staan gegevens in kolom 4 (cel D1); de kit leest hoogstens 3 kolommen"),
])
def test_xlsx_limits_on_rows_and_columns(tmp_path, monkeypatch, limit, rows, columns, message):
    monkeypatch.setattr(readers, limit, {"MAX_ROWS": 5, "MAX_COLUMNS": 3}[limit])
    workbook = Workbook()
    for row in range(rows):
        workbook.active.append(["groep 7"] + ["Klopt wel"] * (columns - 1))
    workbook.save(tmp_path / "groot.xlsx")
    with pytest.raises(SurveyError) as raised:
        readers.read_table(tmp_path / "groot.xlsx")
    assert message in str(raised.value) and str(raised.value).startswith("groot.xlsx is te groot")
    monkeypatch.setattr(readers, limit, {"MAX_ROWS": 6, "MAX_COLUMNS": 4}[limit])
    assert readers.read_table(tmp_path / "groot.xlsx").rows.shape == (rows, columns)


def test_xlsx_cell_too_long(tmp_path):
    workbook = Workbook()
    workbook.active.append(["groep", "open"])
    workbook.active.append(["groep 7", "a" * (readers.MAX_CELL_CHARS + 1)])
    workbook.save(tmp_path / "lang.xlsx")
    with pytest.raises(SurveyError, match=r"lang.xlsx is te groot: cel B2 bevat meer dan 10.000 tekens"):
        readers.read_table(tmp_path / "lang.xlsx")


CSV_LIMITS = {
    "columns": (b"groep," + b"x," * 600 + b"vb1\n", "regel 1 heeft 602 kolommen; de kit leest hoogstens 500 kolommen"),
    "rows": (b"groep,vb1\n" + b"groep 7,3\n" * 20_000, "het heeft meer dan 20.000 regels (regel 20001)"),
    "cell": (b"groep,vb1\ngroep 7," + b"3" * 10_001 + b"\n", "regel 2 bevat meer dan 10.000 tekens"),
    "cell beyond csv's own limit": (b'groep,vb1\ngroep 7,"' + b"3" * 200_000 + b'"\n', "meer dan 10.000 tekens"),
}


@pytest.mark.parametrize("name", CSV_LIMITS)
def test_csv_limits(tmp_path, name):
    content, message = CSV_LIMITS[name]
    path = tmp_path / "groot.csv"
    path.write_bytes(content)
    with pytest.raises(SurveyError) as raised:
        readers.read_table(path)
    assert str(raised.value).startswith("groot.csv is te groot: ") and message in str(raised.value)


def test_a_nul_byte_anywhere_marks_a_binary_file(tmp_path):
    path = tmp_path / "export.csv"
    path.write_bytes(b"groep,vb1\n" + b"groep 7,3\n" * 10_000 + b"groep 8,\x004\n")
    with pytest.raises(SurveyError, match="export.csv is geen tabel maar een binair bestand"):
        summarize(path)


# -- the instrument file ---------------------------------------------------------------------------


def _instrument(tmp_path: Path, old: str, new: str) -> Path:
    text = DEFAULT_INSTRUMENT.read_text(encoding="utf-8")
    assert old in text
    path = tmp_path / "instrument.yaml"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return path


INSTRUMENT_PROBLEMS = [
    ("plein: Op het schoolplein", "plein: Op het plein, of de speelplaats",
     "veld 'items.pl.options.plein': de tekst 'Op het plein, of de speelplaats' bevat een komma of puntkomma"),
    ("gang: Op de gang", "gang: Op de gang; of trap", "bevat een komma of puntkomma"),
    ("    answers: hoevaak\n", "    answers: hoe_vaak\n", "onbekende antwoordset 'hoe_vaak'"),
    ("    threshold: 3   # Klopt wel", "    threshold: 5   # Klopt wel",
     "veld 'indicators.veilig.threshold': verwacht een antwoordnummer van 1 tot en met 4"),
    ("items: [wb1, wb2, wb3]", "items: [wb1, wb2, open]", "open is geen vraag van het soort 'choice'"),
    ("items: [wb1, wb2, wb3]", "items: [wb1, pe1]", "alle vragen van een schaal moeten dezelfde antwoorden"),
    ("group_item: groep", "group_item: klas", "veld 'group_item'"),
    ("places_item: pl", "places_itme: pl", "veld 'places_itme': onbekend veld"),
    ("    answers: [Jongen, Meisje, Anders, Zeg ik liever niet]", "    answers: [Ja, No]",
     "elk antwoord moet een tekst zijn; zet de tekst tussen aanhalingstekens"),
    ("  vb1:\n", "  VB1:\n", "de code 'VB1' mag alleen kleine letters"),
    ("    text: Ik voel me veilig in de klas.", "    text: Ik voel me veilig op school!",
     "de vraagtekst 'ik voel me veilig op school' komt twee keer voor"),
    ("    type: open", "    type: tekst", "veld 'items.open.type': kies uit"),
]


@pytest.mark.parametrize("old,new,message", INSTRUMENT_PROBLEMS)
def test_instrument_problems(tmp_path, old, new, message):
    with pytest.raises(InstrumentError) as raised:
        load_instrument(_instrument(tmp_path, old, new))
    assert message in str(raised.value)
    assert "instrument.yaml" in str(raised.value)


def test_instrument_that_is_not_yaml(tmp_path):
    path = _instrument(tmp_path, "items:\n  groep:", "items:\n\tgroep:")
    with pytest.raises(InstrumentError, match=r"geen geldige YAML op regel \d+"):
        load_instrument(path)


def test_instrument_missing(tmp_path):
    with pytest.raises(InstrumentError, match="bestaat niet"):
        load_instrument(tmp_path / "geen.yaml")


def test_instrument_without_places_item_gives_no_places(tmp_path):
    path = _instrument(tmp_path, "places_item: pl\n", "")
    csv_path = tmp_path / "export.csv"
    csv_path.write_text("groep,vb1\n" + "A,3\n" * 12, encoding="utf-8")
    assert summarize(csv_path, instrument=path)["places"] is None
