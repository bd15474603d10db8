"""Read the first worksheet of a user's .xlsx with bounded memory (survey exports, attendance lists).

A workbook is a zip of XML parts, and both can lie: a 5 KB file can declare a cell at
XFD1048576 (openpyxl's row iterator then makes 17 billion empty cells), and an 8 MB one
can unpack to gigabytes of text. So the zip's members are checked (number, unpacked
size, compression ratio) before anything is unpacked, the sheet is parsed one ``<c>``
element at a time, only cells that really hold something are kept, and a filled cell
beyond the limits is refused by name. Any failure of the parsers on a damaged file
(zlib.error, ParseError, KeyError, BadZipFile, ...) becomes the caller's Dutch error.
"""

from __future__ import annotations

import io
import warnings
import zipfile
from collections.abc import Callable
from dataclasses import dataclass

from kit.errors import KitError

# get_column_letter knows columns up to ZZZ; a hostile file can claim more.
_LAST_NAMED_COLUMN = 18278


@dataclass(frozen=True)
class SheetLimits:
    """What a caller accepts; see kit.survey.readers for the reasons behind the survey's values."""

    max_rows: int
    max_columns: int
    max_cells: int
    max_cell_chars: int
    max_unpacked_bytes: int
    max_zip_members: int
    max_compression_ratio: int
    ratio_checked_from: int  # members that unpack to less than this are not checked for their ratio
    # openpyxl parses the small parts (styles, workbook, relations) as whole trees and keeps one element
    # per shared string, so those are bounded apart: a real styles.xml is well under 1 MB, and a real
    # export has a few thousand distinct texts.
    max_other_part_bytes: int = 16 * 1024 * 1024
    max_shared_strings: int = 500_000


def number_text(value: int) -> str:
    """A whole number the Dutch way: 1.048.576."""
    return f"{value:,}".replace(",", ".")


def megabytes(size: int) -> str:
    """A size in MB with a decimal comma: 12,5 MB."""
    return f"{size / 2**20:.1f} MB".replace(".", ",")


def read_first_sheet(data: bytes, name: str, limits: SheetLimits, *, error: type[KitError], too_big_hint: str,
                     damaged: Callable[[], KitError], convert: Callable[[object], str]) -> tuple[list[list[str]], str]:
    """The first worksheet's cells as text (``convert`` per value), row by row, and its title.

    Row ``i`` of the result is row ``i + 1`` of the sheet; trailing empty cells are left out.
    Raises ``error`` for a workbook beyond ``limits`` (with ``too_big_hint``) and ``damaged()``
    for one that cannot be parsed.
    """
    from openpyxl import load_workbook

    check_zip_members(data, name, limits, error=error, too_big_hint=too_big_hint, damaged=damaged)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # openpyxl's English warnings about styles and dates
            workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except KitError:
        raise
    except Exception:  # noqa: BLE001 -- any failure of the parser on a foreign file is a damaged workbook
        raise damaged() from None
    try:
        if not workbook.worksheets:
            raise error(f"{name} heeft geen werkbladen.", hint="Sla het bestand opnieuw op in Excel.")
        sheet = workbook.worksheets[0]
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            rows = _sheet_rows(sheet, name, limits, error, too_big_hint, convert)
        return rows, str(sheet.title)
    except KitError:
        raise
    except Exception:  # noqa: BLE001 -- as above: zlib.error, ParseError, KeyError, IndexError, ...
        raise damaged() from None
    finally:
        try:
            workbook.close()
        except Exception:  # noqa: BLE001 -- closing a damaged archive must not hide the real answer
            pass


def check_zip_members(data: bytes, name: str, limits: SheetLimits, *, error: type[KitError], too_big_hint: str,
                      damaged: Callable[[], KitError]) -> None:
    """Refuse a zip whose members would unpack to more than the limits allow, before unpacking any.

    The sizes checked are the ones the zip declares; Python's zipfile never unpacks a
    member beyond its declared size, so a zip that understates them yields cut XML
    (a damaged workbook), not more memory.
    """
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            members = archive.infolist()
    except Exception:  # noqa: BLE001 -- BadZipFile, but also struct.error, NotImplementedError, ... on a bad header
        raise damaged() from None
    if len(members) > limits.max_zip_members:
        raise error(f"{name} is te groot om te lezen: het bevat {number_text(len(members))} onderdelen "
                    f"(de grens is {number_text(limits.max_zip_members)}).", hint=too_big_hint)
    total = sum(member.file_size for member in members)
    if total > limits.max_unpacked_bytes:
        raise error(f"{name} is te groot om te lezen: uitgepakt is het {megabytes(total)} "
                    f"(de grens is {megabytes(limits.max_unpacked_bytes)}).", hint=too_big_hint)
    for member in members:
        ratio = member.file_size / max(member.compress_size, 1)
        if member.file_size > limits.ratio_checked_from and ratio > limits.max_compression_ratio:
            raise error(f"{name} is te groot om te lezen: het onderdeel {member.filename} is {ratio:.0f} keer zo "
                        f"groot als ingepakt (de grens is {limits.max_compression_ratio} keer).", hint=too_big_hint)
        path = member.filename.lower()
        if path.startswith("xl/worksheets/") or path.endswith("sharedstrings.xml"):
            continue
        if member.file_size > limits.max_other_part_bytes:
            raise error(f"{name} is te groot om te lezen: het onderdeel {member.filename} is uitgepakt "
                        f"{megabytes(member.file_size)} (de grens is {megabytes(limits.max_other_part_bytes)}).",
                        hint=too_big_hint)
    for member in members:
        if member.filename.lower().endswith("sharedstrings.xml"):
            count = _count_shared_strings(data, member.filename, limits.max_shared_strings + 1, damaged)
            if count > limits.max_shared_strings:
                raise error(f"{name} is te groot om te lezen: het bevat meer dan "
                            f"{number_text(limits.max_shared_strings)} verschillende teksten.", hint=too_big_hint)


