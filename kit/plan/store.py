"""The action plan in the school's workshop store: actions with history, comments and priority votes.

Writes follow the workshop store's rules: one committed transaction each, the access
check inside it. The facilitator edits with a facilitator key of any of the school's
workshops (the plan belongs to the school); the kit on this computer (the CLI, the
demo, tests) writes as :data:`LOCAL`. Participants comment and vote with their token
while their workshop is open. Every change of an action is kept in
``plan_action_versions``; nothing is ever deleted (removing sets ``removed_at``).
"""

from __future__ import annotations

import json
import sqlite3
from typing import Any

from kit.plan.model import EDITABLE, check_fields, check_order, check_school_year
from kit.workshop.codes import check_facilitator_key, check_participant_token
from kit.workshop.errors import InputError, LimitError
from kit.workshop.session import facilitator_workshop_id, writing_participant
from kit.workshop.store import Store, utc_now
from kit.workshop.text import check_text

COMMENT_MAX = 500
PRIORITY_VOTES = 3  # priority votes per participant


class _Local:
    """The kit itself on this computer (not a browser): may edit without a facilitator key."""

    def __repr__(self) -> str:
        return "LOCAL"


LOCAL = _Local()

_COLUMNS = ("id", "school_year", "position", "catalogue_id", "title", "description", "reason", "reason_kind",
            "owner", "involved", "start", "deadline", "indicator", "target_metric", "target_op", "target_value",
            "target_year", "target_text", "status", "priority", "created_at", "updated_at", "removed_at")


def _editor(conn: sqlite3.Connection, key: Any) -> int | None:
    """Inside a write: the workshop id behind the facilitator key (None for LOCAL), or AccessError."""
    if key is LOCAL:
        return None
    return facilitator_workshop_id(conn, check_facilitator_key(key))


def action_dict(row: sqlite3.Row) -> dict:
    """A database row as the plan's action dict (see :mod:`kit.plan.model`)."""
    data = {column: row[column] for column in _COLUMNS if not column.startswith("target_") or column == "target_text"}
    data["target"] = ({"metric": row["target_metric"], "op": row["target_op"], "value": row["target_value"],
                       "year": row["target_year"]} if row["target_metric"] else None)
    return data


def _row(conn: sqlite3.Connection, action_id: Any) -> sqlite3.Row:
    row = conn.execute("SELECT * FROM plan_actions WHERE id = ?", (action_id,)).fetchone() \
        if isinstance(action_id, int) and not isinstance(action_id, bool) else None
    if row is None:
        raise InputError("Deze actie bestaat niet (meer).")
    return row


def _snapshot(conn: sqlite3.Connection, action_id: int) -> dict:
    data = action_dict(_row(conn, action_id))
    return {key: data[key] for key in (*EDITABLE, "position", "removed_at", "catalogue_id", "reason_kind")}


def _record(conn: sqlite3.Connection, action_id: int, change: str, workshop_id: int | None) -> None:
    conn.execute(
        "INSERT INTO plan_action_versions (action_id, change, data, workshop_id, written_at) VALUES (?, ?, ?, ?, ?)",
        (action_id, change, json.dumps(_snapshot(conn, action_id), ensure_ascii=False), workshop_id, utc_now()))


def _columns(fields: dict) -> dict:
    out = {k: v for k, v in fields.items() if k != "target"}
    if "target" in fields:
        target = fields["target"] or {}
        out.update(target_metric=target.get("metric"), target_op=target.get("op"), target_value=target.get("value"),
                   target_year=target.get("year"))
    return out


# ----------------------------------------------------------------------------- facilitator: the actions

