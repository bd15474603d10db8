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
import warnings
import zipfile
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from kit.survey.errors import SurveyError

# -- Limits: every export is checked against these before (or while) it is read, so a damaged or
# hostile file cannot make the reader use gigabytes of memory (a 5 KB .xlsx can declare a cell at
# XFD1048576; an 8 MB one can unpack to gigabytes of text). Real school exports fit with a wide
# margin: a school of 2 000 pupils answering 150 questions is a 2 001 x 160 table of about 2 MB as
# CSV and about 15 MB of unpacked worksheet XML; one answer in Forms holds at most 4 000 characters.
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
            f"{name} is te groot ({_megabytes(size)}; de grens is {_megabytes(MAX_FILE_BYTES)}).",
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


def _number(value: int) -> str:
    """A whole number the Dutch way: 1.048.576."""
    return f"{value:,}".replace(",", ".")


def _megabytes(size: int) -> str:
    return f"{size / 2**20:.1f} MB".replace(".", ",")


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
    """The first worksheet's cells as text, streamed cell by cell so memory stays bounded.

    The zip's members are checked (number, unpacked sizes, compression ratio) before
    anything is unpacked. The worksheet's declared dimension is not trusted (a 5 KB
    file can declare A1:XFD1048576): only cells that are really present are read, and
    a filled cell beyond ``MAX_ROWS`` or ``MAX_COLUMNS`` is refused by name.
    """
    from openpyxl import load_workbook

    _check_zip_members(data, name)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # openpyxl's English warnings about styles and dates
            workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except SurveyError:
        raise
    except Exception:  # noqa: BLE001 -- any failure of the parser on a foreign file is a damaged workbook
        raise _damaged_xlsx(data, name) from None
    try:
        if not workbook.worksheets:
            raise SurveyError(f"{name} heeft geen werkbladen.", hint="Exporteer de antwoorden opnieuw.")
        sheet = workbook.worksheets[0]
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            rows = _sheet_rows(sheet, name)
        title = str(sheet.title)
    except SurveyError:
        raise
    except Exception:  # noqa: BLE001 -- as above: zlib.error, ParseError, KeyError, IndexError, ...
        raise _damaged_xlsx(data, name) from None
    finally:
        workbook.close()
    width = max((len(row) for row in rows), default=0)
    return pd.DataFrame([row + [""] * (width - len(row)) for row in rows], dtype=object), title


def _damaged_xlsx(data: bytes, name: str) -> SurveyError:
    inside = _zipped_tables(data)
    if inside:
        return SurveyError(f"{name} is een zip-bestand met daarin {', '.join(inside)}, geen Excel-bestand.",
                           hint="Pak het zip-bestand uit en lees het bestand dat erin zit in.")
    return SurveyError(f"{name} is geen leesbaar Excel-bestand (.xlsx): het is beschadigd of iets anders.",
                       hint="Open het in Excel en sla het opnieuw op als .xlsx, of exporteer als CSV.")


