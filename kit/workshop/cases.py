"""The case exercise of step 2 ("Signaleren en handelen"): the case on the screen and the participants' answers.

The facilitator chooses which case the room sees (one per workshop, with the facilitator
key). A participant answers a case once, with their token: the signals they noticed, how
serious they find it (1-4), their next steps and a short text; changing the answer keeps
every earlier version in ``case_answer_versions``. Options are stored as the texts the
participant saw, so an edited template never changes an answer given earlier. A closed
workshop accepts no answers.
"""

from __future__ import annotations

import json
import re
import sqlite3

from kit.text_safety import clean_text
from kit.workshop.codes import check_facilitator_key, check_participant_token
from kit.workshop.errors import InputError
from kit.workshop.session import facilitator_workshop_id, writing_participant
from kit.workshop.store import Store, utc_now

ANSWER_TEXT_MAX = 500
OPTION_MAX = 120
OPTIONS_MAX = 8
SERIOUSNESS_LEVELS = (1, 2, 3, 4)
_CASE_ID = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")


def check_case_id(case_id: object) -> str:
    """The case id unchanged if it has the form of a template id, else InputError."""
    if isinstance(case_id, str) and len(case_id) <= 64 and _CASE_ID.fullmatch(case_id):
        return case_id
    raise InputError("Deze casus bestaat niet.", hint="Kies een casus uit de lijst.")


def _options(values: object, what: str) -> list[str]:
    if not isinstance(values, (list, tuple)) or not all(isinstance(v, str) and v.strip() for v in values):
        raise InputError(f"{what}: ongeldige keuzes.")
    if len(values) > OPTIONS_MAX or any(len(v) > OPTION_MAX for v in values):
        raise InputError(f"{what}: te veel of te lange keuzes.")
    unique: list[str] = []
    for value in (clean_text(v, multiline=False) for v in values):
        if value not in unique:
            unique.append(value)
    return unique


def _answer_values(signals: object, seriousness: object, next_steps: object, text: object) -> tuple:
    signals = _options(signals, "Wat valt je op")
    next_steps = _options(next_steps, "Je volgende stap")
    if seriousness is not None and (type(seriousness) is not int or seriousness not in SERIOUSNESS_LEVELS):
        raise InputError("Kies bij 'Hoe ernstig is dit?' een van de vier antwoorden.")
    if not isinstance(text, str):
        raise InputError("Je toelichting is geen tekst.")
    text = clean_text(text)  # a pasted control character is never stored
    if len(text) > ANSWER_TEXT_MAX:
        raise InputError(f"Je toelichting is {len(text)} tekens lang; het maximum is {ANSWER_TEXT_MAX}.",
                         hint="Maak de tekst korter.")
    if not signals and seriousness is None and not next_steps and not text.strip():
        raise InputError("Je hebt nog niets gekozen of geschreven.", hint="Beantwoord eerst minstens één vraag.")
    return (json.dumps(signals, ensure_ascii=False), seriousness, json.dumps(next_steps, ensure_ascii=False),
            text.strip())


def show_case(store: Store, key: str, case_id: str) -> None:
    """Facilitator: put this case on everyone's screen (also in a closed workshop, to discuss it)."""
    key = check_facilitator_key(key)
    case_id = check_case_id(case_id)

    def action(conn: sqlite3.Connection) -> None:
        workshop_id = facilitator_workshop_id(conn, key)
        conn.execute(
            """INSERT INTO case_shown (workshop_id, case_id, shown_at) VALUES (?, ?, ?)
               ON CONFLICT (workshop_id) DO UPDATE SET case_id = excluded.case_id, shown_at = excluded.shown_at""",
            (workshop_id, case_id, utc_now()),
        )

    store.write(action)


def shown_case(store: Store, workshop_id: int) -> str | None:
    """The id of the case the facilitator shows in this workshop, or None before the first one."""
    row = store.read(lambda conn: conn.execute(
        "SELECT case_id FROM case_shown WHERE workshop_id = ?", (workshop_id,)).fetchone())
    return None if row is None else row["case_id"]


