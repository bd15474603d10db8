"""Schema versions: an older database is migrated forward, atomically, and a newer one is left alone."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from kit import workshop
from kit.workshop import StoreError
from kit.workshop.codes import new_facilitator_key, new_participant_token

# Version 1 as it was released, written out here on purpose: the test must not use the code under test.
SCHEMA_V1 = """
CREATE TABLE workshops (
    id INTEGER PRIMARY KEY, join_code TEXT NOT NULL UNIQUE, facilitator_key TEXT NOT NULL UNIQUE,
    opened_at TEXT NOT NULL, closed_at TEXT);
CREATE TABLE participants (
    id INTEGER PRIMARY KEY, workshop_id INTEGER NOT NULL REFERENCES workshops(id),
    pseudonym TEXT NOT NULL, token TEXT NOT NULL UNIQUE, joined_at TEXT NOT NULL);
CREATE INDEX participants_workshop ON participants(workshop_id);
CREATE TABLE statements (
    id INTEGER PRIMARY KEY, participant_id INTEGER NOT NULL REFERENCES participants(id),
    text TEXT NOT NULL, created_at TEXT NOT NULL, edited_at TEXT, withdrawn_at TEXT, deleted_at TEXT);
CREATE INDEX statements_participant ON statements(participant_id);
CREATE TABLE statement_versions (
    id INTEGER PRIMARY KEY, statement_id INTEGER NOT NULL REFERENCES statements(id),
    text TEXT NOT NULL, written_at TEXT NOT NULL);
CREATE INDEX statement_versions_statement ON statement_versions(statement_id);
PRAGMA user_version = 1;
"""
TOKEN = new_participant_token()
KEY = new_facilitator_key()


def _make_v1(folder: Path) -> None:
    conn = sqlite3.connect(folder / workshop.DB_NAME)
    conn.executescript(SCHEMA_V1)
    conn.execute("INSERT INTO workshops VALUES (1, 'ABC346', ?, '2025-01-10T09:00:00+00:00', NULL)", (KEY,))
    conn.execute("INSERT INTO participants VALUES (1, 1, 'Anna', ?, '2025-01-10T09:01:00+00:00')", (TOKEN,))
    conn.execute(
        "INSERT INTO statements VALUES (1, 1, '<img src=x onerror=alert(1)>', '2025-01-10T09:02:00+00:00', "
        "'2025-01-10T09:03:00+00:00', NULL, NULL)"
    )
    conn.executemany(
        "INSERT INTO statement_versions VALUES (?, 1, ?, ?)",
        [(1, "Eerst", "2025-01-10T09:02:00+00:00"), (2, "<img src=x onerror=alert(1)>", "2025-01-10T09:03:00+00:00")],
    )
    conn.commit()
    conn.close()


def _shape(path: Path) -> dict:
    """Tables with their columns, and index names: what a schema is, without its formatting."""
    conn = sqlite3.connect(path)
    tables = [row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")]
    shape = {table: conn.execute(f"PRAGMA table_info({table})").fetchall() for table in tables}
    shape["indexes"] = conn.execute(
        "SELECT name, tbl_name FROM sqlite_master WHERE type = 'index' ORDER BY name"
    ).fetchall()
    shape["foreign keys"] = {table: conn.execute(f"PRAGMA foreign_key_list({table})").fetchall() for table in tables}
    conn.close()
    return shape


def test_version_1_is_migrated_with_its_data_kept(school_dir, tmp_path):
    _make_v1(school_dir)
    with workshop.Store(school_dir) as store:
        assert store.schema_version == workshop.SCHEMA_VERSION
        [old] = workshop.list_workshops(store)
        assert old.join_code == "ABC346" and old.votes_per_participant == 3
        [statement] = workshop.list_statements(store, old.id)
        assert statement["text"] == "<img src=x onerror=alert(1)>" and statement["theme_id"] is None
        assert [v["text"] for v in workshop.statement_history(store, old.id)[1]] == [
            "Eerst", "<img src=x onerror=alert(1)>"]

        # resuming copies the value list and stellingen into the old workshop; Anna goes on with her token
        resumed = workshop.open_workshop(store)
        assert resumed.status == "resumed" and resumed.facilitator_key == KEY
        anna = workshop.resume(store, "ABC346", TOKEN)
        workshop.cast_vote(store, anna.token, "respect")
        workshop.rate(store, anna.token, "pesten-hoort-bij-opgroeien", 1)
        workshop.add_theme(store, KEY, "Nieuw thema")

    fresh = tmp_path / "nieuwe-school"
    fresh.mkdir()
    workshop.Store(fresh).close()
    assert _shape(school_dir / workshop.DB_NAME) == _shape(fresh / workshop.DB_NAME)


def test_a_failing_migration_changes_nothing(school_dir):
    _make_v1(school_dir)
    conn = sqlite3.connect(school_dir / workshop.DB_NAME)
    conn.execute("CREATE TABLE themes (x)")  # makes step 3 fail after step 2 succeeded
    conn.commit()
    conn.close()
    with pytest.raises(StoreError, match="geen bruikbare workshopdatabase"):
        workshop.Store(school_dir)
    conn = sqlite3.connect(school_dir / workshop.DB_NAME)
    assert conn.execute("PRAGMA user_version").fetchone()[0] == 1
    tables = {row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    assert "workshop_values" not in tables
    assert conn.execute("SELECT text FROM statements").fetchall() == [("<img src=x onerror=alert(1)>",)]
    conn.close()


def test_a_database_from_a_newer_kit_is_refused_untouched(school_dir):
    with workshop.Store(school_dir):
        pass
    conn = sqlite3.connect(school_dir / workshop.DB_NAME)
    conn.execute(f"PRAGMA user_version = {workshop.SCHEMA_VERSION + 1}")
    conn.close()
    with pytest.raises(StoreError, match="nieuwere versie"):
        workshop.Store(school_dir)
    conn = sqlite3.connect(school_dir / workshop.DB_NAME)
    assert conn.execute("PRAGMA user_version").fetchone()[0] == workshop.SCHEMA_VERSION + 1
    conn.close()
