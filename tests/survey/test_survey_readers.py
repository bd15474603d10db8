"""Reading files into text cells: encodings, delimiters, Excel cells; property-based with hypothesis."""

from __future__ import annotations

import csv
import datetime as dt
import io
import string
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kit.survey.errors import SurveyError
from kit.survey.normalize import normalize
from kit.survey.readers import cell_text, read_table

PROPERTY = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
ASCII = string.ascii_letters + string.digits + " .-!?'\"\n,;"
UTF8_EXTRA = "éëïüÉ€“”…\xa0😀"
CP1252_EXTRA = "éëïüÉ"  # lead bytes only, so the file can never also be valid UTF-8


def write(folder: Path, name: str, content: bytes) -> Path:
    path = folder / name
    path.write_bytes(content)
    return path


def without_blank(table: list[list[str]]) -> list[list[str]]:
    """What read_table promises to keep: rows and columns that are not entirely blank."""
    rows = [row for row in table if any(cell.strip() for cell in row)]
    keep = [index for index in range(len(table[0])) if any(row[index].strip() for row in rows)]
    return [[row[index] for index in keep] for row in rows]


def tables(alphabet: str):
    cell = st.text(alphabet=alphabet, max_size=12)
    return st.integers(2, 5).flatmap(
        lambda width: st.lists(st.lists(cell, min_size=width, max_size=width), min_size=1, max_size=8).map(
            lambda body: [[f"kolom {index}" for index in range(width)]] + body))


@PROPERTY
@given(table=tables(ASCII + UTF8_EXTRA), delimiter=st.sampled_from([",", ";"]), bom=st.booleans(),
       crlf=st.booleans(), quote_all=st.booleans())
def test_utf8_csv_round_trip(table, delimiter, bom, crlf, quote_all):
    assume_unambiguous(table, delimiter, quote_all)
    text = render(table, delimiter, crlf, quote_all)
    with tempfile.TemporaryDirectory() as folder:
        path = write(Path(folder), "export.csv", (b"\xef\xbb\xbf" if bom else b"") + text.encode("utf-8"))
        assert read_table(path).rows.values.tolist() == without_blank(table)


@PROPERTY
@given(table=tables(ASCII + CP1252_EXTRA), delimiter=st.sampled_from([",", ";"]), quote_all=st.booleans())
def test_windows_1252_csv_round_trip(table, delimiter, quote_all):
    assume_unambiguous(table, delimiter, quote_all)
    text = render(table, delimiter, True, quote_all)
    with tempfile.TemporaryDirectory() as folder:
        path = write(Path(folder), "export.csv", text.encode("cp1252"))
        assert read_table(path).rows.values.tolist() == without_blank(table)


@PROPERTY
@given(content=st.binary(max_size=300))
def test_any_bytes_give_a_table_or_a_dutch_error(content):
    with tempfile.TemporaryDirectory() as folder:
        path = write(Path(folder), "export.csv", content)
        try:
            table = read_table(path)
        except SurveyError as error:
            assert str(error).strip()
        else:
            assert table.rows.shape[1] >= 2
        assert path.read_bytes() == content


excel_cells = st.one_of(
    st.none(), st.integers(-10**6, 10**6), st.booleans(),
    st.integers(-4000, 4000).map(lambda quarters: quarters / 4),  # floats that survive Excel's own rounding
    st.datetimes(min_value=dt.datetime(2000, 1, 1), max_value=dt.datetime(2030, 1, 1)).map(
        lambda moment: moment.replace(microsecond=0)),
    st.text(alphabet=string.ascii_letters + " éë,;", min_size=1, max_size=10))


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(body=st.lists(st.lists(excel_cells, min_size=3, max_size=3), min_size=1, max_size=5))
def test_excel_cells_become_text(body):
    from openpyxl import Workbook

    table = [["a", "b", "c"]] + body
    workbook = Workbook()
    for row in table:
        workbook.active.append(row)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "export.xlsx"
        workbook.save(path)
        expected = without_blank([[cell_text(cell) for cell in row] for row in table])
        assert read_table(path).rows.values.tolist() == expected


@PROPERTY
@given(text=st.text(max_size=30))
def test_normalize_is_idempotent_and_trimmed(text):
    once = normalize(text)
    assert normalize(once) == once
    assert once == once.strip()
    assert "  " not in once and "\xa0" not in once


def assume_unambiguous(table, delimiter, quote_all):
    """Without quotes, the other delimiter inside cells can make the separator truly ambiguous."""
    from hypothesis import assume

    other = ";" if delimiter == "," else ","
    assume(quote_all or not any(other in cell for row in table for cell in row))


def render(table, delimiter, crlf, quote_all) -> str:
    buffer = io.StringIO()
    csv.writer(buffer, delimiter=delimiter, lineterminator="\r\n" if crlf else "\n",
               quoting=csv.QUOTE_ALL if quote_all else csv.QUOTE_MINIMAL).writerows(table)
    return buffer.getvalue()


# -- examples --------------------------------------------------------------------------------------


def test_excel_sep_line_is_honoured(tmp_path):
    path = write(tmp_path, "export.csv", b"sep=;\r\ngroep;vb1\r\nA;3,0\r\n")
    assert read_table(path).rows.values.tolist() == [["groep", "vb1"], ["A", "3,0"]]


def test_blank_lines_and_trailing_delimiters_are_left_out(tmp_path):
    path = write(tmp_path, "export.csv", b"groep,vb1,\n\nA,3,\n,,\n \nB,4,\n\n")
    assert read_table(path).rows.values.tolist() == [["groep", "vb1"], ["A", "3"], ["B", "4"]]


def test_windows_1252_text_is_decoded(tmp_path):
    path = write(tmp_path, "export.csv", "groep;vb1\nGroep één;Klopt wel\n".encode("cp1252"))
    assert read_table(path).rows.values.tolist()[1] == ["Groep één", "Klopt wel"]


def test_semicolon_file_with_decimal_commas(tmp_path):
    path = write(tmp_path, "export.csv", b"groep;vb1;vb2\nA;3,0;2\nB;1;4,0\n")
    assert read_table(path).rows.values.tolist() == [["groep", "vb1", "vb2"], ["A", "3,0", "2"], ["B", "1", "4,0"]]


@pytest.mark.parametrize("value,text", [(None, ""), (3, "3"), (3.0, "3"), (2.5, "2.5"), (True, "True"),
                                        (dt.datetime(2025, 3, 14, 9, 2), "2025-03-14 09:02:00"),
                                        (dt.date(2025, 3, 14), "2025-03-14"), ("Klopt wel", "Klopt wel")])
def test_cell_text(value, text):
    assert cell_text(value) == text
