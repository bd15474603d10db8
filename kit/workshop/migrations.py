"""The schema of ``workshop.sqlite`` and how an older file is brought up to date.

The schema version lives in the file itself (``PRAGMA user_version``). Step ``n`` in
:data:`MIGRATIONS` turns version ``n - 1`` into version ``n``; opening a file runs the
missing steps in one write transaction, so a file is always at one known version,
also when thirty kernels open it at the same moment.

A released step is never edited. A module that needs its own tables (the action
plan, for example) appends a new step: a function that takes the connection and
creates them. It may live in that module and be listed here.
"""

from __future__ import annotations

import sqlite3
from typing import Callable

from kit.workshop.errors import StoreError


def _execute(conn: sqlite3.Connection, *statements: str) -> None:
    for statement in statements:
        conn.execute(statement)


def _v1_workshops_and_statements(conn: sqlite3.Connection) -> None:
    """Workshops with their join code and key, participants, and statements with their history."""
    _execute(
        conn,
        """CREATE TABLE workshops (
            id INTEGER PRIMARY KEY,
            join_code TEXT NOT NULL UNIQUE,
            facilitator_key TEXT NOT NULL UNIQUE,
            opened_at TEXT NOT NULL,
            closed_at TEXT
        )""",
        """CREATE TABLE participants (
            id INTEGER PRIMARY KEY,
            workshop_id INTEGER NOT NULL REFERENCES workshops(id),
            pseudonym TEXT NOT NULL,
            token TEXT NOT NULL UNIQUE,
            joined_at TEXT NOT NULL
        )""",
        "CREATE INDEX participants_workshop ON participants(workshop_id)",
        """CREATE TABLE statements (
            id INTEGER PRIMARY KEY,
            participant_id INTEGER NOT NULL REFERENCES participants(id),
            text TEXT NOT NULL,
            created_at TEXT NOT NULL,
            edited_at TEXT,
            withdrawn_at TEXT,
            deleted_at TEXT
        )""",
        "CREATE INDEX statements_participant ON statements(participant_id)",
        """CREATE TABLE statement_versions (
            id INTEGER PRIMARY KEY,
            statement_id INTEGER NOT NULL REFERENCES statements(id),
            text TEXT NOT NULL,
            written_at TEXT NOT NULL
        )""",
        "CREATE INDEX statement_versions_statement ON statement_versions(statement_id)",
    )


def _v2_values_and_stellingen(conn: sqlite3.Connection) -> None:
    """The value votes and the stellingen ratings, with the lists as they were when the workshop began."""
    _execute(
        conn,
        """ALTER TABLE workshops ADD COLUMN votes_per_participant INTEGER NOT NULL DEFAULT 3
            CHECK (votes_per_participant > 0)""",
        """CREATE TABLE workshop_values (
            workshop_id INTEGER NOT NULL REFERENCES workshops(id),
            value_id TEXT NOT NULL,
            position INTEGER NOT NULL,
            name TEXT NOT NULL,
            description TEXT NOT NULL,
            PRIMARY KEY (workshop_id, value_id)
        )""",
        """CREATE TABLE value_votes (
            id INTEGER PRIMARY KEY,
            participant_id INTEGER NOT NULL REFERENCES participants(id),
            workshop_id INTEGER NOT NULL,
            value_id TEXT NOT NULL,
            cast_at TEXT NOT NULL,
            withdrawn_at TEXT,
            FOREIGN KEY (workshop_id, value_id) REFERENCES workshop_values(workshop_id, value_id)
        )""",
        """CREATE UNIQUE INDEX value_votes_active ON value_votes(participant_id, value_id)
            WHERE withdrawn_at IS NULL""",
        """CREATE TABLE workshop_stellingen (
            workshop_id INTEGER NOT NULL REFERENCES workshops(id),
            stelling_id TEXT NOT NULL,
            position INTEGER NOT NULL,
            text TEXT NOT NULL,
            PRIMARY KEY (workshop_id, stelling_id)
        )""",
        """CREATE TABLE ratings (
            participant_id INTEGER NOT NULL REFERENCES participants(id),
            workshop_id INTEGER NOT NULL,
            stelling_id TEXT NOT NULL,
            score INTEGER NOT NULL CHECK (score BETWEEN 1 AND 5),
            rated_at TEXT NOT NULL,
            PRIMARY KEY (participant_id, stelling_id),
            FOREIGN KEY (workshop_id, stelling_id)
                REFERENCES workshop_stellingen(workshop_id, stelling_id)
        )""",
    )