def save_answer(store: Store, token: str, case_id: str, signals: list[str], seriousness: int | None,
                next_steps: list[str], text: str = "") -> bool:
    """Save (or change) the participant's answer to one case; True when something changed.

    The earlier answer stays in the history. Which options exist is the app's business
    (it offers those of the case); the store checks their form and size.
    """
    token = check_participant_token(token)
    case_id = check_case_id(case_id)
    values = _answer_values(signals, seriousness, next_steps, text)

    def action(conn: sqlite3.Connection) -> bool:
        participant = writing_participant(conn, token)
        row = conn.execute(
            "SELECT id, signals, seriousness, next_steps, text FROM case_answers WHERE participant_id = ? "
            "AND case_id = ?", (participant["id"], case_id)).fetchone()
        now = utc_now()
        if row is None:
            answer_id = conn.execute(
                """INSERT INTO case_answers (participant_id, case_id, signals, seriousness, next_steps, text,
                   created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)""",
                (participant["id"], case_id, *values, now, now)).lastrowid
        elif tuple(row)[1:] == values:
            return False
        else:
            answer_id = row["id"]
            conn.execute("UPDATE case_answers SET signals = ?, seriousness = ?, next_steps = ?, text = ?, "
                         "updated_at = ? WHERE id = ?", (*values, now, answer_id))
        conn.execute("INSERT INTO case_answer_versions (answer_id, signals, seriousness, next_steps, text, "
                     "written_at) VALUES (?, ?, ?, ?, ?, ?)", (answer_id, *values, now))
        return True

    return store.write(action)


def _answer(row: sqlite3.Row) -> dict:
    answer = dict(row)
    answer["signals"] = json.loads(answer["signals"])
    answer["next_steps"] = json.loads(answer["next_steps"])
    return answer


_COLUMNS = ("a.id, a.participant_id, a.case_id, a.signals, a.seriousness, a.next_steps, a.text, a.created_at, "
            "a.updated_at")


def own_answer(store: Store, token: str, case_id: str) -> dict | None:
    """The participant's current answer to this case, or None."""
    token = check_participant_token(token)
    case_id = check_case_id(case_id)
    row = store.read(lambda conn: conn.execute(
        f"""SELECT {_COLUMNS} FROM case_answers a JOIN participants p ON p.id = a.participant_id
            WHERE p.token = ? AND a.case_id = ?""", (token, case_id)).fetchone())
    return None if row is None else _answer(row)


def list_answers(store: Store, workshop_id: int, case_id: str | None = None) -> list[dict]:
    """The workshop's current answers (all cases, or one), oldest first; no names, only ``participant_id``.

    Each is ``{"id", "participant_id", "case_id", "signals", "seriousness", "next_steps", "text",
    "created_at", "updated_at"}``.
    """
    where, params = "p.workshop_id = ?", [workshop_id]
    if case_id is not None:
        where += " AND a.case_id = ?"
        params.append(check_case_id(case_id))
    rows = store.read(lambda conn: conn.execute(
        f"SELECT {_COLUMNS} FROM case_answers a JOIN participants p ON p.id = a.participant_id WHERE {where} "
        "ORDER BY a.id", params).fetchall())
    return [_answer(row) for row in rows]


def answer_history(store: Store, workshop_id: int) -> dict[int, list[dict]]:
    """Every saved version of every answer in the workshop: ``{answer_id: [{"signals", "seriousness",
    "next_steps", "text", "written_at"}, ...]}``, oldest first."""
    rows = store.read(lambda conn: conn.execute(
        """SELECT v.answer_id, v.signals, v.seriousness, v.next_steps, v.text, v.written_at
           FROM case_answer_versions v JOIN case_answers a ON a.id = v.answer_id
           JOIN participants p ON p.id = a.participant_id WHERE p.workshop_id = ? ORDER BY v.id""",
        (workshop_id,)).fetchall())
    history: dict[int, list[dict]] = {}
    for row in rows:
        version = _answer(row)
        history.setdefault(version.pop("answer_id"), []).append(version)
    return history
