"""Who attended which meeting, and when: from the workshops in the store, or from the facilitator's own list.

From the store: a participant who gave a full name when joining a meeting's workshop
attended that meeting on the day the workshop was opened; the same person across
workshops is recognised by the normalised full name. Participants without a full name
get no certificate.

The facilitator's list (``--deelnemers``, CSV or xlsx) replaces the store's attendance.
Its first row names the columns:

- ``naam``: the participant's full name (required, once per person);
- then either one column ``bijeenkomsten`` with the meetings attended, as numbers or ids
  separated by commas (``1, 2, 4``),
- or a column per meeting, headed by its number (``1`` or ``bijeenkomst 1``), id or title,
  with in each cell ``x`` (attended; the date of the meeting's workshop in the store), a date
  (``12-03-2027``: attended on that day) or nothing (not attended).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from dataclasses import dataclass, field
from pathlib import Path

from kit import dates
from kit.draaiboek.model import Draaiboek, Meeting
from kit.errors import KitError
from kit.spreadsheet import SheetLimits, megabytes, read_first_sheet
from kit.workshop.meetings import person_key
from kit.text_safety import control_characters, describe

YES = {"x", "ja", "j", "v", "1", "aanwezig", "✓", "✔"}
NO = {"", "nee", "n", "-", "0", "afwezig"}
NAME_MAX = 80


class RosterError(KitError):
    """The facilitator's list cannot be used; the message names the file, row and column."""


@dataclass
class Person:
    name: str
    key: str
    attended: dict[str, dt.date] = field(default_factory=dict)  # meeting id -> day

    def meetings(self, draaiboek: Draaiboek) -> list[tuple[Meeting, dt.date]]:
        """The attended meetings in the draaiboek's order, with their day."""
        return [(m, self.attended[m.id]) for m in draaiboek.meetings if m.id in self.attended]


def meeting_days(store, draaiboek: Draaiboek) -> dict[str, dt.date]:
    """Per meeting id: the day its first workshop was opened."""
    from kit.workshop.meetings import workshops_by_meeting

    return {meeting_id: dates.local_day(held[0].opened_at)
            for meeting_id, held in workshops_by_meeting(store).items() if draaiboek.by_id(meeting_id)}


def from_store(store, draaiboek: Draaiboek) -> tuple[list[Person], int]:
    """Everyone with a full name in a meeting's workshop, in order of first joining; and how many had none."""
    from kit.workshop.meetings import attendance, unnamed_counts

    people: dict[str, Person] = {}
    for row in attendance(store):
        if draaiboek.by_id(row.meeting) is None:
            continue
        spelling = " ".join(row.full_name.split())
        person = people.setdefault(row.person, Person(spelling, row.person))
        if spelling != spelling.lower() or person.name == person.name.lower():
            person.name = spelling  # the latest spelling, unless it lost its capitals
        day = dates.local_day(row.opened_at)
        if row.meeting not in person.attended or day < person.attended[row.meeting]:
            person.attended[row.meeting] = day
    return list(people.values()), sum(unnamed_counts(store).values())


# ----------------------------------------------------------------------------- the facilitator's list

# An attendance list has a row per participant and a column per meeting; these limits leave a wide margin
# and keep a damaged or hostile file from taking the memory of the machine (see kit.spreadsheet).
MAX_FILE_BYTES = 5 * 1024 * 1024
LIMITS = SheetLimits(max_rows=5_000, max_columns=200, max_cells=200_000, max_cell_chars=1_000,
                     max_unpacked_bytes=32 * 1024 * 1024, max_zip_members=1_000, max_compression_ratio=200,
                     ratio_checked_from=1024 * 1024)
_TOO_BIG_HINT = "Een presentielijst heeft een rij per deelnemer en een kolom per bijeenkomst; controleer het bestand."


