"""The vision the team writes together: every saved version is kept, and one can be marked final."""

from __future__ import annotations

import sqlite3

from kit.workshop.codes import check_facilitator_key
from kit.workshop.errors import InputError
from kit.workshop.session import facilitator_workshop_id
from kit.workshop.store import Store, utc_now
from kit.workshop.text import check_text

VISION_MAX = 10_000


def save_vision(store: Store, key: str, text: str, *, final: bool = False) -> int:
    """Facilitator: save the vision text as a new version; returns the version's id.

    With ``final=True`` this version also becomes the final one.
    """
    key = check_facilitator_key(key)
    text = check_text(text, VISION_MAX, "De tekst van de visie")

    def action(conn: sqlite3.Connection) -> int:
        workshop_id = facilitator_workshop_id(conn, key)
        version_id = conn.execute(
            "INSERT INTO vision_versions (workshop_id, text, saved_at) VALUES (?, ?, ?)",
            (workshop_id, text, utc_now()),
        ).lastrowid
        if final:
            _mark_final(conn, workshop_id, version_id)
        return version_id

    return store.write(action)


def mark_final(store: Store, key: str, version_id: int) -> None:
    """Facilitator: make this saved version the final vision (any earlier final one no longer is)."""
    key = check_facilitator_key(key)

    def action(conn: sqlite3.Connection) -> None:
        workshop_id = facilitator_workshop_id(conn, key)
        found = conn.execute(
            "SELECT 1 FROM vision_versions WHERE id = ? AND workshop_id = ?", (version_id, workshop_id)
        ).fetchone()
        if found is None:
            raise InputError("Deze versie van de visie bestaat niet.")
        _mark_final(conn, workshop_id, version_id)

    store.write(action)


def _mark_final(conn: sqlite3.Connection, workshop_id: int, version_id: int) -> None:
    conn.execute("UPDATE vision_versions SET final = 0 WHERE workshop_id = ? AND final = 1", (workshop_id,))
    conn.execute("UPDATE vision_versions SET final = 1 WHERE id = ?", (version_id,))


def list_vision_versions(store: Store, workshop_id: int) -> list[dict]:
    """Every saved version, oldest first: ``[{"id", "number", "text", "saved_at", "final"}, ...]``."""
    rows = store.read(
        lambda conn: conn.execute(
            "SELECT id, text, saved_at, final FROM vision_versions WHERE workshop_id = ? ORDER BY id",
            (workshop_id,),
        ).fetchall()
    )
    return [
        {"id": row["id"], "number": n, "text": row["text"], "saved_at": row["saved_at"], "final": bool(row["final"])}
        for n, row in enumerate(rows, start=1)
    ]


def current_vision(store: Store, workshop_id: int) -> dict | None:
    """The final version if one is marked, else the latest draft (``"final": False``), else None."""
    versions = list_vision_versions(store, workshop_id)
    finals = [version for version in versions if version["final"]]
    return (finals or versions or [None])[-1]
