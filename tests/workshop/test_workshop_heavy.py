"""The long fault and load runs on the workshop store (``make test-heavy``; left out of ``make test``).

Long versions of ``test_a_killed_kernel_loses_nothing_it_confirmed`` (test_workshop_store.py)
and ``test_thirty_participants_at_once_lose_nothing`` (test_workshop_concurrency.py), with
their figures printed (run with ``-s``).

* Writer processes (as page kernels are) edit statements as fast as they can; after every
  commit a writer appends the text to a file of its own (one ``write`` of one line, after
  the transaction committed: what a page would have shown as saved). Over and over one of
  them is killed with SIGKILL at a random moment and replaced. At the end every confirmed
  text must be in the store, and the file must pass SQLite's integrity check.
* Forty participants join at once and store all their statements, votes and ratings.
"""

from __future__ import annotations

import multiprocessing
import os
import random
import signal
import sqlite3
import time
from pathlib import Path

import pytest
from test_workshop_concurrency import PARTICIPANTS, STATEMENTS_EACH, _participant, _run_together

from kit import workshop

pytestmark = pytest.mark.heavy
CONTEXT = multiprocessing.get_context("fork")
WRITERS = 4


def _writer(school_dir: Path, token: str, statement_id: int, confirmed: Path, start: int) -> None:
    """Edit one statement for ever; append each text to ``confirmed`` once its commit returned."""
    store = workshop.Store(school_dir)
    fd = os.open(confirmed, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
    n = start
    while True:
        text = f"{token[:6]}-{n}"
        workshop.edit_statement(store, token, statement_id, text)
        os.write(fd, f"{text}\n".encode())
        n += 1


def confirmed_texts(path: Path) -> list[str]:
    """The complete lines of a confirm file (a writer killed mid-line left no confirmation)."""
    data = path.read_bytes() if path.exists() else b""
    return data.decode().split("\n")[:-1]


@pytest.mark.parametrize("kills", [60])
def test_sigkill_of_writers_in_a_loop_loses_no_committed_entry(school_dir, tmp_path, kills):
    with workshop.Store(school_dir) as store:
        opened = workshop.open_workshop(store)
        people = [workshop.join(store, opened.workshop.join_code, f"Schrijver {n}") for n in range(WRITERS)]
        statements = [workshop.add_statement(store, p.token, "begin") for p in people]
    files = [tmp_path / f"bevestigd-{n}.txt" for n in range(WRITERS)]
    rng = random.Random(16)
    started = time.monotonic()

    def start(n: int, first: int) -> multiprocessing.Process:
        process = CONTEXT.Process(target=_writer, args=(school_dir, people[n].token, statements[n], files[n], first),
                                  daemon=True)
        process.start()
        return process

    writers = [start(n, 0) for n in range(WRITERS)]
    for kill in range(kills):
        time.sleep(rng.uniform(0.05, 0.4))
        n = rng.randrange(WRITERS)
        os.kill(writers[n].pid, signal.SIGKILL)
        writers[n].join()
        # the next process goes on counting after the killed one's texts (confirmed or not)
        writers[n] = start(n, 1_000_000 * (kill + 1))
    for process in writers:
        os.kill(process.pid, signal.SIGKILL)
        process.join()
    seconds = time.monotonic() - started

    with workshop.Store(school_dir) as store:
        history = workshop.statement_history(store, opened.workshop.id)
    conn = sqlite3.connect(school_dir / workshop.DB_NAME)
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    conn.close()
    total = lost = 0
    for n in range(WRITERS):
        stored = {version["text"] for version in history[statements[n]]}
        mine = confirmed_texts(files[n])
        total += len(mine)
        lost += sum(1 for text in mine if text not in stored)
    print(f"\n[heavy] SIGKILL van schrijvers: {kills} keer gedood in {seconds:.1f} s, {total} bevestigde "
          f"schrijfacties, {lost} kwijt")
    assert total > kills * 10  # the writers really wrote between the kills
    assert lost == 0


@pytest.mark.parametrize("count", [40])
def test_forty_participants_at_once_store_all_their_statements(school_dir, count):
    assert count > PARTICIPANTS  # the long version of the thirty in make test
    with workshop.Store(school_dir) as store:
        opened = workshop.open_workshop(store)
    started = time.monotonic()
    reports = _run_together(_participant, [(school_dir, opened.workshop.join_code, n) for n in range(count)])
    seconds = time.monotonic() - started
    assert [status for status, _ in reports] == ["ok"] * count, [r for s, r in reports if s != "ok"]
    [entered] = workshop.export(school_dir)["workshops"]
    stored = len(entered["statements"])
    print(f"\n[heavy] {count} deelnemers tegelijk: {stored} van {count * STATEMENTS_EACH} uitspraken bewaard, "
          f"{len(entered['votes'])} stemmen, {len(entered['ratings'])} beoordelingen, in {seconds:.1f} s")
    assert len(entered["participants"]) == count
    assert {s["text"] for s in entered["statements"]} == {
        f"Uitspraak {n} van deelnemer {i}" for i in range(count) for n in range(STATEMENTS_EACH)}
    assert stored == count * STATEMENTS_EACH
    assert len(entered["votes"]) == count * 3
    assert len(entered["ratings"]) == count * len(entered["stellingen"])
