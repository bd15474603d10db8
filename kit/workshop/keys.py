"""Which facilitator key works: one key per school at a time, and only while someone asked for it.

A key opens every course page (start page, survey, plan and the workshop apps), plan
editing and the survey upload. The school's one working key is

* the newest workshop's key while that workshop is open; closing it (``kit workshop
  close``) revokes the key, and starting a newer workshop (``kit workshop open --nieuw``,
  or a new draaiboek meeting) revokes the keys of all older ones;
* or, before the school's first workshop, a key of the school itself (``school_keys``),
  which the first workshop then takes over, so the links the facilitator has keep working.

``kit workshop key SCHOOL`` (:func:`working_key`) gives a working key at any time: the
current one, or a new one when the newest workshop's key was revoked by closing (the
facilitator finishes the vision and the plan after the workshop, and a school without a
workshop still needs its survey and plan pages). Reopening a closed workshop gives it a
new key as well. ``--nieuw`` (:func:`rotate_key`) replaces the working key at once. A
replaced key is kept (``revoked_keys``, or ``school_keys.revoked_at``) so a page that still
holds it can say it no longer works instead of that it never did.

Every key check in the kit goes through :func:`key_access`.
"""

from __future__ import annotations

import secrets
import sqlite3

from kit.workshop.codes import new_facilitator_key
from kit.workshop.errors import AccessError, RevokedKeyError
from kit.workshop.store import Store, utc_now

WORKSHOP_COLUMNS = "id, join_code, opened_at, closed_at, votes_per_participant"


class NoWorkshopError(AccessError):
    """A working key of a school that has not held a workshop yet, on a page that needs one."""


def key_access(conn: sqlite3.Connection, key: str) -> sqlite3.Row | None:
    """Inside a transaction: the workshop row this (well-formed) key opens; None for the school's own key.

    The school's own key exists only before its first workshop. Raises
    :class:`RevokedKeyError` for a key that no longer works (closed, older workshop, replaced)
    and :class:`AccessError` for a key that never belonged to this school.
    """
    rows = conn.execute(f"SELECT {WORKSHOP_COLUMNS}, facilitator_key, key_revoked_at FROM workshops").fetchall()
    newest = max((row["id"] for row in rows), default=None)
    for row in rows:  # compare every row in constant time: no early exit on the first character
        if secrets.compare_digest(row["facilitator_key"], key):
            if row["key_revoked_at"] is not None:
                raise revoked(closed=row["id"] == newest and row["closed_at"] is not None)
            return row
    for row in conn.execute("SELECT key, revoked_at FROM school_keys").fetchall():
        if secrets.compare_digest(row["key"], key):
            if row["revoked_at"] is not None:
                raise revoked()
            return None
    if any(secrets.compare_digest(old, key) for (old,) in conn.execute("SELECT key FROM revoked_keys")):
        raise revoked()
    raise AccessError("Deze begeleiderslink hoort bij geen enkele workshop van deze school.")


def facilitator_row(conn: sqlite3.Connection, key: str) -> sqlite3.Row:
    """:func:`key_access` for what needs a workshop: :class:`NoWorkshopError` for the school's own key."""
    row = key_access(conn, key)
    if row is None:
        raise NoWorkshopError("Deze school heeft nog geen workshop gehouden.",
                              hint="Start er een met 'kit workshop open'; de begeleiderslink blijft dezelfde.")
    return row


def revoke_older_keys(conn: sqlite3.Connection, newest_id: int) -> None:
    """Inside a write: revoke the keys of every workshop older than ``newest_id``."""
    conn.execute("UPDATE workshops SET key_revoked_at = ? WHERE id < ? AND key_revoked_at IS NULL",
                 (utc_now(), newest_id))


def revoke_on_close(conn: sqlite3.Connection, workshop_id: int) -> None:
    """Inside a write: closing a workshop revokes its key (``kit workshop key`` gives a new one)."""
    conn.execute("UPDATE workshops SET key_revoked_at = ? WHERE id = ? AND key_revoked_at IS NULL",
                 (utc_now(), workshop_id))


