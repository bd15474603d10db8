"""``bestuur.xlsx``: one worksheet per table, every cell a value, never a formula.

openpyxl stores any text that starts with ``=`` as a formula. A school's name is typed by
a person, so text is always written as a string cell (``data_type`` "s"); text that a
spreadsheet could take for a formula when someone edits the cell (``=``, ``+``, ``-``,
``@``) also gets Excel's quote prefix. Intervals and changes are spread over number
columns so an analyst can compute with them.
"""

from __future__ import annotations

from pathlib import Path

from kit.bestuur.tables import Change, Interval, Status, Table, cell_text

FORMULA_STARTS = ("=", "+", "-", "@")
HEADER_FILL = "0B3954"


def _columns(table: Table) -> list[str]:
    """The worksheet's headings: an interval column becomes three, a change column two."""
    kinds = _column_kinds(table)
    out = []
    for heading, kind in zip(table.columns, kinds):
        if kind == "interval":
            out += [f"{heading} (%)", f"{heading}: ondergrens 95%", f"{heading}: bovengrens 95%"]
        elif kind == "change":
            out += [f"{heading} (procentpunt)", f"{heading}: oordeel"]
        else:
            out.append(heading)
    if table.legend:
        titles = dict(table.legend)
        out = [out[0]] + [f"{h}. {titles.get(h, h)}" for h in out[1:]]
    return out


def _column_kinds(table: Table) -> list[str]:
    kinds = []
    for index in range(len(table.columns)):
        values = [row[index] for row in table.rows if index < len(row)]
        if any(isinstance(v, Interval) for v in values):
            kinds.append("interval")
        elif any(isinstance(v, Change) for v in values):
            kinds.append("change")
        else:
            kinds.append("plain")
    return kinds


def _values(table: Table, row: list) -> list:
    from kit.bestuur.tables import CHANGE_WORDS

    out: list = []
    for value, kind in zip(row, _column_kinds(table)):
        if kind == "interval":
            out += [round(value.pct, 1), round(value.low, 1), round(value.high, 1)] if isinstance(value, Interval) \
                else [value, None, None]
        elif kind == "change":
            out += [round(value.points, 1), CHANGE_WORDS[value.verdict]] if isinstance(value, Change) \
                else [value, None]
        elif isinstance(value, Status):
            out.append(value.label)
        elif isinstance(value, (int, float)) or value is None:
            out.append(value)
        else:
            out.append(cell_text(value))
    return out


def put(sheet, row: int, column: int, value):
    """Write ``value`` as a value: text always as a string cell, never as a formula."""
    cell = sheet.cell(row=row, column=column)
    if isinstance(value, str):
        cell.value = value
        cell.data_type = "s"  # openpyxl made it a formula when it starts with "="
        if value.startswith(FORMULA_STARTS):
            cell.quotePrefix = True
    else:
        cell.value = value
    return cell


def write_workbook(tables: list[Table], target: Path, notes: list[tuple[str, str]] = ()) -> Path:
    """Write one sheet per table (and a first sheet ``Toelichting`` with ``notes``) to ``target``."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter

    book = Workbook()
    about = book.active
    about.title = "Toelichting"
    for number, (label, text) in enumerate(notes, start=1):
        put(about, number, 1, label).font = Font(bold=True)
        put(about, number, 2, text).alignment = Alignment(wrap_text=True, vertical="top")
    about.column_dimensions["A"].width = 26
    about.column_dimensions["B"].width = 110
    for table in tables:
        sheet = book.create_sheet(table.sheet)
        headings = _columns(table)
        for column, heading in enumerate(headings, start=1):
            cell = put(sheet, 1, column, heading)
            cell.font = Font(bold=True, color="FFFFFF")
            cell.fill = PatternFill("solid", fgColor=HEADER_FILL)
            cell.alignment = Alignment(wrap_text=True, vertical="top")
        rows = [_values(table, row) for row in table.rows]
        for index, text in table.spans.items():
            rows[index][1] = text
        for number, values in enumerate(rows, start=2):
            for column, value in enumerate(values, start=1):
                put(sheet, number, column, value).alignment = Alignment(wrap_text=True, vertical="top")
        for offset, note in enumerate(table.notes):
            put(sheet, len(rows) + 3 + offset, 1, note)
        sheet.freeze_panes = "B2"
        for column, heading in enumerate(headings, start=1):
            longest = max([len(heading) // 2] + [len(cell_text(values[column - 1])) for values in rows])
            sheet.column_dimensions[get_column_letter(column)].width = max(10, min(48, longest + 2))
    target.parent.mkdir(parents=True, exist_ok=True)
    book.save(target)
    return target