def add_action(store: Store, key: Any, school_year: str, fields: dict) -> int:
    """Add an action at the end of the school year's plan; returns its id."""
    school_year = check_school_year(school_year)
    fields = check_fields(fields, new=True)
    check_order(fields.get("start"), fields.get("deadline"))

    def action(conn: sqlite3.Connection) -> int:
        workshop_id = _editor(conn, key)
        if fields.get("catalogue_id"):
            taken = conn.execute(
                "SELECT 1 FROM plan_actions WHERE school_year = ? AND catalogue_id = ? AND removed_at IS NULL",
                (school_year, fields["catalogue_id"])).fetchone()
            if taken:
                raise InputError("Dit voorstel staat al in het plan.")
        (last,) = conn.execute("SELECT coalesce(max(position), 0) FROM plan_actions WHERE school_year = ?",
                               (school_year,)).fetchone()
        now = utc_now()
        columns = {**_columns(fields), "school_year": school_year, "position": last + 1, "created_at": now,
                   "updated_at": now}
        names = ", ".join(columns)
        marks = ", ".join("?" for _ in columns)
        action_id = conn.execute(f"INSERT INTO plan_actions ({names}) VALUES ({marks})",
                                 tuple(columns.values())).lastrowid
        _record(conn, action_id, "created", workshop_id)
        return action_id

    return store.write(action)


def accept_proposal(store: Store, key: Any, school_year: str, proposal: dict) -> int:
    """Put a proposal (from :func:`kit.plan.proposals.propose`) in the plan as an action; returns its id."""
    fields = {
        "title": proposal["title"], "description": proposal["description"], "reason": proposal["reason"],
        "reason_kind": proposal["reason_kind"], "catalogue_id": proposal["id"], "owner": proposal["owner"],
        "involved": proposal.get("involved") or "", "start": proposal.get("start"),
        "deadline": proposal.get("deadline"), "indicator": proposal.get("indicator") or "",
        "target": proposal.get("target"), "target_text": proposal.get("target_text") or "",
        "priority": proposal.get("priority") or "medium",
    }
    return add_action(store, key, school_year, fields)


def update_action(store: Store, key: Any, action_id: int, changes: dict) -> bool:
    """Change fields of an action; the old values stay in the history. False when nothing changed."""
    changes = check_fields(changes, new=False)

    def action(conn: sqlite3.Connection) -> bool:
        workshop_id = _editor(conn, key)
        current = action_dict(_row(conn, action_id))
        if current["removed_at"] is not None:
            raise InputError("Deze actie is verwijderd; zet haar eerst terug.")
        merged = {**current, **changes}
        check_order(merged.get("start"), merged.get("deadline"))
        different = {k: v for k, v in changes.items() if current.get(k) != v}
        if not different:
            return False
        columns = {**_columns(different), "updated_at": utc_now()}
        assignments = ", ".join(f"{name} = ?" for name in columns)
        conn.execute(f"UPDATE plan_actions SET {assignments} WHERE id = ?", (*columns.values(), action_id))
        _record(conn, action_id, "edited", workshop_id)
        return True

    return store.write(action)


def move_action(store: Store, key: Any, action_id: int, offset: int) -> bool:
    """Move an action ``offset`` places up (negative) or down in its year's plan. False when it cannot move."""
    if offset not in (-1, 1):
        raise InputError("Een actie gaat één plaats omhoog of omlaag.")

    def action(conn: sqlite3.Connection) -> bool:
        workshop_id = _editor(conn, key)
        row = _row(conn, action_id)
        if row["removed_at"] is not None:
            raise InputError("Deze actie is verwijderd; zet haar eerst terug.")
        order = "DESC" if offset < 0 else "ASC"
        compare = "<" if offset < 0 else ">"
        neighbour = conn.execute(
            f"""SELECT id, position FROM plan_actions WHERE school_year = ? AND removed_at IS NULL
                AND position {compare} ? ORDER BY position {order} LIMIT 1""",
            (row["school_year"], row["position"])).fetchone()
        if neighbour is None:
            return False
        now = utc_now()
        conn.execute("UPDATE plan_actions SET position = ?, updated_at = ? WHERE id = ?",
                     (neighbour["position"], now, action_id))
        conn.execute("UPDATE plan_actions SET position = ?, updated_at = ? WHERE id = ?",
                     (row["position"], now, neighbour["id"]))
        _record(conn, action_id, "moved", workshop_id)
        _record(conn, neighbour["id"], "moved", workshop_id)
        return True

    return store.write(action)