def key_for_new_workshop(conn: sqlite3.Connection) -> str:
    """Inside a write: the key a new workshop gets: the school's own key when it has one, else a new key."""
    row = conn.execute("SELECT key FROM school_keys WHERE revoked_at IS NULL").fetchone()
    if row is None:
        return new_facilitator_key()
    conn.execute("DELETE FROM school_keys WHERE key = ?", (row["key"],))  # from now on it is the workshop's key
    return row["key"]


def renew_if_revoked(conn: sqlite3.Connection, workshop_id: int) -> str:
    """Inside a write: the key of workshop ``workshop_id``, a new one when its key was revoked."""
    row = conn.execute("SELECT id, facilitator_key, key_revoked_at FROM workshops WHERE id = ?",
                       (workshop_id,)).fetchone()
    return row["facilitator_key"] if row["key_revoked_at"] is None else _replace(conn, row)


def _replace(conn: sqlite3.Connection, row: sqlite3.Row) -> str:
    conn.execute("INSERT OR IGNORE INTO revoked_keys (key, workshop_id, revoked_at) VALUES (?, ?, ?)",
                 (row["facilitator_key"], row["id"], utc_now()))
    key = new_facilitator_key()
    conn.execute("UPDATE workshops SET facilitator_key = ?, key_revoked_at = NULL WHERE id = ?", (key, row["id"]))
    return key


def _school_key(conn: sqlite3.Connection, replace: bool) -> str:
    row = conn.execute("SELECT key FROM school_keys WHERE revoked_at IS NULL").fetchone()
    if row is not None and not replace:
        return row["key"]
    conn.execute("UPDATE school_keys SET revoked_at = ? WHERE revoked_at IS NULL", (utc_now(),))
    key = new_facilitator_key()
    conn.execute("INSERT INTO school_keys (key, created_at) VALUES (?, ?)", (key, utc_now()))
    return key


def working_key(store: Store) -> tuple[int | None, str, bool]:
    """A key that works now: ``(workshop id or None, key, made)``; ``made`` when it had to be made.

    The newest workshop's key, or a new one for it when closing revoked it; a school without
    a workshop gets (or keeps) a key of its own.
    """

    def action(conn: sqlite3.Connection) -> tuple[int | None, str, bool]:
        row = conn.execute("SELECT id, facilitator_key, key_revoked_at FROM workshops "
                           "ORDER BY id DESC LIMIT 1").fetchone()
        if row is None:
            had = conn.execute("SELECT 1 FROM school_keys WHERE revoked_at IS NULL").fetchone() is not None
            return None, _school_key(conn, replace=False), not had
        if row["key_revoked_at"] is None:
            return row["id"], row["facilitator_key"], False
        return row["id"], _replace(conn, row), True

    return store.write(action)


def rotate_key(store: Store) -> tuple[int | None, str]:
    """Replace the school's working key; the old one stops working at once. Returns ``(workshop id, key)``."""

    def action(conn: sqlite3.Connection) -> tuple[int | None, str]:
        row = conn.execute("SELECT id, facilitator_key FROM workshops ORDER BY id DESC LIMIT 1").fetchone()
        if row is None:
            return None, _school_key(conn, replace=True)
        return row["id"], _replace(conn, row)

    return store.write(action)


def current_key(store: Store) -> tuple[int, str] | None:
    """``(workshop id, key)`` of the newest workshop (working or not), or None; for tests and checks."""
    row = store.read(lambda conn: conn.execute(
        "SELECT id, facilitator_key FROM workshops ORDER BY id DESC LIMIT 1").fetchone())
    return None if row is None else (row["id"], row["facilitator_key"])


def revoked(closed: bool = False) -> RevokedKeyError:
    if closed:
        return RevokedKeyError(
            "Deze begeleiderslink werkt niet meer: de workshop is gesloten.",
            hint="Een begeleiderslink die werkt, geeft 'kit workshop key' met de id van de school.")
    return RevokedKeyError(
        "Deze begeleiderslink werkt niet meer: er is een nieuwere workshop gestart of een nieuwe begeleiderslink "
        "gemaakt.",
        hint="Gebruik de begeleiderslink die 'kit workshop open' of 'kit workshop key' het laatst heeft getoond.",
    )