def read_rows(path: Path) -> list[list[str]]:
    """The file's rows as text cells (CSV in UTF-8 or Windows-1252 with ; or , or an .xlsx's first sheet)."""
    if not path.is_file():
        raise RosterError(f"Het bestand {path} bestaat niet.", hint="Controleer de naam en de map.")
    if path.stat().st_size > MAX_FILE_BYTES:
        raise RosterError(f"{path.name} is te groot ({megabytes(path.stat().st_size)}; de grens is "
                          f"{megabytes(MAX_FILE_BYTES)}).", hint=_TOO_BIG_HINT)
    data = path.read_bytes()
    if data.startswith(b"PK\x03\x04"):
        return _xlsx_rows(data, path)
    if b"\x00" in data:
        raise RosterError(f"{path.name} is geen tabel maar een binair bestand.",
                          hint="Sla de lijst op als CSV of als .xlsx.")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = data.decode("cp1252", errors="replace")
    first = text.split("\n", 1)[0]
    delimiter = ";" if first.count(";") >= first.count(",") and ";" in first else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    rows = []
    try:
        for row in reader:
            if len(rows) >= LIMITS.max_rows or len(row) > LIMITS.max_columns:
                raise RosterError(f"{path.name} is te groot: regel {reader.line_num} valt buiten de grens van "
                                  f"{LIMITS.max_rows} regels en {LIMITS.max_columns} kolommen.", hint=_TOO_BIG_HINT)
            rows.append([cell.strip() for cell in row])
    except csv.Error:
        raise RosterError(f"{path.name} is geen nette tabel: regel {reader.line_num} is niet te ontleden.",
                          hint="Sla de lijst opnieuw op als CSV, of als .xlsx.") from None
    return rows


def _xlsx_rows(data: bytes, path: Path) -> list[list[str]]:
    def damaged() -> RosterError:
        return RosterError(f"{path.name} is geen leesbaar Excel-bestand (.xlsx).",
                           hint="Sla het opnieuw op als .xlsx of als CSV.")

    rows, _title = read_first_sheet(data, path.name, LIMITS, error=RosterError, too_big_hint=_TOO_BIG_HINT,
                                    damaged=damaged, convert=_cell_text)
    return rows


def _cell_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, (dt.datetime, dt.date)):
        day = value.date() if isinstance(value, dt.datetime) else value
        return day.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _column_name(index: int) -> str:
    name = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        name = chr(65 + rest) + name
    return name


def _meeting_for_header(header: str, draaiboek: Draaiboek) -> Meeting | None:
    text = " ".join(header.casefold().split())
    text = re.sub(r"^(bijeenkomst|bijeenkomsten|nr\.?)\s*", "", text)
    for m in draaiboek.meetings:
        if text in (str(m.number), m.id, m.title.casefold()):
            return m
    return None


def parse_day(text: str) -> dt.date | None:
    """``12-03-2027``, ``12/3/2027``, ``2027-03-12`` (also with a time after it); None otherwise."""
    text = text.strip().split(" ")[0].split("T")[0]
    iso = re.fullmatch(r"(\d{4})-(\d{1,2})-(\d{1,2})", text)
    dutch = re.fullmatch(r"(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})", text)
    try:
        if iso:
            return dt.date(int(iso.group(1)), int(iso.group(2)), int(iso.group(3)))
        if dutch:
            return dt.date(int(dutch.group(3)), int(dutch.group(2)), int(dutch.group(1)))
    except ValueError:
        return None
    return None


