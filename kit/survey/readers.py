"""Read a survey export (CSV or Excel) into a table of text cells, without interpreting it.

CSV files may be UTF-8 (with or without BOM) or Windows-1252, separated by ``,``
or ``;`` (a ``sep=;`` first line is honoured). Excel files are read from the
first sheet. Every cell comes back as text; rows and columns that are entirely
blank are left out. The file itself is only ever read.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
import zipfile
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from kit.spreadsheet import SheetLimits, check_cell_length, megabytes, number_text, read_first_sheet
from kit.survey.errors import SurveyError

# -- Limits: every export is checked against these before (or while) it is read, so a damaged or
# hostile file cannot make the reader use gigabytes of memory (a 5 KB .xlsx can declare a cell at
# XFD1048576; an 8 MB one can unpack to gigabytes of text). Real school exports fit with a wide
# margin: a school of 2 000 pupils answering 150 questions is a 2 001 x 160 table of about 2 MB as
# CSV and about 17 MB of unpacked worksheet XML (measured on such a file written by openpyxl; read in
# 9 s with a peak of 100 MB); a pupil's open answer is a few hundred characters at most.
MAX_FILE_BYTES = 32 * 1024 * 1024       # the file as stored (CSV or .xlsx)
MAX_ROWS = 20_000                       # rows with data, header rows included
MAX_COLUMNS = 500                       # columns with data
MAX_CELLS = 2_000_000                   # filled cells in all (a 4 000 x 500 table)
MAX_CELL_CHARS = 10_000                 # characters in one cell
MAX_UNPACKED_BYTES = 128 * 1024 * 1024  # all members of an .xlsx together, unpacked
MAX_ZIP_MEMBERS = 1_000                 # members of an .xlsx (a real one has 10 to 20)
MAX_COMPRESSION_RATIO = 200             # unpacked / packed size of one member (worksheet XML packs 5-30x)
_RATIO_CHECKED_FROM = 1024 * 1024       # ... checked for members that unpack to more than this
_TOO_BIG_HINT = ("Controleer of dit de export van de leerlingenquête is. Verwijder lege of overbodige rijen, kolommen "
                 "en werkbladen, of exporteer de antwoorden opnieuw als CSV.")
_SNIFF_CHARS = 64 * 1024
_SNIFF_RECORDS = 20
_ZIP_MAGIC = b"PK\x03\x04"
_OLE_MAGIC = b"\xd0\xcf\x11\xe0"
_UTF8_BOM = b"\xef\xbb\xbf"
_PARSER_LINE = re.compile(r"Expected (\d+) fields in line (\d+), saw (\d+)")


@dataclass
class RawTable:
    """All non-blank rows of a file, header rows included; columns numbered 0..n-1.

    Every column is a categorical of texts (see ``distinct_values``). ``sheet`` is the
    name of the worksheet read (Excel only); ``row_numbers`` and ``column_numbers`` give,
    per kept row and column, its 1-based position in the file (the spreadsheet's row and
    column, or the CSV record and field), so a message can name the cell.
    """

    source: str
    rows: pd.DataFrame
    sheet: str | None = None
    row_numbers: list[int] | None = None
    column_numbers: list[int] | None = None


def read_table(path: str | Path) -> RawTable:
    """Read ``path`` as a table of text cells, or raise a SurveyError that names the problem."""
    path = Path(path)
    name = path.name
    if path.is_dir():
        raise SurveyError(f"{path} is een map, geen bestand.", hint="Geef het bestand met de export zelf op.")
    if not path.is_file():
        raise SurveyError(f"Het bestand {path} bestaat niet.", hint="Controleer de naam en de map.")
    size = path.stat().st_size
    if size == 0:
        raise SurveyError(f"{name} is leeg (0 bytes).", hint="Download de export opnieuw uit het enquêteprogramma.")
    if size > MAX_FILE_BYTES:
        raise SurveyError(
            f"{name} is te groot ({megabytes(size)}; de grens is {megabytes(MAX_FILE_BYTES)}).",
            hint="Splits de export, bijvoorbeeld per school, en lees de delen apart in.")
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise SurveyError(f"{name} kan niet worden gelezen ({exc.strerror or exc}).",
                          hint="Controleer of het bestand niet in een ander programma open is en of u het mag "
                               "lezen.") from None
    try:
        rows, sheet = _read_rows(data, name)
    except SurveyError:
        raise
    except MemoryError:
        raise SurveyError(f"{name} is te groot om te lezen.", hint=_TOO_BIG_HINT) from None
    except Exception:  # noqa: BLE001 -- the last net: a file the parsers choke on is a damaged file, not a crash
        raise SurveyError(f"{name} is beschadigd of heeft een indeling die de kit niet kent.",
                          hint="Open het bestand in Excel en sla het opnieuw op als .xlsx of als 'CSV UTF-8', "
                               "of download de export opnieuw uit het enquêteprogramma.") from None
    rows, row_numbers, column_numbers = _drop_blank(rows)
    if rows.empty:
        raise SurveyError(f"{name} bevat geen gegevens: alle regels zijn leeg.",
                          hint="Download de export opnieuw. Van een Excel-bestand leest de kit het eerste werkblad.")
    if rows.shape[1] < 2:
        raise SurveyError(f"{name} is geen tabel: er is maar één kolom gevonden.",
                          hint="Een export heeft een kolom per vraag, gescheiden door komma's of puntkomma's.")
    return RawTable(name, rows, sheet, row_numbers, column_numbers)


def _read_rows(data: bytes, name: str) -> tuple[pd.DataFrame, str | None]:
    """The file's cells and the sheet's name (None for CSV), by the kind of file its first bytes show."""
    sheet = None
    if data.startswith(_ZIP_MAGIC):
        rows, sheet = _read_xlsx(data, name)
    elif data.startswith(b"%PDF"):
        raise SurveyError(f"{name} is een PDF-bestand, geen tabel.",
                          hint="Download de antwoorden uit het enquêteprogramma als .csv of .xlsx.")
    elif data.startswith(_OLE_MAGIC):
        raise SurveyError(f"{name} is een oud Excel-bestand (.xls) en dat kan de kit niet lezen.",
                          hint="Open het in Excel en sla het op als .xlsx of als CSV UTF-8.")
    else:
        rows = _read_csv(data, name)
    return rows, sheet


def cell_text(value: object) -> str:
    """The text of one spreadsheet cell: whole numbers without ``.0``, dates as ISO text."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.datetime):
        return value.isoformat(sep=" ")
    if isinstance(value, (dt.date, dt.time)):
        return value.isoformat()
    return str(value)


