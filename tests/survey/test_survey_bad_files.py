"""Every bad file or setting gets its own Dutch error that names the problem; nothing crashes."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest

from kit.survey import readers
from kit.survey.errors import InstrumentError, SurveyError
from kit.survey.instrument import DEFAULT_INSTRUMENT, load_instrument
from kit.survey.summary import summarize

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