def _v3_themes_and_vision(conn: sqlite3.Connection) -> None:
    """Themes the facilitator groups statements into, and the saved versions of the vision."""
    _execute(
        conn,
        """CREATE TABLE themes (
            id INTEGER PRIMARY KEY,
            workshop_id INTEGER NOT NULL REFERENCES workshops(id),
            name TEXT NOT NULL,
            created_at TEXT NOT NULL,
            deleted_at TEXT
        )""",
        "ALTER TABLE statements ADD COLUMN theme_id INTEGER REFERENCES themes(id)",
        """CREATE TABLE vision_versions (
            id INTEGER PRIMARY KEY,
            workshop_id INTEGER NOT NULL REFERENCES workshops(id),
            text TEXT NOT NULL,
            saved_at TEXT NOT NULL,
            final INTEGER NOT NULL DEFAULT 0 CHECK (final IN (0, 1))
        )""",
        "CREATE UNIQUE INDEX vision_versions_one_final ON vision_versions(workshop_id) WHERE final = 1",
    )


def _v4_action_plan(conn: sqlite3.Connection) -> None:
    """The school's action plan: actions with every saved version, participants' comments and priority votes.

    The plan belongs to the school, not to one workshop: a facilitator key of any of the
    school's workshops edits it (``workshop_id`` in a version says which one; NULL for the
    kit on this computer), participants comment and vote through their workshop.
    """
    _execute(
        conn,
        """CREATE TABLE plan_actions (
            id INTEGER PRIMARY KEY,
            school_year TEXT NOT NULL,
            position INTEGER NOT NULL,
            catalogue_id TEXT,
            title TEXT NOT NULL,
            description TEXT NOT NULL DEFAULT '',
            reason TEXT NOT NULL DEFAULT '',
            reason_kind TEXT NOT NULL DEFAULT 'own',
            owner TEXT NOT NULL DEFAULT '',
            involved TEXT NOT NULL DEFAULT '',
            start TEXT,
            deadline TEXT,
            indicator TEXT NOT NULL DEFAULT '',
            target_metric TEXT,
            target_op TEXT CHECK (target_op IN ('<=', '>=')),
            target_value REAL,
            target_year TEXT,
            target_text TEXT NOT NULL DEFAULT '',
            status TEXT NOT NULL DEFAULT 'planned'
                CHECK (status IN ('planned', 'in_progress', 'done', 'stopped')),
            priority TEXT NOT NULL DEFAULT 'medium' CHECK (priority IN ('high', 'medium', 'low')),
            created_at TEXT NOT NULL,
            updated_at TEXT NOT NULL,
            removed_at TEXT
        )""",
        "CREATE INDEX plan_actions_year ON plan_actions(school_year, position)",
        """CREATE TABLE plan_action_versions (
            id INTEGER PRIMARY KEY,
            action_id INTEGER NOT NULL REFERENCES plan_actions(id),
            change TEXT NOT NULL,
            data TEXT NOT NULL,
            workshop_id INTEGER REFERENCES workshops(id),
            written_at TEXT NOT NULL
        )""",
        "CREATE INDEX plan_action_versions_action ON plan_action_versions(action_id)",
        """CREATE TABLE plan_comments (
            id INTEGER PRIMARY KEY,
            action_id INTEGER NOT NULL REFERENCES plan_actions(id),
            participant_id INTEGER NOT NULL REFERENCES participants(id),
            text TEXT NOT NULL,
            created_at TEXT NOT NULL,
            hidden_at TEXT
        )""",
        "CREATE INDEX plan_comments_action ON plan_comments(action_id)",
        """CREATE TABLE plan_votes (
            id INTEGER PRIMARY KEY,
            action_id INTEGER NOT NULL REFERENCES plan_actions(id),
            participant_id INTEGER NOT NULL REFERENCES participants(id),
            cast_at TEXT NOT NULL,
            withdrawn_at TEXT
        )""",
        """CREATE UNIQUE INDEX plan_votes_active ON plan_votes(participant_id, action_id)
            WHERE withdrawn_at IS NULL""",
    )


def _v5_case_exercise(conn: sqlite3.Connection) -> None:
    """The case exercise of step 2 ("Signaleren en handelen", :mod:`kit.workshop.cases`): the case each
    workshop shows, the participants' answers, and every earlier version of an answer."""
    _execute(
        conn,
        """CREATE TABLE case_shown (
            workshop_id INTEGER PRIMARY KEY REFERENCES workshops(id),
            case_id TEXT NOT NULL,
            shown_at TEXT NOT NULL
        )""",
        """CREATE TABLE case_answers (
            id INTEGER PRIMARY KEY,
            participant_id INTEGER NOT NULL REFERENCES participants(id),
            case_id TEXT NOT NULL,
            signals TEXT NOT NULL DEFAULT '[]',
            seriousness INTEGER CHECK (seriousness BETWEEN 1 AND 4),
            next_steps TEXT NOT NULL DEFAULT '[]',
            text TEXT NOT NULL DEFAULT '',
            created_at TEXT NOT NULL,
            updated_at TEXT NOT NULL,
            UNIQUE (participant_id, case_id)
        )""",
        """CREATE TABLE case_answer_versions (
            id INTEGER PRIMARY KEY,
            answer_id INTEGER NOT NULL REFERENCES case_answers(id),
            signals TEXT NOT NULL,
            seriousness INTEGER,
            next_steps TEXT NOT NULL,
            text TEXT NOT NULL,
            written_at TEXT NOT NULL
        )""",
        "CREATE INDEX case_answer_versions_answer ON case_answer_versions(answer_id)",
    )


