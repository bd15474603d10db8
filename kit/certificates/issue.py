"""Issuing certificates (recorded in the school's workshop store) and checking a number later.

Issuing the same certificate again (same person, same meetings and days) gives the same
number; when the attendance changed, the person gets a new number and the old one stays on
record as what it was. ``verify`` looks a number up in every school of the workspace,
reading the databases without changing them.
"""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
from dataclasses import dataclass
from pathlib import Path

from kit import dates
from kit.certificates.number import new_number, parse_number
from kit.certificates.roster import Person
from kit.draaiboek.model import Draaiboek, hours_text
from kit.errors import KitError


class NotIssuedError(KitError):
    """The number is well-formed but no school in the workspace issued it."""

    exit_code = 1


@dataclass(frozen=True)
class IssuedMeeting:
    number: int
    id: str
    title: str
    day: dt.date
    minutes: int
    learning_goal: str


@dataclass(frozen=True)
class Certificate:
    number: str
    name: str
    school_name: str
    meetings: tuple[IssuedMeeting, ...]
    issued_on: dt.date

    @property
    def minutes(self) -> int:
        return sum(m.minutes for m in self.meetings)


def _record(meetings: tuple[IssuedMeeting, ...]) -> str:
    return json.dumps([{"nummer": m.number, "id": m.id, "titel": m.title, "datum": m.day.isoformat(),
                        "minuten": m.minutes} for m in meetings], ensure_ascii=False, sort_keys=True)


def issue(store, people: list[Person], draaiboek: Draaiboek, school_name: str) -> list[Certificate]:
    """A certificate for everyone who attended at least one meeting, recorded in ``store``."""
    from kit.workshop.store import utc_now

    wanted = []
    for person in people:
        meetings = tuple(IssuedMeeting(m.number, m.id, m.title, day, m.minutes, m.learning_goal)
                         for m, day in person.meetings(draaiboek))
        if meetings:
            wanted.append((person, meetings))

    def action(conn: sqlite3.Connection) -> list[Certificate]:
        out = []
        for person, meetings in wanted:
            record = _record(meetings)
            row = conn.execute("SELECT number, issued_at FROM certificates WHERE person = ? AND full_name = ? "
                               "AND school_name = ? AND meetings = ? ORDER BY issued_at DESC LIMIT 1",
                               (person.key, person.name, school_name, record)).fetchone()
            if row is None:
                number, issued_at = new_number(), utc_now()
                while conn.execute("SELECT 1 FROM certificates WHERE number = ?", (number,)).fetchone():
                    number = new_number()
                conn.execute("INSERT INTO certificates (number, person, full_name, school_name, meetings, minutes, "
                             "issued_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
                             (number, person.key, person.name, school_name, record,
                              sum(m.minutes for m in meetings), issued_at))
            else:
                number, issued_at = row["number"], row["issued_at"]
            out.append(Certificate(number, person.name, school_name, meetings, dates.local_day(issued_at)))
        return out

    return store.write(action)


@dataclass(frozen=True)
class Verified:
    number: str
    school_id: str
    school_name: str
    full_name: str
    issued_on: dt.date
    minutes: int
    meetings: list[dict]

    def text(self) -> str:
        """The Dutch answer of ``kit certificaat controleer``."""
        holder = self.full_name or "een deelnemer van wie de naam later is verwijderd (kit purge)"
        lines = [f"Certificaat {self.number} is echt: uitgegeven op {dates.dutch_date(self.issued_on)} aan "
                 f"{holder}, school {self.school_name} ({self.school_id}).",
                 f"Bijeenkomsten ({len(self.meetings)}, samen {hours_text(self.minutes)}):"]
        for m in self.meetings:
            day = dates.dutch_date(dt.date.fromisoformat(m["datum"]))
            lines.append(f"  {m['nummer']}. {m['titel']}, {day} ({m['minuten']} minuten)")
        return "\n".join(lines)


def verify(workspace: Path, text: object) -> Verified:
    """Find a certificate number in the workspace's schools; KitError for a bad number, NotIssuedError if unknown."""
    from kit.workshop.store import DB_NAME
    from kit.workspace import list_schools

    number = parse_number(text)
    for school_id in list_schools(workspace):
        database = Path(workspace) / school_id / DB_NAME
        if not database.is_file():
            continue
        try:
            conn = sqlite3.connect(f"{database.resolve().as_uri()}?mode=ro", uri=True)
        except sqlite3.Error:
            continue
        try:
            conn.row_factory = sqlite3.Row
            has_table = conn.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'certificates'"
                                     ).fetchone()
            row = has_table and conn.execute("SELECT * FROM certificates WHERE number = ?", (number,)).fetchone()
        except sqlite3.Error:
            row = None
        finally:
            conn.close()
        if row:
            return Verified(number, school_id, row["school_name"], row["full_name"], dates.local_day(row["issued_at"]),
                            row["minutes"], json.loads(row["meetings"]))
    raise NotIssuedError(f"Certificaat {number} is niet uitgegeven door een school in {workspace}.",
                         hint="Controleer het nummer en de werkmap (--workspace). Een certificaat met dit nummer "
                         "is niet echt, of het komt van een andere computer.")