def _read_xlsx(data: bytes, name: str) -> tuple[pd.DataFrame, str]:
    """The first worksheet's cells as text, with bounded memory (see kit.spreadsheet)."""
    rows, title = read_first_sheet(data, name, _limits(), error=SurveyError, too_big_hint=_TOO_BIG_HINT,
                                   damaged=lambda: _damaged_xlsx(data, name), convert=cell_text)
    width = max((len(row) for row in rows), default=0)
    return pd.DataFrame([row + [""] * (width - len(row)) for row in rows], dtype=object), title


def _limits() -> SheetLimits:
    """The limits above, read when used (tests lower them)."""
    return SheetLimits(max_rows=MAX_ROWS, max_columns=MAX_COLUMNS, max_cells=MAX_CELLS, max_cell_chars=MAX_CELL_CHARS,
                       max_unpacked_bytes=MAX_UNPACKED_BYTES, max_zip_members=MAX_ZIP_MEMBERS,
                       max_compression_ratio=MAX_COMPRESSION_RATIO, ratio_checked_from=_RATIO_CHECKED_FROM)


def _damaged_xlsx(data: bytes, name: str) -> SurveyError:
    inside = _zipped_tables(data)
    if inside:
        return SurveyError(f"{name} is een zip-bestand met daarin {', '.join(inside)}, geen Excel-bestand.",
                           hint="Pak het zip-bestand uit en lees het bestand dat erin zit in.")
    return SurveyError(f"{name} is geen leesbaar Excel-bestand (.xlsx): het is beschadigd of iets anders.",
                       hint="Open het in Excel en sla het opnieuw op als .xlsx, of exporteer als CSV.")


