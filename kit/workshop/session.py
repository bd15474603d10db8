"""Workshops and who takes part: open, resume, close, join; and the access checks every write uses.

A school's database can hold several workshops over time; at most one is open.
Participants write with their token (a join code and a pseudonym give them one);
the facilitator acts with the workshop's facilitator key. A closed workshop
accepts nothing from participants; closing revokes its key, and ``kit workshop key``
gives the facilitator a new one to go on working on it (:mod:`kit.workshop.keys`).
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass, field
from typing import Callable

from kit.workshop.codes import (
    check_facilitator_key,
    check_join_code,
    check_participant_token,
    new_join_code,
    new_participant_token,
)
from kit.workshop.errors import AccessError, InputError, WorkshopClosedError, WorkshopError
from kit.workshop.keys import key_for_new_workshop, renew_if_revoked, revoke_on_close, revoke_older_keys
from kit.workshop.store import Store, utc_now
from kit.workshop.templates import load_stellingen, load_values
from kit.workshop.text import check_name

DEFAULT_VOTES = 3
PSEUDONYM_MAX = 40
FULL_NAME_MAX = 80


@dataclass(frozen=True)
class Workshop:
    """One workshop: its join code, when it opened and closed, and its vote budget."""

    id: int
    join_code: str
    opened_at: str
    closed_at: str | None
    votes_per_participant: int

    @property
    def is_open(self) -> bool:
        return self.closed_at is None


@dataclass(frozen=True)
class Opened:
    """What :func:`open_workshop` did: ``status`` is ``"started"``, ``"resumed"`` or ``"reopened"``."""

    workshop: Workshop
    status: str
    facilitator_key: str = field(repr=False)


@dataclass(frozen=True)
class Participant:
    """A participant; the browser keeps ``token`` so that a reload continues as the same person."""

    id: int
    workshop_id: int
    pseudonym: str
    token: str = field(repr=False)


_WORKSHOP_COLUMNS = "id, join_code, opened_at, closed_at, votes_per_participant"


def _workshop(row: sqlite3.Row) -> Workshop:
    return Workshop(row["id"], row["join_code"], row["opened_at"], row["closed_at"], row["votes_per_participant"])


def _workshop_by_id(conn: sqlite3.Connection, workshop_id: int) -> Workshop:
    return _workshop(conn.execute(f"SELECT {_WORKSHOP_COLUMNS} FROM workshops WHERE id = ?", (workshop_id,)).fetchone())


def open_workshop(
    store: Store,
    *,
    new: bool = False,
    votes_per_participant: int = DEFAULT_VOTES,
    values: list[dict] | None = None,
    stellingen: list[dict] | None = None,
) -> Opened:
    """Resume the open workshop, else reopen the latest one, else start one.

    ``new=True`` always starts a new workshop (with a new code and key) and is refused
    while one is open. A new workshop copies ``values`` and ``stellingen`` (default: the
    yaml templates) and gives every participant ``votes_per_participant`` votes.
    """
    if type(votes_per_participant) is not int or votes_per_participant < 1:
        raise InputError(
            f"Het aantal stemmen per deelnemer moet een heel getal van 1 of meer zijn, niet {votes_per_participant!r}."
        )

    def action(conn: sqlite3.Connection) -> Opened:
        latest = conn.execute(
            "SELECT id, closed_at, facilitator_key FROM workshops ORDER BY id DESC LIMIT 1"
        ).fetchone()
        if latest is not None and latest["closed_at"] is None and new:
            raise WorkshopError(
                "Er loopt al een workshop; er is geen nieuwe gestart.",
                hint="Sluit hem eerst met: kit workshop close",
            )
        if latest is not None and not new:
            status = "resumed" if latest["closed_at"] is None else "reopened"
            conn.execute("UPDATE workshops SET closed_at = NULL WHERE id = ?", (latest["id"],))
            workshop_id = latest["id"]
            key = renew_if_revoked(conn, workshop_id)  # closing revoked it: reopened, the workshop gets a new key
        else:
            status, key = "started", key_for_new_workshop(conn)
            workshop_id = _insert_workshop(conn, key, votes_per_participant)
            revoke_older_keys(conn, workshop_id)  # a newer workshop: older facilitator links stop working
        workshop = _workshop_by_id(conn, workshop_id)
        _copy_lists_once(conn, workshop, lambda: values or load_values(), lambda: stellingen or load_stellingen())
        return Opened(workshop, status, key)

    return store.write(action)


def _insert_workshop(conn: sqlite3.Connection, key: str, votes: int) -> int:
    used = {row[0] for row in conn.execute("SELECT join_code FROM workshops")}
    code = new_join_code()
    while code in used:
        code = new_join_code()
    cursor = conn.execute(
        "INSERT INTO workshops (join_code, facilitator_key, opened_at, votes_per_participant) VALUES (?, ?, ?, ?)",
        (code, key, utc_now(), votes),
    )
    return cursor.lastrowid


def _copy_lists_once(
    conn: sqlite3.Connection,
    workshop: Workshop,
    values: Callable[[], list[dict]],
    stellingen: Callable[[], list[dict]],
) -> None:
    """Copy the value list and the stellingen into a workshop that has none yet (new or from schema 1)."""
    workshop_id, votes = workshop.id, workshop.votes_per_participant
    if conn.execute("SELECT 1 FROM workshop_values WHERE workshop_id = ?", (workshop_id,)).fetchone() is None:
        items = values()
        if not 1 <= votes < len(items):
            raise InputError(
                f"Met {len(items)} waarden kan iedere deelnemer 1 tot {len(items) - 1} stemmen krijgen, niet {votes}."
            )
        conn.executemany(
            "INSERT INTO workshop_values (workshop_id, value_id, position, name, description) VALUES (?, ?, ?, ?, ?)",
            [(workshop_id, v["id"], n, v["name"], v["description"]) for n, v in enumerate(items)],
        )
    if conn.execute("SELECT 1 FROM workshop_stellingen WHERE workshop_id = ?", (workshop_id,)).fetchone() is None:
        conn.executemany(
            "INSERT INTO workshop_stellingen (workshop_id, stelling_id, position, text) VALUES (?, ?, ?, ?)",
            [(workshop_id, s["id"], n, s["text"]) for n, s in enumerate(stellingen())],
        )


def close_workshop(store: Store) -> Workshop:
    """Close the open workshop: participants can read but not write, and its facilitator key is revoked."""

    def action(conn: sqlite3.Connection) -> Workshop:
        row = conn.execute("SELECT id FROM workshops WHERE closed_at IS NULL").fetchone()
        if row is None:
            raise WorkshopError("Er loopt geen workshop; er is niets gesloten.")
        conn.execute("UPDATE workshops SET closed_at = ? WHERE id = ?", (utc_now(), row["id"]))
        revoke_on_close(conn, row["id"])
        return _workshop_by_id(conn, row["id"])

    return store.write(action)


def current_workshop(store: Store) -> Workshop | None:
    """The latest workshop (open or closed), or None if the school has had none."""
    row = store.read(
        lambda conn: conn.execute(f"SELECT {_WORKSHOP_COLUMNS} FROM workshops ORDER BY id DESC LIMIT 1").fetchone()
    )
    return None if row is None else _workshop(row)


def list_workshops(store: Store) -> list[Workshop]:
    """All workshops of the school, oldest first."""
    rows = store.read(lambda conn: conn.execute(f"SELECT {_WORKSHOP_COLUMNS} FROM workshops ORDER BY id").fetchall())
    return [_workshop(row) for row in rows]


def workshop_for_code(store: Store, code: object) -> Workshop:
    """The workshop with this join code (open or closed), or AccessError."""
    code = check_join_code(code)
    row = store.read(
        lambda conn: conn.execute(f"SELECT {_WORKSHOP_COLUMNS} FROM workshops WHERE join_code = ?", (code,)).fetchone()
    )
    if row is None:
        raise _unknown_code()
    return _workshop(row)


def workshop_for_key(store: Store, key: object) -> Workshop:
    """The workshop this facilitator key belongs to, or AccessError (RevokedKeyError: it no longer works)."""
    key = check_facilitator_key(key)
    return store.read(lambda conn: _workshop(_facilitator_row(conn, key)))


def facilitator_access(store: Store, key: object) -> Workshop | None:
    """Whether ``key`` works: its workshop, None for a school's key before its first workshop, else AccessError."""
    from kit.workshop.keys import key_access

    key = check_facilitator_key(key)
    row = store.read(lambda conn: key_access(conn, key))
    return None if row is None else _workshop(row)


