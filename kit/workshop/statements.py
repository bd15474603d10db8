"""Exercise 1, "Wat is sociale veiligheid voor jou?": short statements per participant.

A participant adds, edits and withdraws their own statements; every text they ever
saved is kept in ``statement_versions``. The facilitator can hide a statement
(soft delete) and undo that; nothing is ever removed from the database.
"""

from __future__ import annotations

import sqlite3

from kit.workshop.codes import check_facilitator_key, check_participant_token
from kit.workshop.errors import InputError, LimitError
from kit.workshop.session import facilitator_workshop_id, writing_participant
from kit.workshop.store import Store, utc_now
from kit.workshop.text import check_text

MAX_STATEMENTS = 5
STATEMENT_MAX = 280

_COLUMNS = """s.id, s.participant_id, p.pseudonym, s.text, s.created_at, s.edited_at, s.withdrawn_at,
    s.deleted_at, CASE WHEN t.deleted_at IS NULL THEN s.theme_id END AS theme_id"""
_FROM = """FROM statements s JOIN participants p ON p.id = s.participant_id
    LEFT JOIN themes t ON t.id = s.theme_id"""


def add_statement(store: Store, token: str, text: str) -> int:
    """Save a new statement for the participant; returns its id.

    At most :data:`MAX_STATEMENTS` statements that are not withdrawn or hidden, each at
    most :data:`STATEMENT_MAX` characters, stored exactly as typed.
    """
    token = check_participant_token(token)
    text = check_text(text, STATEMENT_MAX, "Je uitspraak")

    def action(conn: sqlite3.Connection) -> int:
        participant = writing_participant(conn, token)
        (active,) = conn.execute(
            """SELECT count(*) FROM statements
               WHERE participant_id = ? AND withdrawn_at IS NULL AND deleted_at IS NULL""",
            (participant["id"],),
        ).fetchone()
        if active >= MAX_STATEMENTS:
            raise LimitError(
                f"Je hebt al {MAX_STATEMENTS} uitspraken; meer kan niet.",
                hint="Pas een uitspraak aan of trek er een in om ruimte te maken.",
            )
        now = utc_now()
        statement_id = conn.execute(
            "INSERT INTO statements (participant_id, text, created_at) VALUES (?, ?, ?)",
            (participant["id"], text, now),
        ).lastrowid
        conn.execute(
            "INSERT INTO statement_versions (statement_id, text, written_at) VALUES (?, ?, ?)",
            (statement_id, text, now),
        )
        return statement_id

    return store.write(action)


def edit_statement(store: Store, token: str, statement_id: int, text: str) -> None:
    """Replace the text of one of the participant's own statements; the old text stays in the history."""
    token = check_participant_token(token)
    text = check_text(text, STATEMENT_MAX, "Je uitspraak")

    def action(conn: sqlite3.Connection) -> None:
        if _own_live_statement(conn, writing_participant(conn, token)["id"], statement_id)["text"] == text:
            return
        now = utc_now()
        conn.execute("UPDATE statements SET text = ?, edited_at = ? WHERE id = ?", (text, now, statement_id))
        conn.execute(
            "INSERT INTO statement_versions (statement_id, text, written_at) VALUES (?, ?, ?)",
            (statement_id, text, now),
        )

    store.write(action)


def withdraw_statement(store: Store, token: str, statement_id: int) -> None:
    """Withdraw one of the participant's own statements (it stays in the database, marked withdrawn)."""
    token = check_participant_token(token)

    def action(conn: sqlite3.Connection) -> None:
        _own_live_statement(conn, writing_participant(conn, token)["id"], statement_id)
        conn.execute("UPDATE statements SET withdrawn_at = ? WHERE id = ?", (utc_now(), statement_id))

    store.write(action)


def delete_statement(store: Store, key: str, statement_id: int) -> None:
    """Facilitator: hide a statement from every view; :func:`restore_statement` undoes it."""
    _set_deleted(store, key, statement_id, deleted=True)


def restore_statement(store: Store, key: str, statement_id: int) -> None:
    """Facilitator: undo :func:`delete_statement`."""
    _set_deleted(store, key, statement_id, deleted=False)


def _set_deleted(store: Store, key: str, statement_id: int, *, deleted: bool) -> None:
    key = check_facilitator_key(key)

    def action(conn: sqlite3.Connection) -> None:
        workshop_statement(conn, facilitator_workshop_id(conn, key), statement_id)
        conn.execute(
            "UPDATE statements SET deleted_at = ? WHERE id = ?", (utc_now() if deleted else None, statement_id)
        )

    store.write(action)


def workshop_statement(conn: sqlite3.Connection, workshop_id: int, statement_id: object) -> sqlite3.Row:
    """Inside a transaction: the statement with this id in this workshop, or InputError."""
    row = conn.execute(
        "SELECT s.* FROM statements s JOIN participants p ON p.id = s.participant_id "
        "WHERE s.id = ? AND p.workshop_id = ?",
        (statement_id, workshop_id),
    ).fetchone()
    if row is None:
        raise InputError("Deze uitspraak bestaat niet (meer).")
    return row


def _own_live_statement(conn: sqlite3.Connection, participant_id: int, statement_id: object) -> sqlite3.Row:
    row = conn.execute(
        "SELECT text, withdrawn_at FROM statements WHERE id = ? AND participant_id = ?", (statement_id, participant_id)
    ).fetchone()
    if row is None or row["withdrawn_at"] is not None:
        raise InputError("Deze uitspraak bestaat niet (meer) of is niet van jou.")
    return row


def own_statements(store: Store, token: str) -> list[dict]:
    """The participant's statements that are not withdrawn, oldest first (same shape as :func:`list_statements`).

    A statement the facilitator hid is included, with ``deleted_at`` set.
    """
    token = check_participant_token(token)
    rows = store.read(
        lambda conn: conn.execute(
            f"SELECT {_COLUMNS} {_FROM} WHERE p.token = ? AND s.withdrawn_at IS NULL ORDER BY s.id", (token,)
        ).fetchall()
    )
    return [dict(row) for row in rows]


def list_statements(store: Store, workshop_id: int, *, include_removed: bool = False) -> list[dict]:
    """The workshop's statements, oldest first.

    Each is ``{"id", "participant_id", "pseudonym", "text", "created_at", "edited_at",
    "withdrawn_at", "deleted_at", "theme_id"}``; ``theme_id`` is None when the statement
    has no theme or its theme was deleted. Withdrawn and hidden statements only with
    ``include_removed=True``.
    """
    live = "" if include_removed else "AND s.withdrawn_at IS NULL AND s.deleted_at IS NULL"
    rows = store.read(
        lambda conn: conn.execute(
            f"SELECT {_COLUMNS} {_FROM} WHERE p.workshop_id = ? {live} ORDER BY s.id", (workshop_id,)
        ).fetchall()
    )
    return [dict(row) for row in rows]


def statement_history(store: Store, workshop_id: int) -> dict[int, list[dict]]:
    """Every saved text of every statement in the workshop: ``{statement_id: [{"text", "written_at"}, ...]}``."""
    rows = store.read(
        lambda conn: conn.execute(
            """SELECT v.statement_id, v.text, v.written_at FROM statement_versions v
               JOIN statements s ON s.id = v.statement_id JOIN participants p ON p.id = s.participant_id
               WHERE p.workshop_id = ? ORDER BY v.id""",
            (workshop_id,),
        ).fetchall()
    )
    history: dict[int, list[dict]] = {}
    for row in rows:
        history.setdefault(row["statement_id"], []).append({"text": row["text"], "written_at": row["written_at"]})
    return history
