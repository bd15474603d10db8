"""Which facilitator key works: only the newest workshop's current key.

A key opens the facilitator's pages, plan editing and the survey upload. It stays valid
after ``kit workshop close`` (the facilitator finishes the vision and the plan
afterwards, and ``kit workshop open`` reopens the same workshop with the same key), and
stops working when

* a newer workshop is started (``kit workshop open --nieuw``, or a new draaiboek
  meeting): every older workshop's key is revoked in the same transaction;
* the key is replaced (``kit workshop key SCHOOL --nieuw``): the old key is kept in
  ``revoked_keys`` so a page that still holds it can say it no longer works.

Every key check in the kit goes through :func:`facilitator_row`.
"""

from __future__ import annotations

import secrets
import sqlite3

from kit.workshop.codes import new_facilitator_key
from kit.workshop.errors import AccessError, RevokedKeyError, WorkshopError
from kit.workshop.store import Store, utc_now

WORKSHOP_COLUMNS = "id, join_code, opened_at, closed_at, votes_per_participant"


def facilitator_row(conn: sqlite3.Connection, key: str) -> sqlite3.Row:
    """Inside a transaction: the workshop row this (well-formed) key opens.

    Raises :class:`RevokedKeyError` for a key of an older workshop or a replaced key,
    :class:`AccessError` for a key that never belonged to this school.
    """
    rows = conn.execute(f"SELECT {WORKSHOP_COLUMNS}, facilitator_key, key_revoked_at FROM workshops").fetchall()
    for row in rows:  # compare every row in constant time: no early exit on the first character
        if secrets.compare_digest(row["facilitator_key"], key):
            if row["key_revoked_at"] is not None:
                raise revoked()
            return row
    if any(secrets.compare_digest(old, key) for (old,) in conn.execute("SELECT key FROM revoked_keys")):
        raise revoked()
    raise AccessError("Deze begeleiderslink hoort bij geen enkele workshop van deze school.")


def revoke_older_keys(conn: sqlite3.Connection, newest_id: int) -> None:
    """Inside a write: revoke the keys of every workshop older than ``newest_id``."""
    conn.execute("UPDATE workshops SET key_revoked_at = ? WHERE id < ? AND key_revoked_at IS NULL",
                 (utc_now(), newest_id))


def rotate_key(store: Store) -> tuple[int, str]:
    """Give the newest workshop a new facilitator key; the old one stops working at once.

    Returns ``(workshop id, new key)``. Raises WorkshopError when the school has no workshop.
    """

    def action(conn: sqlite3.Connection) -> tuple[int, str]:
        row = conn.execute("SELECT id, facilitator_key FROM workshops ORDER BY id DESC LIMIT 1").fetchone()
        if row is None:
            raise WorkshopError("Deze school heeft nog geen workshop; er is geen begeleiderslink om te vervangen.",
                                hint="Start er een met: kit workshop open")
        conn.execute("INSERT OR IGNORE INTO revoked_keys (key, workshop_id, revoked_at) VALUES (?, ?, ?)",
                     (row["facilitator_key"], row["id"], utc_now()))
        key = new_facilitator_key()
        conn.execute("UPDATE workshops SET facilitator_key = ?, key_revoked_at = NULL WHERE id = ?", (key, row["id"]))
        return row["id"], key

    return store.write(action)


def current_key(store: Store) -> tuple[int, str] | None:
    """``(workshop id, key)`` of the newest workshop, or None; for the CLI that prints the links."""
    row = store.read(lambda conn: conn.execute(
        "SELECT id, facilitator_key FROM workshops ORDER BY id DESC LIMIT 1").fetchone())
    return None if row is None else (row["id"], row["facilitator_key"])


def revoked() -> RevokedKeyError:
    return RevokedKeyError(
        "Deze begeleiderslink werkt niet meer: er is een nieuwere workshop gestart of een nieuwe begeleiderslink "
        "gemaakt.",
        hint="Gebruik de begeleiderslink die 'kit workshop open' of 'kit workshop key' het laatst heeft getoond.",
    )