def remove_action(store: Store, key: Any, action_id: int) -> None:
    """Remove an action from the plan (kept, marked removed); :func:`restore_action` undoes it."""
    _set_removed(store, key, action_id, removed=True)


def restore_action(store: Store, key: Any, action_id: int) -> None:
    """Undo :func:`remove_action`; the action returns to its old place."""
    _set_removed(store, key, action_id, removed=False)


def _set_removed(store: Store, key: Any, action_id: int, *, removed: bool) -> None:
    def action(conn: sqlite3.Connection) -> None:
        workshop_id = _editor(conn, key)
        row = _row(conn, action_id)
        if (row["removed_at"] is not None) == removed:
            return
        if not removed and row["catalogue_id"]:
            twin = conn.execute(
                """SELECT 1 FROM plan_actions WHERE school_year = ? AND catalogue_id = ? AND removed_at IS NULL
                   AND id != ?""", (row["school_year"], row["catalogue_id"], action_id)).fetchone()
            if twin:
                raise InputError("Dit voorstel staat intussen opnieuw in het plan; terugzetten zou het verdubbelen.")
        now = utc_now()
        conn.execute("UPDATE plan_actions SET removed_at = ?, updated_at = ? WHERE id = ?",
                     (now if removed else None, now, action_id))
        _record(conn, action_id, "removed" if removed else "restored", workshop_id)

    store.write(action)


# ----------------------------------------------------------------------------- reading

def list_actions(store: Store, school_year: str | None = None, *, include_removed: bool = False) -> list[dict]:
    """The plan's actions in plan order (oldest school year first); one year only when given."""
    where, params = [], []
    if school_year:
        where.append("school_year = ?")
        params.append(school_year)
    if not include_removed:
        where.append("removed_at IS NULL")
    clause = ("WHERE " + " AND ".join(where)) if where else ""
    rows = store.read(lambda conn: conn.execute(
        f"SELECT * FROM plan_actions {clause} ORDER BY school_year, position, id", params).fetchall())
    return [action_dict(row) for row in rows]


def action_history(store: Store, action_id: int) -> list[dict]:
    """Every saved state of an action, oldest first: ``[{"change", "data", "workshop_id", "written_at"}, ...]``.

    ``change`` is created, edited, moved, removed or restored; ``data`` the action's fields after it.
    """
    rows = store.read(lambda conn: conn.execute(
        "SELECT change, data, workshop_id, written_at FROM plan_action_versions WHERE action_id = ? ORDER BY id",
        (action_id,)).fetchall())
    return [{"change": r["change"], "data": json.loads(r["data"]), "workshop_id": r["workshop_id"],
             "written_at": r["written_at"]} for r in rows]


def plan_snapshot(store: Store, school_year: str) -> dict:
    """One consistent read of a year's plan for a live page.

    ``{"actions", "removed", "votes": {action_id: n}, "comments": {action_id: [comment, ...]}}``;
    each comment is ``{"id", "participant_id", "text", "created_at", "hidden"}``.
    """

    def read(conn: sqlite3.Connection) -> dict:
        rows = conn.execute("SELECT * FROM plan_actions WHERE school_year = ? ORDER BY position, id",
                            (school_year,)).fetchall()
        actions = [action_dict(r) for r in rows]
        votes = {row["action_id"]: row["n"] for row in conn.execute(
            """SELECT v.action_id, count(*) AS n FROM plan_votes v JOIN plan_actions a ON a.id = v.action_id
               WHERE a.school_year = ? AND v.withdrawn_at IS NULL GROUP BY v.action_id""", (school_year,))}
        comments: dict[int, list[dict]] = {}
        for row in conn.execute(
                """SELECT c.id, c.action_id, c.participant_id, c.text, c.created_at, c.hidden_at FROM plan_comments c
                   JOIN plan_actions a ON a.id = c.action_id WHERE a.school_year = ? ORDER BY c.id""",
                (school_year,)):
            comments.setdefault(row["action_id"], []).append(
                {"id": row["id"], "participant_id": row["participant_id"], "text": row["text"],
                 "created_at": row["created_at"], "hidden": row["hidden_at"] is not None})
        return {"actions": [a for a in actions if a["removed_at"] is None],
                "removed": [a for a in actions if a["removed_at"] is not None],
                "votes": votes, "comments": comments}

    return store.read(read)