def from_file(path: str | Path, draaiboek: Draaiboek, days: dict[str, dt.date]) -> list[Person]:
    """The facilitator's list; RosterError names the file, row and column of the first problems."""
    path = Path(path)
    rows = read_rows(path)
    name = path.name
    while rows and not any(rows[-1]):
        rows.pop()
    if not rows or not any(rows[0]):
        raise RosterError(f"{name} is leeg.", hint="Zet in de eerste rij de kolomnamen: naam, en de bijeenkomsten.")
    header = rows[0]
    columns: dict[int, Meeting | str] = {}
    problems: list[str] = []
    for index, title in enumerate(header):
        where = f"kolom {_column_name(index)} ('{title}')"
        key = title.strip().casefold()
        if not key:
            continue
        if key == "naam":
            columns[index] = "naam"
        elif key == "bijeenkomsten":
            columns[index] = "bijeenkomsten"
        elif (meeting := _meeting_for_header(title, draaiboek)) is not None:
            columns[index] = meeting
        else:
            numbers = ", ".join(str(m.number) for m in draaiboek.meetings)
            problems.append(f"rij 1, {where}: onbekende kolom. Verwacht 'naam' en dan 'bijeenkomsten' of een "
                            f"kolom per bijeenkomst ({numbers}, of 'bijeenkomst 1' enzovoort).")
    if "naam" not in columns.values():
        problems.append("rij 1: de kolom 'naam' ontbreekt.")
    if problems:
        raise _roster_error(name, problems)
    people: dict[str, Person] = {}
    first_row: dict[str, int] = {}
    for number, row in enumerate(rows[1:], start=2):
        if not any(cell.strip() for cell in row):
            continue
        cells = {index: (row[index].strip() if index < len(row) else "") for index in columns}
        full = next(cells[i] for i, c in columns.items() if c == "naam")
        name_col = _column_name(next(i for i, c in columns.items() if c == "naam"))
        if not full:
            problems.append(f"rij {number}, kolom {name_col} ('naam'): de naam is leeg; vul de volledige naam in "
                            "of haal de rij weg.")
            continue
        if len(full) > NAME_MAX:
            problems.append(f"rij {number}, kolom {name_col} ('naam'): de naam is langer dan {NAME_MAX} tekens.")
            continue
        if chars := control_characters(full):
            problems.append(f"rij {number}, kolom {name_col} ('naam'): de naam bevat {describe(chars)}; typ de "
                            "naam opnieuw in de cel.")
            continue
        key = person_key(full)
        if key in people:
            problems.append(f"rij {number}, kolom {name_col} ('naam'): '{full}' staat ook op rij {first_row[key]}; "
                            "zet elke deelnemer één keer in de lijst.")
            continue
        person = Person(" ".join(full.split()), key)
        for index, kind in columns.items():
            value = cells[index]
            where = f"rij {number}, kolom {_column_name(index)} ('{header[index]}')"
            if kind == "bijeenkomsten":
                for part in filter(None, (p.strip() for p in re.split(r"[,;\s]+", value))):
                    meeting = next((m for m in draaiboek.meetings if part.casefold() in (str(m.number), m.id)), None)
                    if meeting is None:
                        numbers = ", ".join(str(m.number) for m in draaiboek.meetings)
                        problems.append(f"{where}: '{part}' is geen bijeenkomst; schrijf de nummers, bijvoorbeeld "
                                        f"1, 2, 4 (het draaiboek heeft {numbers}).")
                    else:
                        _attend(person, meeting, None, days, where, problems)
            elif isinstance(kind, Meeting):
                lowered = value.casefold()
                if lowered in NO:
                    continue
                if lowered in YES:
                    _attend(person, kind, None, days, where, problems)
                    continue
                day = parse_day(value)
                if day is None:
                    problems.append(f"{where}: '{value}' is geen datum en geen kruisje; vul een datum in "
                                    "(bijvoorbeeld 12-03-2027), een x, of laat de cel leeg.")
                else:
                    _attend(person, kind, day, days, where, problems)
        people[key] = person
        first_row[key] = number
    if problems:
        raise _roster_error(name, problems)
    if not people:
        raise RosterError(f"{name}: er staan geen deelnemers in.", hint="Zet onder de kolomnamen een rij per deelnemer.")
    return list(people.values())


def _attend(person: Person, meeting: Meeting, day: dt.date | None, days: dict[str, dt.date], where: str,
            problems: list[str]) -> None:
    day = day or days.get(meeting.id)
    if day is None:
        problems.append(f"{where}: voor bijeenkomst {meeting.number} ({meeting.title}) staat geen workshop in de "
                        "kit, dus ook geen datum; vul de datum in, bijvoorbeeld 12-03-2027 (in een kolom per "
                        "bijeenkomst).")
        return
    person.attended[meeting.id] = day


def _roster_error(name: str, problems: list[str]) -> RosterError:
    shown = problems[:10]
    more = f"\n  ... en nog {len(problems) - 10} andere." if len(problems) > 10 else ""
    return RosterError(f"{name}: {len(problems)} fout(en) in de lijst met deelnemers.\n"
                       + "\n".join(f"  - {p}" for p in shown) + more,
                       hint="Verbeter de lijst en probeer het opnieuw; er is niets gemaakt.")
