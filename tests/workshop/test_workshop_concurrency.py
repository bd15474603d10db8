"""Thirty laptops at the same second: separate processes, released together, nothing lost."""

from __future__ import annotations

import multiprocessing
import traceback
from pathlib import Path

from kit import workshop

PARTICIPANTS = 30
STATEMENTS_EACH = 3
CONTEXT = multiprocessing.get_context("fork")


def _run_together(target, args_per_process: list[tuple]) -> list:
    """Start one process per argument tuple, release them at once, return what each reported."""
    barrier = CONTEXT.Barrier(len(args_per_process))
    results = CONTEXT.Queue()
    processes = [CONTEXT.Process(target=_report, args=(target, barrier, results, *args)) for args in args_per_process]
    for process in processes:
        process.start()
    reports = [results.get(timeout=60) for _ in processes]
    for process in processes:
        process.join(timeout=10)
        assert process.exitcode == 0
    return reports


def _report(target, barrier, results, *args) -> None:
    try:
        results.put(("ok", target(barrier, *args)))
    except BaseException as exc:  # reported to the test, which fails on it
        results.put(("error", f"{type(exc).__name__}: {exc}\n{traceback.format_exc()}"))


def _participant(barrier, school_dir: Path, code: str, index: int) -> int:
    store = workshop.Store(school_dir)
    barrier.wait(timeout=30)
    me = workshop.join(store, code, f"Deelnemer {index}")
    for n in range(STATEMENTS_EACH):
        workshop.add_statement(store, me.token, f"Uitspraak {n} van deelnemer {index}")
    values = [v["id"] for v in workshop.list_values(store, me.workshop_id)]
    for value_id in values[index % 4: index % 4 + 3]:
        workshop.cast_vote(store, me.token, value_id)
    for n, stelling in enumerate(workshop.list_stellingen(store, me.workshop_id)):
        workshop.rate(store, me.token, stelling["id"], 1 + (index + n) % 5)
    store.close()
    return me.id


def test_thirty_participants_at_once_lose_nothing(school_dir):
    with workshop.Store(school_dir) as store:
        opened = workshop.open_workshop(store)
    reports = _run_together(
        _participant, [(school_dir, opened.workshop.join_code, index) for index in range(PARTICIPANTS)]
    )
    assert [status for status, _ in reports] == ["ok"] * PARTICIPANTS, [r for s, r in reports if s != "ok"]

    [entered] = workshop.export(school_dir)["workshops"]
    assert len(entered["participants"]) == PARTICIPANTS
    texts = {s["text"] for s in entered["statements"]}
    assert texts == {f"Uitspraak {n} van deelnemer {i}" for i in range(PARTICIPANTS) for n in range(STATEMENTS_EACH)}
    assert len(entered["statements"]) == PARTICIPANTS * STATEMENTS_EACH
    assert len(entered["votes"]) == PARTICIPANTS * 3
    assert sum(v["votes"] for v in entered["value_ranking"]) == PARTICIPANTS * 3
    assert len(entered["ratings"]) == PARTICIPANTS * len(entered["stellingen"])


def _vote(barrier, school_dir: Path, token: str, value_id: str) -> str:
    with workshop.Store(school_dir) as store:
        barrier.wait(timeout=30)
        try:
            workshop.cast_vote(store, token, value_id)
        except workshop.LimitError:
            return "refused"
    return "counted"


def test_vote_budget_holds_when_one_participant_votes_from_ten_tabs_at_once(store, anna, school_dir):
    values = [v["id"] for v in workshop.list_values(store, anna.workshop_id)]
    reports = _run_together(_vote, [(school_dir, anna.token, value_id) for value_id in values])
    outcomes = sorted(result for _, result in reports)
    assert outcomes == ["counted"] * 3 + ["refused"] * 7
    assert len(workshop.own_votes(store, anna.token)) == 3


def _add(barrier, school_dir: Path, token: str, index: int) -> str:
    with workshop.Store(school_dir) as store:
        barrier.wait(timeout=30)
        try:
            workshop.add_statement(store, token, f"Tab {index}")
        except workshop.LimitError:
            return "refused"
    return "saved"


def test_statement_limit_holds_under_concurrency(store, anna, school_dir):
    reports = _run_together(_add, [(school_dir, anna.token, index) for index in range(12)])
    outcomes = sorted(result for _, result in reports)
    limit = workshop.statements.MAX_STATEMENTS
    assert outcomes == ["refused"] * (12 - limit) + ["saved"] * limit
    assert len(workshop.own_statements(store, anna.token)) == limit


def _first_open(barrier, school_dir: Path) -> int:
    barrier.wait(timeout=30)
    with workshop.Store(school_dir) as store:
        return store.schema_version


def test_many_kernels_creating_the_database_at_once(school_dir):
    reports = _run_together(_first_open, [(school_dir,)] * 12)
    assert reports == [("ok", workshop.SCHEMA_VERSION)] * 12