def _zipped_tables(data: bytes) -> list[str]:
    """The CSV and Excel files inside a zip archive that is not itself a workbook (a download as .zip)."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            return [entry for entry in archive.namelist() if entry.lower().endswith((".csv", ".xlsx"))]
    except Exception:  # noqa: BLE001 -- BadZipFile, NotImplementedError (a flipped version byte), struct.error, ...
        return []


def _read_csv(data: bytes, name: str) -> pd.DataFrame:
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise SurveyError(f"{name} is opgeslagen als UTF-16 ('Unicode-tekst'), en dat leest de kit niet.",
                          hint="Sla het bestand op als 'CSV UTF-8' en probeer het opnieuw.")
    data = data.removeprefix(_UTF8_BOM)
    if b"\x00" in data:
        raise SurveyError(f"{name} is geen tabel maar een binair bestand.",
                          hint="Lever de export aan als .csv of .xlsx.")
    data = _as_utf8(data, name)
    sample = data[:_SNIFF_CHARS].decode("utf-8", errors="ignore")
    if sample.lstrip().startswith("<"):
        raise SurveyError(f"{name} is een webpagina of XML-bestand, geen tabel.",
                          hint="Download de antwoorden als .csv of .xlsx.")
    first_line = sample.split("\n", 1)[0].strip()
    skipped = 0
    if re.fullmatch(r"sep=[,;]", first_line):
        delimiter, skipped = first_line[-1], 1
        data = data.split(b"\n", 1)[1] if b"\n" in data else b""
        sample = sample.split("\n", 1)[1] if "\n" in sample else ""
    else:
        delimiter = _sniff_delimiter(sample)
    _check_csv_size(data, name, delimiter, skipped)
    try:
        return pd.read_csv(io.BytesIO(data), sep=delimiter, header=None, dtype=object, na_filter=False,
                           skip_blank_lines=True, encoding="utf-8", quotechar='"', engine="c")
    except pd.errors.EmptyDataError:
        return pd.DataFrame()
    except pd.errors.ParserError as exc:
        found = _PARSER_LINE.search(str(exc))
        where = (f"regel {int(found.group(2)) + skipped} heeft {found.group(3)} kolommen, "
                 f"de kopregel {found.group(1)}") if found else "de regels zijn niet te ontleden"
        raise SurveyError(f"{name} is geen nette tabel: {where}.",
                          hint=f"Controleer of er in die regel een '{delimiter}' in een antwoord staat zonder "
                               "aanhalingstekens eromheen, of exporteer het bestand opnieuw.") from None


def _check_csv_size(data: bytes, name: str, delimiter: str, skipped: int) -> None:
    """Refuse a CSV beyond the limits (rows, columns, cell length) before pandas builds a table of it.

    One pass of the csv module over the text; it keeps one record at a time.
    """
    text = io.StringIO(data.decode("utf-8"), newline="")
    reader = csv.reader(text, delimiter=delimiter, quotechar='"')
    records = cells = 0
    limit = csv.field_size_limit()
    try:
        csv.field_size_limit(MAX_CELL_CHARS)
        for record in reader:
            if not record:
                continue
            records += 1
            line = reader.line_num + skipped
            if records > MAX_ROWS:
                raise SurveyError(f"{name} is te groot: het heeft meer dan {number_text(MAX_ROWS)} regels "
                                  f"(regel {line}).", hint=_TOO_BIG_HINT)
            if len(record) > MAX_COLUMNS:
                raise SurveyError(f"{name} is te groot: regel {line} heeft {number_text(len(record))} kolommen; de kit "
                                  f"leest hoogstens {number_text(MAX_COLUMNS)} kolommen.", hint=_TOO_BIG_HINT)
            cells += len(record)
            if cells > MAX_CELLS:
                raise SurveyError(f"{name} is te groot: het heeft meer dan {number_text(MAX_CELLS)} cellen.",
                                  hint=_TOO_BIG_HINT)
    except csv.Error as exc:
        line = reader.line_num + skipped
        if "field larger than field limit" in str(exc):
            check_cell_length("x" * (MAX_CELL_CHARS + 1), name, f"regel {line}", _limits(), SurveyError)
        raise SurveyError(f"{name} is geen nette tabel: regel {line} is niet te ontleden.",
                          hint="Exporteer het bestand opnieuw als CSV UTF-8.") from None
    finally:
        csv.field_size_limit(limit)


def _as_utf8(data: bytes, name: str) -> bytes:
    """The bytes as UTF-8: kept when they are UTF-8 already, else decoded as Windows-1252."""
    try:
        data.decode("utf-8")
        return data
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1252").encode("utf-8")
    except UnicodeDecodeError as exc:
        raise SurveyError(
            f"{name} heeft een onbekende tekencodering (byte {exc.start + 1} is geen UTF-8 en geen Windows-1252).",
            hint="Open het bestand in Excel of een teksteditor en sla het op als 'CSV UTF-8'.") from None


def _sniff_delimiter(sample: str) -> str:
    """``,`` or ``;``: the one whose first records agree most often with the header's field count."""
    lines = sample.splitlines(keepends=True)
    if len(sample) >= _SNIFF_CHARS:
        lines = lines[:-1]  # the last line may be cut off
    best, best_score = ",", (-1, -1)
    for delimiter in (",", ";"):
        records = []
        try:
            for record in csv.reader(lines, delimiter=delimiter, quotechar='"'):
                if record:
                    records.append(len(record))
                if len(records) >= _SNIFF_RECORDS:
                    break
        except csv.Error:
            continue
        if records:
            score = (sum(count == records[0] for count in records) if records[0] > 1 else 0, records[0])
            if score > best_score:
                best, best_score = delimiter, score
    return best