# ----------------------------------------------------------------------------- participants

def _live_action(conn: sqlite3.Connection, action_id: Any) -> sqlite3.Row:
    row = _row(conn, action_id)
    if row["removed_at"] is not None:
        raise InputError("Deze actie staat niet meer in het plan.")
    return row


def add_comment(store: Store, token: str, action_id: int, text: str) -> int:
    """A participant's comment on an action, stored exactly as typed; returns its id."""
    token = check_participant_token(token)
    text = check_text(text, COMMENT_MAX, "Je reactie")

    def action(conn: sqlite3.Connection) -> int:
        participant = writing_participant(conn, token)
        _live_action(conn, action_id)
        return conn.execute(
            "INSERT INTO plan_comments (action_id, participant_id, text, created_at) VALUES (?, ?, ?, ?)",
            (action_id, participant["id"], text, utc_now())).lastrowid

    return store.write(action)


def hide_comment(store: Store, key: Any, comment_id: int, *, hidden: bool = True) -> None:
    """Facilitator: hide a comment from every view (``hidden=False`` shows it again)."""

    def action(conn: sqlite3.Connection) -> None:
        _editor(conn, key)
        found = conn.execute("SELECT 1 FROM plan_comments WHERE id = ?", (comment_id,)).fetchone()
        if found is None:
            raise InputError("Deze reactie bestaat niet.")
        conn.execute("UPDATE plan_comments SET hidden_at = ? WHERE id = ?", (utc_now() if hidden else None, comment_id))

    store.write(action)


def own_priority_votes(store: Store, token: str) -> set[int]:
    """The ids of the live actions the participant gave a priority vote."""
    token = check_participant_token(token)
    rows = store.read(lambda conn: conn.execute(
        """SELECT v.action_id FROM plan_votes v JOIN participants p ON p.id = v.participant_id
           JOIN plan_actions a ON a.id = v.action_id
           WHERE p.token = ? AND v.withdrawn_at IS NULL AND a.removed_at IS NULL""", (token,)).fetchall())
    return {row[0] for row in rows}


def cast_priority_vote(store: Store, token: str, action_id: int) -> int:
    """Give a priority vote to an action; returns the votes the participant has left."""
    token = check_participant_token(token)

    def action(conn: sqlite3.Connection) -> int:
        participant = writing_participant(conn, token)
        _live_action(conn, action_id)
        used = [row[0] for row in conn.execute(
            """SELECT v.action_id FROM plan_votes v JOIN plan_actions a ON a.id = v.action_id
               WHERE v.participant_id = ? AND v.withdrawn_at IS NULL AND a.removed_at IS NULL""",
            (participant["id"],))]
        if action_id in used:
            raise InputError("Je hebt deze actie al een stem gegeven.")
        if len(used) >= PRIORITY_VOTES:
            raise LimitError(f"Je hebt je {PRIORITY_VOTES} stemmen al gegeven.",
                             hint="Haal eerst een stem weg als je een andere actie wilt kiezen.")
        conn.execute("INSERT INTO plan_votes (action_id, participant_id, cast_at) VALUES (?, ?, ?)",
                     (action_id, participant["id"], utc_now()))
        return PRIORITY_VOTES - len(used) - 1

    return store.write(action)


def withdraw_priority_vote(store: Store, token: str, action_id: int) -> None:
    """Take back a priority vote (it stays in the database, marked withdrawn)."""
    token = check_participant_token(token)

    def action(conn: sqlite3.Connection) -> None:
        participant = writing_participant(conn, token)
        cursor = conn.execute(
            """UPDATE plan_votes SET withdrawn_at = ?
               WHERE participant_id = ? AND action_id = ? AND withdrawn_at IS NULL""",
            (utc_now(), participant["id"], action_id))
        if cursor.rowcount == 0:
            raise InputError("Je had deze actie geen stem gegeven.")

    store.write(action)
