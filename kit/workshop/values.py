"""Exercise 2, "Waarden": every participant spreads a fixed number of votes over the core values.

One vote per value per participant; the budget (``votes_per_participant`` of the
workshop) is checked inside the same transaction that casts the vote, so two tabs
of the same person voting at once cannot exceed it. A withdrawn vote stays in the
database, marked withdrawn.
"""

from __future__ import annotations

import sqlite3

from kit.workshop.codes import check_participant_token
from kit.workshop.errors import InputError, LimitError
from kit.workshop.session import writing_participant
from kit.workshop.store import Store, utc_now


def list_values(store: Store, workshop_id: int) -> list[dict]:
    """The workshop's values in template order: ``[{"id", "name", "description"}, ...]``."""
    rows = store.read(
        lambda conn: conn.execute(
            "SELECT value_id AS id, name, description FROM workshop_values WHERE workshop_id = ? ORDER BY position",
            (workshop_id,),
        ).fetchall()
    )
    return [dict(row) for row in rows]


def cast_vote(store: Store, token: str, value_id: str) -> int:
    """Give one vote to ``value_id``; returns the number of votes the participant has left."""
    token = check_participant_token(token)

    def action(conn: sqlite3.Connection) -> int:
        participant = writing_participant(conn, token)
        _check_value(conn, participant["workshop_id"], value_id)
        used = _active_votes(conn, participant["id"])
        if value_id in used:
            raise InputError("Je hebt al op deze waarde gestemd.")
        budget = participant["votes_per_participant"]
        if len(used) >= budget:
            raise LimitError(
                f"Je hebt je {budget} stemmen al gegeven.",
                hint="Trek eerst een stem in als je een andere waarde wilt kiezen.",
            )
        conn.execute(
            "INSERT INTO value_votes (participant_id, workshop_id, value_id, cast_at) VALUES (?, ?, ?, ?)",
            (participant["id"], participant["workshop_id"], value_id, utc_now()),
        )
        return budget - len(used) - 1

    return store.write(action)


def withdraw_vote(store: Store, token: str, value_id: str) -> int:
    """Take back the vote on ``value_id``; returns the number of votes the participant has left."""
    token = check_participant_token(token)

    def action(conn: sqlite3.Connection) -> int:
        participant = writing_participant(conn, token)
        changed = conn.execute(
            """UPDATE value_votes SET withdrawn_at = ?
               WHERE participant_id = ? AND value_id = ? AND withdrawn_at IS NULL""",
            (utc_now(), participant["id"], value_id),
        ).rowcount
        if not changed:
            raise InputError("Je had geen stem op deze waarde.")
        return participant["votes_per_participant"] - len(_active_votes(conn, participant["id"]))

    return store.write(action)


def own_votes(store: Store, token: str) -> list[str]:
    """The ids of the values the participant currently votes for, in the order they were cast."""
    token = check_participant_token(token)
    rows = store.read(
        lambda conn: conn.execute(
            """SELECT v.value_id FROM value_votes v JOIN participants p ON p.id = v.participant_id
               WHERE p.token = ? AND v.withdrawn_at IS NULL ORDER BY v.id""",
            (token,),
        ).fetchall()
    )
    return [row[0] for row in rows]


def value_ranking(store: Store, workshop_id: int) -> list[dict]:
    """Values with their current votes, most votes first (ties in template order).

    Each is ``{"id", "name", "description", "votes", "voters"}``, ``voters`` being the
    pseudonyms; the facilitator decides whether the app shows them.
    """

    def action(conn: sqlite3.Connection) -> list[dict]:
        values = conn.execute(
            "SELECT value_id, name, description FROM workshop_values WHERE workshop_id = ? ORDER BY position",
            (workshop_id,),
        ).fetchall()
        voters: dict[str, list[str]] = {row["value_id"]: [] for row in values}
        for vote in conn.execute(
            """SELECT v.value_id, p.pseudonym FROM value_votes v JOIN participants p ON p.id = v.participant_id
               WHERE v.workshop_id = ? AND v.withdrawn_at IS NULL ORDER BY v.id""",
            (workshop_id,),
        ):
            voters[vote["value_id"]].append(vote["pseudonym"])
        ranking = [
            {"id": v["value_id"], "name": v["name"], "description": v["description"],
             "votes": len(voters[v["value_id"]]), "voters": voters[v["value_id"]]}
            for v in values
        ]
        return sorted(ranking, key=lambda item: -item["votes"])

    return store.read(action)


def list_votes(store: Store, workshop_id: int) -> list[dict]:
    """Every vote ever cast, withdrawn ones included: ``[{"participant_id", "pseudonym", "value_id",
    "cast_at", "withdrawn_at"}, ...]`` in the order they were cast."""
    rows = store.read(
        lambda conn: conn.execute(
            """SELECT v.participant_id, p.pseudonym, v.value_id, v.cast_at, v.withdrawn_at
               FROM value_votes v JOIN participants p ON p.id = v.participant_id
               WHERE v.workshop_id = ? ORDER BY v.id""",
            (workshop_id,),
        ).fetchall()
    )
    return [dict(row) for row in rows]


def _check_value(conn: sqlite3.Connection, workshop_id: int, value_id: object) -> None:
    found = isinstance(value_id, str) and conn.execute(
        "SELECT 1 FROM workshop_values WHERE workshop_id = ? AND value_id = ?", (workshop_id, value_id)
    ).fetchone()
    if not found:
        raise InputError("Deze waarde staat niet op de lijst van deze workshop.")


def _active_votes(conn: sqlite3.Connection, participant_id: int) -> list[str]:
    rows = conn.execute(
        "SELECT value_id FROM value_votes WHERE participant_id = ? AND withdrawn_at IS NULL", (participant_id,)
    )
    return [row[0] for row in rows]