def join(store: Store, code: object, pseudonym: object, full_name: object = None) -> Participant:
    """Join the open workshop with this code under a pseudonym that nobody in it uses yet.

    ``full_name`` (optional, may be blank) is the real name for a certificate.
    """
    code = check_join_code(code)
    name = check_name(pseudonym, PSEUDONYM_MAX, "Je naam")
    full = check_name(full_name, FULL_NAME_MAX, "Je volledige naam") if isinstance(full_name, str) and full_name.strip() else None

    def action(conn: sqlite3.Connection) -> Participant:
        row = conn.execute("SELECT id, closed_at FROM workshops WHERE join_code = ?", (code,)).fetchone()
        if row is None:
            raise _unknown_code()
        if row["closed_at"] is not None:
            raise _closed()
        taken = conn.execute("SELECT pseudonym FROM participants WHERE workshop_id = ?", (row["id"],))
        if any(other.casefold() == name.casefold() for (other,) in taken):
            raise InputError(
                f"De naam '{name}' is in deze workshop al gekozen.",
                hint="Kies een andere naam, bijvoorbeeld met de eerste letter van je achternaam erbij.",
            )
        token = new_participant_token()
        cursor = conn.execute(
            "INSERT INTO participants (workshop_id, pseudonym, token, joined_at, full_name) VALUES (?, ?, ?, ?, ?)",
            (row["id"], name, token, utc_now(), full),
        )
        return Participant(cursor.lastrowid, row["id"], name, token)

    return store.write(action)