def _drop_blank(rows: pd.DataFrame) -> tuple[pd.DataFrame, list[int], list[int]]:
    """Columns as categoricals; rows and columns whose cells are all blank left out; columns 0..n-1.

    Also returns the 1-based position in the file of each kept row and column.
    """
    if rows.empty:
        return rows, [], []
    rows = pd.DataFrame({column: _categorical(rows[column]) for column in rows.columns})
    filled = np.column_stack([~blank_cells(rows[column]) for column in rows.columns])
    kept_rows, kept_columns = filled.any(axis=1), filled.any(axis=0)
    rows = rows.loc[kept_rows, kept_columns]
    rows.columns = range(rows.shape[1])
    return (rows.reset_index(drop=True), [int(i) + 1 for i in np.flatnonzero(kept_rows)],
            [int(i) + 1 for i in np.flatnonzero(kept_columns)])


def _categorical(column: pd.Series) -> pd.Categorical:
    """The column as a categorical in order of appearance: each distinct text is then handled once."""
    codes, uniques = pd.factorize(column, use_na_sentinel=False)
    return pd.Categorical.from_codes(codes, categories=pd.Index(uniques, dtype=object))


def distinct_values(cells: pd.Series) -> tuple[np.ndarray, list[str]]:
    """Per row the index of its text in the list of distinct texts of a categorical column, and that list."""
    return cells.cat.codes.to_numpy(), [str(value) for value in cells.cat.categories]


def blank_cells(cells: pd.Series) -> np.ndarray:
    """True where a cell holds nothing but white space."""
    codes, values = distinct_values(cells)
    blank = np.fromiter((not value.strip() for value in values), dtype=bool, count=len(values))
    return blank[codes]
