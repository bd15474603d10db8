"""Which meeting of the course (draaiboek) a workshop is, and who attended it under their full name.

A meeting is held as a workshop: ``workshops.meeting`` holds the meeting's id from the
draaiboek (NULL for a workshop from before meetings, or one that belongs to none). A
participant who gave a full name when joining can get a certificate; the same person in
several workshops is recognised by that name, normalised (:func:`person_key`).
"""

from __future__ import annotations

import sqlite3
import unicodedata
from dataclasses import dataclass

from kit.workshop.session import Workshop, _WORKSHOP_COLUMNS, _workshop
from kit.workshop.store import Store


@dataclass(frozen=True)
class Attendance:
    """One person with a full name in one workshop."""

    person: str  # person_key(full_name)
    full_name: str
    workshop_id: int
    meeting: str | None
    opened_at: str


def person_key(full_name: str) -> str:
    """The same person across workshops: case, accents, spaces and dots do not count."""
    text = unicodedata.normalize("NFKD", full_name.casefold())
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    return " ".join(text.replace(".", " ").split())


def set_meeting(store: Store, workshop_id: int, meeting_id: str | None) -> None:
    """Record that workshop ``workshop_id`` is meeting ``meeting_id`` (None: no meeting)."""
    store.write(lambda conn: conn.execute("UPDATE workshops SET meeting = ? WHERE id = ?", (meeting_id, workshop_id)))


def meeting_of(store: Store, workshop_id: int) -> str | None:
    row = store.read(lambda conn: conn.execute("SELECT meeting FROM workshops WHERE id = ?",
                                               (workshop_id,)).fetchone())
    return None if row is None else row["meeting"]


def workshops_by_meeting(store: Store) -> dict[str, list[Workshop]]:
    """Every meeting id with its workshops, oldest first (a meeting may be held more than once)."""

    def action(conn: sqlite3.Connection) -> dict[str, list[Workshop]]:
        out: dict[str, list[Workshop]] = {}
        for row in conn.execute(f"SELECT {_WORKSHOP_COLUMNS}, meeting FROM workshops WHERE meeting IS NOT NULL "
                                "ORDER BY id"):
            out.setdefault(row["meeting"], []).append(_workshop(row))
        return out

    return store.read(action)


def attendance(store: Store) -> list[Attendance]:
    """Everyone who joined a workshop with a full name, in order of joining."""
    rows = store.read(lambda conn: conn.execute(
        """SELECT p.full_name, p.workshop_id, w.meeting, w.opened_at FROM participants p
           JOIN workshops w ON w.id = p.workshop_id
           WHERE p.full_name IS NOT NULL AND trim(p.full_name) != '' ORDER BY p.id""").fetchall())
    return [Attendance(person_key(r["full_name"]), r["full_name"].strip(), r["workshop_id"], r["meeting"],
                       r["opened_at"]) for r in rows]


def unnamed_counts(store: Store) -> dict[int, int]:
    """Per workshop: how many participants gave no full name (they get no certificate)."""
    rows = store.read(lambda conn: conn.execute(
        """SELECT workshop_id, count(*) AS n FROM participants
           WHERE full_name IS NULL OR trim(full_name) = '' GROUP BY workshop_id""").fetchall())
    return {r["workshop_id"]: r["n"] for r in rows}


def vision_workshop(store: Store) -> Workshop | None:
    """The latest workshop with vision work (a saved vision, statements, votes or ratings), else the latest.

    Once every meeting is a workshop of its own, the latest workshop is often not the one
    where the team made its vision; pages that show the vision should use this one.
    """

    def action(conn: sqlite3.Connection) -> Workshop | None:
        row = conn.execute(
            f"""SELECT {_WORKSHOP_COLUMNS} FROM workshops w WHERE
                EXISTS (SELECT 1 FROM vision_versions v WHERE v.workshop_id = w.id)
                OR EXISTS (SELECT 1 FROM statements s JOIN participants p ON p.id = s.participant_id
                           WHERE p.workshop_id = w.id)
                OR EXISTS (SELECT 1 FROM value_votes x WHERE x.workshop_id = w.id)
                OR EXISTS (SELECT 1 FROM ratings r WHERE r.workshop_id = w.id)
                ORDER BY id DESC LIMIT 1""").fetchone()
        if row is None:
            row = conn.execute(f"SELECT {_WORKSHOP_COLUMNS} FROM workshops ORDER BY id DESC LIMIT 1").fetchone()
        return None if row is None else _workshop(row)

    return store.read(action)
