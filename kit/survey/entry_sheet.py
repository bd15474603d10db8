"""The entry sheet of the paper survey: an Excel workbook to type the paper forms into, and its check on reading.

``kit survey papier`` writes it (``output/enquete-invoer.xlsx``): one row per paper form
(the row's number is the number printed on the form), one column per question with the
question's exact text as heading, and drop-down lists of the exact answer texts. A
several-answers question gets one column per option, headed ``question [option]``,
answered ``Ja`` when the box is ticked. The survey reader recognises the sheet by its
first heading (``formats.PAPER_ENTRY_FIRST_HEADING``) and reads it like any export, with
no mapping; :func:`check_entry_rows` then refuses any cell that is not an answer of its
question, naming the cell, and leaves out the rows of forms that were not typed in.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from kit.survey.errors import SurveyError
from kit.survey.formats import PAPER_ENTRY_FIRST_HEADING, Layout
from kit.survey.instrument import Instrument, Item
from kit.survey.matching import Matching
from kit.survey.normalize import normalize
from kit.survey.readers import blank_cells, distinct_values

ENTRY_SHEET = "Invoer"
GUIDE_SHEET = "Uitleg"
LISTS_SHEET = "Keuzelijsten"
TICKED = ("Ja", "Nee")
MAX_FORMS = 2000
_SHOWN_PROBLEMS = 5
_HEADER_FILL = "DCE9F2"


@dataclass(frozen=True)
class EntryColumn:
    """One column of the entry sheet: its heading, its item, the option (several answers) and its list."""

    heading: str
    item: Item
    option: str | None
    choices: tuple[str, ...]  # the drop-down list; empty for free text
    strict: bool              # only the list's texts are accepted (the group list only warns)


def entry_columns(instrument: Instrument, groups: list[str] | None = None) -> list[EntryColumn]:
    """The question columns in the instrument's order; ``groups`` (from the profile) fills the group list."""
    columns = []
    for item in instrument.items.values():
        if item.type == "choice":
            columns.append(EntryColumn(item.text, item, None, item.answers, True))
        elif item.type == "multiple":
            columns += [EntryColumn(f"{item.text} [{label}]", item, option, TICKED, True)
                        for option, label in item.options.items()]
        elif item.type == "category":
            columns.append(EntryColumn(item.text, item, None, tuple(groups or ()), False))
        else:
            columns.append(EntryColumn(item.text, item, None, (), False))
    return columns


