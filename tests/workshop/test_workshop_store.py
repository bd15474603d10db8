"""The database file: WAL, durability across restarts and killed kernels, threads, bad files."""

from __future__ import annotations

import multiprocessing
import os
import signal
import sqlite3
import subprocess
import sys
import threading

import pytest

from kit import workshop
from kit.workshop import StoreError


def test_database_is_in_wal_mode_with_foreign_keys(store):
    assert (store.school_dir / "workshop.sqlite").is_file()
    assert store.read(lambda conn: conn.execute("PRAGMA journal_mode").fetchone()[0]) == "wal"
    assert store.read(lambda conn: conn.execute("PRAGMA foreign_keys").fetchone()[0]) == 1


def test_everything_survives_closing_and_reopening(school_dir):
    with workshop.Store(school_dir) as store:
        opened = workshop.open_workshop(store)
        anna = workshop.join(store, opened.workshop.join_code, "Anna")
        statement = workshop.add_statement(store, anna.token, "Voor de herstart")
        workshop.cast_vote(store, anna.token, "vertrouwen")
        workshop.rate(store, anna.token, "meteen-aanspreken", 4)
        theme = workshop.add_theme(store, opened.facilitator_key, "Aanspreken")
        workshop.assign_theme(store, opened.facilitator_key, statement, theme)
        workshop.save_vision(store, opened.facilitator_key, "Visie", final=True)
        before = workshop.export_store(store)

    with workshop.Store(school_dir) as store:  # a restarted kernel
        again = workshop.open_workshop(store)
        assert again.status == "resumed" and again.facilitator_key == opened.facilitator_key
        assert workshop.resume(store, opened.workshop.join_code, anna.token) == anna
        assert workshop.own_votes(store, anna.token) == ["vertrouwen"]
        after = workshop.export_store(store)
    assert {**after, "exported_at": None} == {**before, "exported_at": None}


def _write_then_hang(school_dir, token, done) -> None:
    store = workshop.Store(school_dir)
    workshop.add_statement(store, token, "Geschreven vlak voor de crash")
    done.set()
    threading.Event().wait(60)


def test_a_killed_kernel_loses_nothing_it_confirmed(store, anna, school_dir):
    context = multiprocessing.get_context("fork")
    done = context.Event()
    kernel = context.Process(target=_write_then_hang, args=(school_dir, anna.token, done))
    kernel.start()
    assert done.wait(30)
    os.kill(kernel.pid, signal.SIGKILL)
    kernel.join()
    with workshop.Store(school_dir) as fresh:
        assert [s["text"] for s in workshop.own_statements(fresh, anna.token)] == ["Geschreven vlak voor de crash"]


def test_one_store_can_be_used_from_a_background_thread(store, anna):
    errors: list[BaseException] = []

    def poll() -> None:
        try:
            for _ in range(50):
                workshop.list_statements(store, anna.workshop_id)
        except BaseException as exc:
            errors.append(exc)

    reader = threading.Thread(target=poll)
    reader.start()
    for n in range(5):
        workshop.add_statement(store, anna.token, f"Terwijl er gelezen wordt {n}")
    reader.join()
    assert errors == []
    assert len(workshop.list_statements(store, anna.workshop_id)) == 5


def test_nested_reads_share_one_transaction_and_writes_do_not_nest(store, opened):
    inner = store.read(lambda conn: store.read(lambda same: same is conn))
    assert inner is True
    with pytest.raises(RuntimeError):
        store.read(lambda conn: store.write(lambda same: None))
    workshop.close_workshop(store)  # the connection is still usable afterwards


def test_missing_folder_or_database(tmp_path):
    with pytest.raises(StoreError, match="bestaat niet"):
        workshop.Store(tmp_path / "nergens")
    with pytest.raises(StoreError, match="nog geen workshop"):
        workshop.Store(tmp_path, create=False)
    assert not (tmp_path / workshop.DB_NAME).exists()
    with pytest.raises(StoreError, match="nog geen workshop"):
        workshop.export(tmp_path)


def test_a_file_that_is_not_a_database_is_reported_and_left_alone(school_dir):
    path = school_dir / workshop.DB_NAME
    path.write_bytes(b"dit is geen database " * 100)
    with pytest.raises(StoreError, match="geen bruikbare workshopdatabase"):
        workshop.Store(school_dir)
    assert path.read_bytes() == b"dit is geen database " * 100


def test_closed_store_says_so(school_dir):
    store = workshop.Store(school_dir)
    store.close()
    store.close()
    with pytest.raises(StoreError, match="gesloten"):
        workshop.current_workshop(store)


def test_busy_database_is_retried_then_reported(school_dir, opened, monkeypatch):
    monkeypatch.setattr(workshop.store, "BUSY_TIMEOUT_S", 0.05)
    monkeypatch.setattr(workshop.store, "RETRY_PAUSES_S", (0.01, 0.01))
    impatient = workshop.Store(school_dir)
    other = sqlite3.connect(impatient.path, isolation_level=None)
    other.execute("BEGIN IMMEDIATE")  # someone else holds the write lock
    try:
        with pytest.raises(StoreError, match="te lang bezet"):
            workshop.close_workshop(impatient)
        assert workshop.current_workshop(impatient).is_open  # reading goes on while someone writes
    finally:
        other.execute("ROLLBACK")
        other.close()
    assert not workshop.close_workshop(impatient).is_open
    impatient.close()


def test_importing_the_store_stays_light():
    code = (
        "import sys, kit.workshop, kit.workshop.cli\n"
        "heavy = {'papermill', 'nbformat', 'jsonschema', 'pandas', 'matplotlib'} & set(sys.modules)\n"
        "print(sorted(heavy))"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "[]"