def _check_zip_members(data: bytes, name: str) -> None:
    """Refuse a zip whose members would unpack to more than the limits allow, before unpacking any."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            members = archive.infolist()
    except Exception:  # noqa: BLE001 -- BadZipFile, but also struct.error, ValueError, ... on a damaged header
        raise _damaged_xlsx(data, name) from None
    if len(members) > MAX_ZIP_MEMBERS:
        raise SurveyError(f"{name} is te groot om te lezen: het bevat {_number(len(members))} onderdelen "
                          f"(de grens is {_number(MAX_ZIP_MEMBERS)}).", hint=_TOO_BIG_HINT)
    total = sum(member.file_size for member in members)
    if total > MAX_UNPACKED_BYTES:
        raise SurveyError(f"{name} is te groot om te lezen: uitgepakt is het {_megabytes(total)} "
                          f"(de grens is {_megabytes(MAX_UNPACKED_BYTES)}).", hint=_TOO_BIG_HINT)
    for member in members:
        ratio = member.file_size / max(member.compress_size, 1)
        if member.file_size > _RATIO_CHECKED_FROM and ratio > MAX_COMPRESSION_RATIO:
            raise SurveyError(f"{name} is te groot om te lezen: het onderdeel {member.filename} is "
                              f"{ratio:.0f} keer zo groot als ingepakt (de grens is {MAX_COMPRESSION_RATIO} keer).",
                              hint=_TOO_BIG_HINT)


def _sheet_rows(sheet, name: str) -> list[list[str]]:
    """The texts of the sheet's cells, row by row (1-based file rows become list positions).

    openpyxl's own row iterator fills every row up to the declared or last column and
    every missing row up to the last one; with a cell at XFD1048576 that is 17 billion
    cells. Here each ``<c>`` element is parsed alone by openpyxl's cell parser and
    dropped at once, and only real values are kept.
    """
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet._reader import WorkSheetParser  # the cell parser of openpyxl's own reader
    from openpyxl.xml.constants import SHEET_MAIN_NS
    from openpyxl.xml.functions import iterparse

    row_tag, cell_tag = f"{{{SHEET_MAIN_NS}}}row", f"{{{SHEET_MAIN_NS}}}c"
    book = sheet.parent
    rows: dict[int, dict[int, str]] = {}
    seen: dict[str, str] = {}
    cells = 0
    with sheet._get_source() as source:
        parser = WorkSheetParser(source, sheet._shared_strings, data_only=True, epoch=book.epoch,
                                 date_formats=book._date_formats, timedelta_formats=book._timedelta_formats)
        current = None
        for event, element in iterparse(source, events=("start", "end")):
            if element.tag == row_tag:
                if event == "start":
                    current = element
                    number = element.get("r")
                    parser.row_counter = int(float(number)) if number else parser.row_counter + 1
                    parser.col_counter = 0
                else:
                    element.clear()
                    current = None
                continue
            if event != "end" or element.tag != cell_tag:
                continue
            cell = parser.parse_cell(element)
            if current is not None:
                current.remove(element)  # the parsed cell goes at once: a row of a million cells stays small
            text = cell_text(cell["value"])
            if not text.strip():
                continue
            row, column = cell["row"], cell["column"]
            where = f"cel {get_column_letter(min(column, 18278))}{row}"
            if row > MAX_ROWS:
                raise SurveyError(f"{name} is te groot: er staan gegevens in rij {_number(row)} ({where}); de kit "
                                  f"leest hoogstens {_number(MAX_ROWS)} rijen.", hint=_TOO_BIG_HINT)
            if column > MAX_COLUMNS:
                raise SurveyError(f"{name} is te groot: er staan gegevens in kolom {_number(column)} ({where}); de kit "
                                  f"leest hoogstens {_number(MAX_COLUMNS)} kolommen.", hint=_TOO_BIG_HINT)
            _check_cell_length(text, name, where)
            cells += 1
            if cells > MAX_CELLS:
                raise SurveyError(f"{name} is te groot: het heeft meer dan {_number(MAX_CELLS)} gevulde cellen.",
                                  hint=_TOO_BIG_HINT)
            rows.setdefault(row, {})[column] = seen.setdefault(text, text)
    result = []
    for number in range(1, max(rows, default=0) + 1):
        values = rows.get(number, {})
        width = max(values, default=0)
        result.append([values.get(column, "") for column in range(1, width + 1)])
    return result


def _check_cell_length(text: str, name: str, where: str) -> None:
    if len(text) > MAX_CELL_CHARS:
        raise SurveyError(f"{name} is te groot: {where} bevat meer dan {_number(MAX_CELL_CHARS)} tekens; de kit leest "
                          "niet meer dan dat per cel.",
                          hint="Controleer of dit de export van de enquête is; een antwoord is nooit zo lang.")


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
                raise SurveyError(f"{name} is te groot: het heeft meer dan {_number(MAX_ROWS)} regels (regel {line}).",
                                  hint=_TOO_BIG_HINT)
            if len(record) > MAX_COLUMNS:
                raise SurveyError(f"{name} is te groot: regel {line} heeft {_number(len(record))} kolommen; de kit "
                                  f"leest hoogstens {_number(MAX_COLUMNS)} kolommen.", hint=_TOO_BIG_HINT)
            cells += len(record)
            if cells > MAX_CELLS:
                raise SurveyError(f"{name} is te groot: het heeft meer dan {_number(MAX_CELLS)} cellen.",
                                  hint=_TOO_BIG_HINT)
    except csv.Error as exc:
        line = reader.line_num + skipped
        if "field larger than field limit" in str(exc):
            _check_cell_length("x" * (MAX_CELL_CHARS + 1), name, f"regel {line}")
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