def write_entry_sheet(instrument: Instrument, target: Path, forms: int, groups: list[str] | None = None,
                      school: str = "") -> Path:
    """Write the entry workbook for ``forms`` paper forms to ``target`` (.xlsx); returns ``target``."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
    from openpyxl.utils import get_column_letter, quote_sheetname
    from openpyxl.worksheet.datavalidation import DataValidation

    columns = entry_columns(instrument, groups)
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = ENTRY_SHEET
    guide = workbook.create_sheet(GUIDE_SHEET)
    lists = workbook.create_sheet(LISTS_SHEET)
    lists.sheet_state = "hidden"

    header_font, wrap = Font(bold=True), Alignment(wrap_text=True, vertical="top")
    fill = PatternFill("solid", fgColor=_HEADER_FILL)
    line = Border(bottom=Side(style="medium", color="4A6378"))
    sheet.append([PAPER_ENTRY_FIRST_HEADING] + [column.heading for column in columns])
    for cell in sheet[1]:
        cell.font, cell.alignment, cell.fill, cell.border = header_font, wrap, fill, line
    sheet.row_dimensions[1].height = 96
    for number in range(1, forms + 1):
        sheet.cell(row=number + 1, column=1, value=number).font = Font(bold=True)
    sheet.column_dimensions["A"].width = 19
    sheet.freeze_panes = "B2"

    list_columns: dict[tuple[str, ...], str] = {}
    last_row = forms + 1
    for index, column in enumerate(columns, start=2):
        letter = get_column_letter(index)
        sheet.column_dimensions[letter].width = 40 if column.item.type == "open" else 24
        if not column.choices:
            continue
        if column.choices not in list_columns:
            list_letter = get_column_letter(len(list_columns) + 1)
            for row, text in enumerate(column.choices, start=1):
                lists.cell(row=row, column=len(list_columns) + 1, value=text)
            list_columns[column.choices] = list_letter
        list_letter = list_columns[column.choices]
        validation = DataValidation(
            type="list", allow_blank=True,
            formula1=f"{quote_sheetname(LISTS_SHEET)}!${list_letter}$1:${list_letter}${len(column.choices)}",
            showErrorMessage=True, errorStyle="stop" if column.strict else "warning",
            errorTitle="Geen antwoord uit de lijst",
            error=("Kies een antwoord uit de keuzelijst, of laat de cel leeg als de leerling de vraag "
                   "niet beantwoordde." if column.strict else
                   "Deze naam staat niet in de lijst van het schoolprofiel. Klopt de naam toch, kies dan Ja."))
        sheet.add_data_validation(validation)
        validation.add(f"{letter}2:{letter}{last_row}")
    _write_guide(guide, columns, forms, school)
    workbook.active = 0
    target.parent.mkdir(parents=True, exist_ok=True)
    workbook.save(target)
    return target


def _write_guide(guide, columns: list[EntryColumn], forms: int, school: str) -> None:
    from openpyxl.styles import Alignment, Font

    several = [column for column in columns if column.option is not None]
    lines = [
        ("Invoerblad papieren enquête" + (f" · {school}" if school else ""), True),
        ("", False),
        (f"Het werkblad '{ENTRY_SHEET}' heeft een rij voor elk papieren formulier (1 tot en met {forms}). "
         "Het nummer in de eerste kolom is het nummer dat rechtsboven op elke bladzijde van het formulier staat.",
         False),
        ("1. Zoek de rij met het nummer van het formulier en typ de antwoorden van die leerling in die rij.", False),
        ("2. Kies per vraag het antwoord uit de keuzelijst: klik op de cel en dan op het pijltje. Typ geen andere "
         "tekst en geen cijfer: de kit weigert een antwoord dat niet in de lijst staat en noemt dan de cel.", False),
        ("3. Heeft de leerling een vraag niet beantwoord, of twee hokjes aangekruist waar één antwoord hoort? "
         "Laat de cel dan leeg.", False),
    ]
    if several:
        question = several[0].item.text
        lines.append((f"4. Bij de vraag '{question}' heeft elk antwoord een eigen kolom. Kies Ja als de leerling "
                      "het hokje heeft aangekruist; laat de cel anders leeg.", False))
    lines += [
        ("5. Bij een open vraag typt u over wat de leerling schreef. Laat namen van leerlingen en medewerkers weg.",
         False),
        ("6. Formulieren die niet zijn ingeleverd of leeg zijn: laat de rij leeg. Lege rijen telt de kit niet mee.",
         False),
        (f"7. Verander de kolomkoppen niet, voeg geen kolommen toe en laat '{ENTRY_SHEET}' het eerste werkblad.",
         False),
        ("", False),
        ("Klaar? Sla het bestand op als Excel-werkmap (.xlsx) en zet het in de map surveys/ van de school met het "
         "schooljaar als naam, bijvoorbeeld 2026-2027.xlsx, of voeg het toe op de enquêtepagina. "
         "Controleren kan met: kit survey summary surveys/2026-2027.xlsx", False),
        ("Het bestand bevat antwoorden van leerlingen. Bewaar het even zorgvuldig als andere leerlinggegevens.",
         False),
    ]
    for row, (text, bold) in enumerate(lines, start=1):
        cell = guide.cell(row=row, column=1, value=text or None)
        cell.alignment = Alignment(wrap_text=True, vertical="top")
        if bold:
            cell.font = Font(bold=True, size=14)
    guide.column_dimensions["A"].width = 110


def check_entry_rows(layout: Layout, matching: Matching, instrument: Instrument) -> Layout:
    """Refuse cells that are not an answer of their question; leave out rows of forms not typed in.

    Raises SurveyError naming the worksheet and cell of each wrong answer (the first few).
    """
    from openpyxl.utils import get_column_letter

    data = layout.data
    allowed: dict[int, tuple[str, set[str]]] = {}
    for item_id, column in matching.columns.items():
        item = instrument.items[item_id]
        if item.type == "choice":
            allowed[column] = (item.text, {normalize(label) for label in item.answers})
    for item_id, options in matching.option_columns.items():
        for column in options.values():
            allowed[column] = (layout.headings[column], {normalize(text) for text in TICKED})
    problems = []
    for column, (question, texts) in allowed.items():
        codes, values = distinct_values(data[column])
        wrong = {index for index, value in enumerate(values) if value.strip() and normalize(value) not in texts}
        problems += [(row, column, values[code], question) for row, code in enumerate(codes) if code in wrong]
    if problems:
        problems.sort()
        count = len(problems)
        lines = [f"{layout.source}: {count} antwoord(en) in het invoerblad staan niet in de keuzelijst van hun vraag."]
        for row, column, value, question in problems[:_SHOWN_PROBLEMS]:
            lines.append(f"  - {_cell_name(layout, row, column, get_column_letter)}: '{value}' is geen antwoord op "
                         f"'{question}'.")
        if count > _SHOWN_PROBLEMS:
            lines.append(f"  - en nog {count - _SHOWN_PROBLEMS} andere.")
        raise SurveyError("\n".join(lines),
                          hint="Kies in die cel het antwoord uit de keuzelijst (klik op de cel en dan op het "
                               "pijltje), of maak de cel leeg als de leerling de vraag niet beantwoordde. "
                               "Sla het bestand op en lees het opnieuw in.")
    item_columns = list(matching.columns.values())
    item_columns += [column for options in matching.option_columns.values() for column in options.values()]
    filled = None
    for column in item_columns:
        cells = ~blank_cells(data[column])
        filled = cells if filled is None else filled | cells
    if filled is None or filled.all():
        return layout
    layout.data = data.loc[filled].reset_index(drop=True)
    if layout.row_numbers is not None:
        layout.row_numbers = [number for number, keep in zip(layout.row_numbers, filled) if keep]
    return layout


def _cell_name(layout: Layout, row: int, column: int, letter) -> str:
    """'werkblad Invoer, cel C5 (rij 5, kolom 'Ik voel me veilig op school.')' or the CSV equivalent."""
    row_number = layout.row_numbers[row] if layout.row_numbers else row + 2
    column_number = layout.column_numbers[column] if layout.column_numbers else column + 1
    heading = layout.headings[column]
    if layout.sheet is not None:
        return (f"werkblad '{layout.sheet}', cel {letter(column_number)}{row_number} "
                f"(rij {row_number}, kolom {letter(column_number)} '{heading}')")
    return f"regel {row_number}, kolom {column_number} '{heading}'"


def form_count(requested: int | None, pupils: int) -> int:
    """The number of forms: as asked, else the pupils in the profile, else 30; between 1 and MAX_FORMS."""
    count = requested if requested is not None else (pupils or 30)
    if isinstance(count, bool) or not isinstance(count, int) or not 1 <= count <= MAX_FORMS:
        raise SurveyError(f"Het aantal formulieren {count!r} kan niet: kies een getal van 1 tot en met {MAX_FORMS}.",
                          hint="Geef met --aantal het aantal leerlingen dat de enquête op papier invult.")
    return count
