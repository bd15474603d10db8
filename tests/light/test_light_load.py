"""A short load test of the light pages (``make test``): 30 phones join at once and each write three statements.

Protocol level (:mod:`benchmarks.light_participant`), against the shared ``kit serve``; the full run of
200 participants with the facilitator's page open is ``benchmarks/bench_light.py``.
"""

from __future__ import annotations

import asyncio
import time

from kit import workshop
from benchmarks.light_participant import LightParticipant, client
from benchmarks.participant import run_in_thread

PHONES = 30
ENTRIES = 3


def test_thirty_phones_join_at_once_and_no_entry_is_lost(kit_server, light_crowd):
    async def phone(http, number: int) -> list[float]:
        me = LightParticipant(http, kit_server, light_crowd.school, light_crowd.code)
        joined = await me.join(f"Deelnemer {number:02d}")
        assert joined.status == 200 and me.name == f"Deelnemer {number:02d}", joined.text[-500:]
        times = [joined.seconds]
        for entry in range(ENTRIES):
            reply = await me.send("uitspraak", uitspraak=f"Uitspraak {entry + 1} van deelnemer {number:02d}.")
            assert reply.status == 200 and "Je uitspraak is opgeslagen." in reply.text
            times.append(reply.seconds)
            await me.state()  # what the page's script asks every two seconds
        return times

    async def crowd():
        http = client()
        return await asyncio.gather(*(phone(http, n) for n in range(PHONES)))

    start = time.perf_counter()
    results = run_in_thread(crowd)  # a loop of its own: Playwright's sync API may hold this thread's
    elapsed = time.perf_counter() - start
    with workshop.Store(light_crowd.folder) as store:
        found = workshop.workshop_for_code(store, light_crowd.code)
        statements = workshop.list_statements(store, found.id)
        people = workshop.list_participants(store, found.id)
    assert len(people) == PHONES
    expected = {f"Uitspraak {e + 1} van deelnemer {n:02d}." for n in range(PHONES) for e in range(ENTRIES)}
    assert {s["text"] for s in statements} == expected and len(statements) == PHONES * ENTRIES  # 0 lost
    slowest = max(t for times in results for t in times)
    print(f"\n{PHONES} telefoons, {PHONES * (ENTRIES + 1)} formulieren in {elapsed:.1f} s; traagste {slowest:.2f} s")
    assert slowest < 10.0
