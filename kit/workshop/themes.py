"""Themes: the facilitator groups the statements of exercise 1 under named themes.

Deleting a theme is soft and can be undone; while it is deleted its statements show
as without a theme, and undoing brings them back under it.
"""

from __future__ import annotations

import sqlite3

from kit.workshop.codes import check_facilitator_key
from kit.workshop.errors import InputError
from kit.workshop.session import facilitator_workshop_id
from kit.workshop.statements import workshop_statement
from kit.workshop.store import Store, utc_now
from kit.workshop.text import check_name

THEME_MAX = 60


def add_theme(store: Store, key: str, name: str) -> int:
    """Facilitator: create a theme; returns its id."""
    key = check_facilitator_key(key)
    name = check_name(name, THEME_MAX, "De naam van het thema")

    def action(conn: sqlite3.Connection) -> int:
        workshop_id = facilitator_workshop_id(conn, key)
        return conn.execute(
            "INSERT INTO themes (workshop_id, name, created_at) VALUES (?, ?, ?)", (workshop_id, name, utc_now())
        ).lastrowid

    return store.write(action)


def rename_theme(store: Store, key: str, theme_id: int, name: str) -> None:
    """Facilitator: give a theme a new name."""
    key = check_facilitator_key(key)
    name = check_name(name, THEME_MAX, "De naam van het thema")

    def action(conn: sqlite3.Connection) -> None:
        _theme(conn, facilitator_workshop_id(conn, key), theme_id)
        conn.execute("UPDATE themes SET name = ? WHERE id = ?", (name, theme_id))

    store.write(action)


def delete_theme(store: Store, key: str, theme_id: int) -> None:
    """Facilitator: delete a theme (soft); :func:`restore_theme` undoes it."""
    _set_deleted(store, key, theme_id, deleted=True)


def restore_theme(store: Store, key: str, theme_id: int) -> None:
    """Facilitator: undo :func:`delete_theme`."""
    _set_deleted(store, key, theme_id, deleted=False)


def _set_deleted(store: Store, key: str, theme_id: int, *, deleted: bool) -> None:
    key = check_facilitator_key(key)

    def action(conn: sqlite3.Connection) -> None:
        _theme(conn, facilitator_workshop_id(conn, key), theme_id)
        conn.execute("UPDATE themes SET deleted_at = ? WHERE id = ?", (utc_now() if deleted else None, theme_id))

    store.write(action)


def assign_theme(store: Store, key: str, statement_id: int, theme_id: int | None) -> None:
    """Facilitator: put a statement under a theme, or under none with ``theme_id=None``."""
    key = check_facilitator_key(key)

    def action(conn: sqlite3.Connection) -> None:
        workshop_id = facilitator_workshop_id(conn, key)
        workshop_statement(conn, workshop_id, statement_id)
        if theme_id is not None and _theme(conn, workshop_id, theme_id)["deleted_at"] is not None:
            raise InputError("Dit thema is verwijderd; zet het eerst terug.")
        conn.execute("UPDATE statements SET theme_id = ? WHERE id = ?", (theme_id, statement_id))

    store.write(action)


def list_themes(store: Store, workshop_id: int, *, include_deleted: bool = False) -> list[dict]:
    """The workshop's themes in order of creation: ``[{"id", "name", "created_at", "deleted_at"}, ...]``."""
    live = "" if include_deleted else "AND deleted_at IS NULL"
    rows = store.read(
        lambda conn: conn.execute(
            f"SELECT id, name, created_at, deleted_at FROM themes WHERE workshop_id = ? {live} ORDER BY id",
            (workshop_id,),
        ).fetchall()
    )
    return [dict(row) for row in rows]


def _theme(conn: sqlite3.Connection, workshop_id: int, theme_id: object) -> sqlite3.Row:
    row = conn.execute(
        "SELECT id, deleted_at FROM themes WHERE id = ? AND workshop_id = ?", (theme_id, workshop_id)
    ).fetchone()
    if row is None:
        raise InputError("Dit thema bestaat niet (meer).")
    return row