def _v6_meetings_and_certificates(conn: sqlite3.Connection) -> None:
    """Which draaiboek meeting a workshop is, a participant's full name for a certificate, issued certificates.

    ``workshops.meeting`` holds the meeting's id from data/templates/draaiboek.yaml (NULL: none);
    ``participants.full_name`` is optional (only those who give it get a certificate); a
    certificate row keeps what was certified, so ``kit certificaat controleer`` can say it later.
    """
    _execute(
        conn,
        "ALTER TABLE workshops ADD COLUMN meeting TEXT",
        "ALTER TABLE participants ADD COLUMN full_name TEXT",
        """CREATE TABLE certificates (
            number TEXT PRIMARY KEY,
            person TEXT NOT NULL,
            full_name TEXT NOT NULL,
            school_name TEXT NOT NULL,
            meetings TEXT NOT NULL,
            minutes INTEGER NOT NULL,
            issued_at TEXT NOT NULL
        )""",
        "CREATE INDEX certificates_person ON certificates(person)",
    )


def _v7_revoked_facilitator_keys(conn: sqlite3.Connection) -> None:
    """Facilitator keys that no longer work (:mod:`kit.workshop.keys`).

    ``workshops.key_revoked_at`` is set for every workshop but the newest when a newer one
    is started (done here at once for the workshops that exist); ``revoked_keys`` keeps a
    key that was replaced (``kit workshop key SCHOOL --nieuw``), so a page that still holds
    it can say that it no longer works instead of that it never did.
    """
    _execute(
        conn,
        "ALTER TABLE workshops ADD COLUMN key_revoked_at TEXT",
        """UPDATE workshops SET key_revoked_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now')
            WHERE id < (SELECT MAX(id) FROM workshops)""",
        """CREATE TABLE revoked_keys (
            key TEXT PRIMARY KEY,
            workshop_id INTEGER NOT NULL REFERENCES workshops(id),
            revoked_at TEXT NOT NULL
        )""",
    )


def _v8_school_keys_and_closing_revokes(conn: sqlite3.Connection) -> None:
    """Every course page needs a facilitator key now (:mod:`kit.workshop.keys`).

    ``school_keys`` holds the key a school gets before its first workshop (the first
    workshop takes it over) and, with ``revoked_at``, such keys that were replaced. Closing
    a workshop now revokes its key: done here at once for the workshops already closed.
    """
    _execute(
        conn,
        """CREATE TABLE school_keys (
            key TEXT PRIMARY KEY,
            created_at TEXT NOT NULL,
            revoked_at TEXT
        )""",
        """UPDATE workshops SET key_revoked_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now')
            WHERE closed_at IS NOT NULL AND key_revoked_at IS NULL""",
    )


MIGRATIONS: tuple[Callable[[sqlite3.Connection], None], ...] = (
    _v1_workshops_and_statements,
    _v2_values_and_stellingen,
    _v3_themes_and_vision,
    _v4_action_plan,
    _v5_case_exercise,
    _v6_meetings_and_certificates,
    _v7_revoked_facilitator_keys,
    _v8_school_keys_and_closing_revokes,
)
SCHEMA_VERSION = len(MIGRATIONS)


def _version(conn: sqlite3.Connection) -> int:
    version = conn.execute("PRAGMA user_version").fetchone()[0]
    if version > SCHEMA_VERSION:
        raise StoreError(
            f"Deze workshopdatabase is gemaakt met een nieuwere versie van de kit (schema {version}, "
            f"deze kit kent tot en met {SCHEMA_VERSION}).",
            hint="Werk de kit bij en probeer het opnieuw; er is niets gewijzigd.",
        )
    return version


def migrate(conn: sqlite3.Connection) -> int:
    """Bring the database up to :data:`SCHEMA_VERSION` in one transaction; return that version.

    ``conn`` must be in autocommit mode (``isolation_level=None``) and outside a transaction.
    """
    if _version(conn) == SCHEMA_VERSION:
        return SCHEMA_VERSION
    conn.execute("BEGIN IMMEDIATE")
    try:
        start = _version(conn)  # again, now under the write lock: another kernel may have done it
        for number, step in enumerate(MIGRATIONS[start:], start=start + 1):
            step(conn)
            conn.execute(f"PRAGMA user_version = {number}")
        conn.execute("COMMIT")
    except BaseException:
        if conn.in_transaction:
            conn.execute("ROLLBACK")
        raise
    return SCHEMA_VERSION