def resume(store: Store, code: object, token: object) -> Participant:
    """The participant behind ``token`` in the workshop with ``code`` (also when it is closed)."""
    code = check_join_code(code)
    token = check_participant_token(token)
    row = store.read(
        lambda conn: conn.execute(
            """SELECT p.id, p.workshop_id, p.pseudonym FROM participants p
               JOIN workshops w ON w.id = p.workshop_id WHERE p.token = ? AND w.join_code = ?""",
            (token, code),
        ).fetchone()
    )
    if row is None:
        raise AccessError("Je deelname is niet (meer) bekend.", hint="Meld je opnieuw aan met je naam.")
    return Participant(row["id"], row["workshop_id"], row["pseudonym"], token)


def list_participants(store: Store, workshop_id: int) -> list[dict]:
    """``[{"id", "pseudonym", "joined_at"}, ...]`` in order of joining."""
    rows = store.read(
        lambda conn: conn.execute(
            "SELECT id, pseudonym, joined_at FROM participants WHERE workshop_id = ? ORDER BY id", (workshop_id,)
        ).fetchall()
    )
    return [dict(row) for row in rows]


def writing_participant(conn: sqlite3.Connection, token: str) -> sqlite3.Row:
    """Inside a write: the participant row (``id``, ``workshop_id``, ``votes_per_participant``) for ``token``.

    Raises AccessError for an unknown token and WorkshopClosedError when the workshop is closed.
    """
    row = conn.execute(
        """SELECT p.id, p.workshop_id, w.closed_at, w.votes_per_participant FROM participants p
           JOIN workshops w ON w.id = p.workshop_id WHERE p.token = ?""",
        (token,),
    ).fetchone()
    if row is None:
        raise AccessError("Je deelname is niet (meer) bekend.", hint="Meld je opnieuw aan met je naam.")
    if row["closed_at"] is not None:
        raise _closed()
    return row


def facilitator_workshop_id(conn: sqlite3.Connection, key: str) -> int:
    """Inside a transaction: the id of the workshop this facilitator key opens, or AccessError."""
    return _facilitator_row(conn, key)["id"]


def _facilitator_row(conn: sqlite3.Connection, key: str) -> sqlite3.Row:
    from kit.workshop.keys import facilitator_row

    return facilitator_row(conn, key)


def _unknown_code() -> AccessError:
    return AccessError(
        "Er is geen workshop met deze deelnamecode.",
        hint="Controleer de code op het scherm van de begeleider.",
    )


def _closed() -> WorkshopClosedError:
    return WorkshopClosedError(
        "De workshop is gesloten; er kan niets meer worden ingevoerd.",
        hint="Wat je eerder hebt ingevoerd, is bewaard.",
    )