def _count_shared_strings(data: bytes, member: str, stop: int, damaged: Callable[[], KitError]) -> int:
    """The number of shared strings in ``member`` (up to ``stop``), parsed without keeping any element."""
    from openpyxl.xml.constants import SHEET_MAIN_NS
    from openpyxl.xml.functions import iterparse

    item_tag = f"{{{SHEET_MAIN_NS}}}si"
    count = 0
    open_elements: list = []
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive, archive.open(member) as source:
            for event, element in iterparse(source, events=("start", "end")):
                if event == "start":
                    open_elements.append(element)
                    continue
                open_elements.pop()
                if open_elements:
                    open_elements[-1].remove(element)
                if element.tag == item_tag:
                    count += 1
                    if count >= stop:
                        break
    except Exception:  # noqa: BLE001 -- a damaged part (zlib.error, ParseError, ...) is a damaged workbook
        raise damaged() from None
    return count


def check_cell_length(text: str, name: str, where: str, limits: SheetLimits, error: type[KitError]) -> None:
    """Refuse a cell of more than ``limits.max_cell_chars`` characters; ``where`` names it."""
    if len(text) > limits.max_cell_chars:
        raise error(f"{name} is te groot: {where} bevat meer dan {number_text(limits.max_cell_chars)} tekens; de "
                    "kit leest niet meer dan dat per cel.",
                    hint="Controleer of dit het goede bestand is: zo'n lange tekst hoort er niet in.")


def _sheet_rows(sheet, name: str, limits: SheetLimits, error: type[KitError], too_big_hint: str,
                convert: Callable[[object], str]) -> list[list[str]]:
    """The texts of the sheet's cells; each ``<c>`` is parsed alone by openpyxl's cell parser and dropped."""
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet._reader import WorkSheetParser  # the cell parser of openpyxl's own reader
    from openpyxl.xml.constants import SHEET_MAIN_NS
    from openpyxl.xml.functions import iterparse  # defusedxml's when installed (it is: nbconvert needs it)

    row_tag, cell_tag = f"{{{SHEET_MAIN_NS}}}row", f"{{{SHEET_MAIN_NS}}}c"
    book = sheet.parent
    rows: dict[int, dict[int, str]] = {}
    seen: dict[str, str] = {}
    cells = 0
    with sheet._get_source() as source:
        parser = WorkSheetParser(source, sheet._shared_strings, data_only=True, epoch=book.epoch,
                                 date_formats=book._date_formats, timedelta_formats=book._timedelta_formats)
        open_elements: list = []  # the elements whose end has not come yet, outermost first
        in_cell = 0
        for event, element in iterparse(source, events=("start", "end")):
            if event == "start":
                if element.tag == row_tag:
                    number = element.get("r")
                    parser.row_counter = int(float(number)) if number else parser.row_counter + 1
                    parser.col_counter = 0
                elif element.tag == cell_tag:
                    in_cell += 1
                open_elements.append(element)
                continue
            open_elements.pop()
            if element.tag != cell_tag and in_cell:
                continue  # a value or formula inside a cell: read when the cell ends
            # Every finished element goes at once (cells, rows, and anything else such as thousands of
            # merged ranges), so the tree never holds more than the open elements and one cell.
            if open_elements:
                open_elements[-1].remove(element)
            if element.tag != cell_tag:
                continue
            in_cell -= 1
            cell = parser.parse_cell(element)
            text = convert(cell["value"])
            if not text.strip():
                continue
            row, column = cell["row"], cell["column"]
            where = f"cel {get_column_letter(min(column, _LAST_NAMED_COLUMN))}{row}"
            if row > limits.max_rows:
                raise error(f"{name} is te groot: er staan gegevens in rij {number_text(row)} ({where}); de kit "
                            f"leest hoogstens {number_text(limits.max_rows)} rijen.", hint=too_big_hint)
            if column > limits.max_columns:
                raise error(f"{name} is te groot: er staan gegevens in kolom {number_text(column)} ({where}); de "
                            f"kit leest hoogstens {number_text(limits.max_columns)} kolommen.", hint=too_big_hint)
            check_cell_length(text, name, where, limits, error)
            cells += 1
            if cells > limits.max_cells:
                raise error(f"{name} is te groot: het heeft meer dan {number_text(limits.max_cells)} gevulde cellen.",
                            hint=too_big_hint)
            if row >= 1:
                rows.setdefault(row, {})[column] = seen.setdefault(text, text)
    result = []
    for number in range(1, max(rows, default=0) + 1):
        values = rows.get(number, {})
        width = max(values, default=0)
        result.append([values.get(column, "") for column in range(1, width + 1)])
    return result
