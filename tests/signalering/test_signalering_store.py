"""The case exercise in the workshop store: showing a case, answers with history, access and a closed workshop."""

from __future__ import annotations

import sqlite3

import pytest

from kit import workshop
from kit.workshop import cases


def test_the_schema_has_the_case_tables(store):
    assert store.schema_version == workshop.SCHEMA_VERSION
    tables = store.read(lambda conn: {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")})
    assert {"case_shown", "case_answers", "case_answer_versions"} <= tables


def test_a_version_4_database_gets_the_case_tables_and_keeps_its_data(school_dir):
    from kit.workshop.codes import new_facilitator_key, new_join_code
    from kit.workshop.migrations import MIGRATIONS

    # A database exactly as schema 4 made it: later steps add tables and columns.
    conn = sqlite3.connect(school_dir / workshop.DB_NAME, isolation_level=None)
    for number, step in enumerate(MIGRATIONS[:4], start=1):
        step(conn)
        conn.execute(f"PRAGMA user_version = {number}")
    code = new_join_code()
    conn.execute("INSERT INTO workshops (join_code, facilitator_key, opened_at) VALUES (?, ?, ?)",
                 (code, new_facilitator_key(), "2026-09-01T10:00:00+00:00"))
    conn.close()
    with workshop.Store(school_dir) as store:
        opened = workshop.current_workshop(store)
        workshop.join(store, code, "Anna")
        assert store.schema_version == workshop.SCHEMA_VERSION
        assert [p["pseudonym"] for p in workshop.list_participants(store, opened.id)] == ["Anna"]
        assert cases.list_answers(store, opened.id) == []


def test_the_facilitator_shows_a_case_and_can_change_it(store, opened):
    assert cases.shown_case(store, opened.workshop.id) is None
    cases.show_case(store, opened.facilitator_key, "nooit-gekozen")
    assert cases.shown_case(store, opened.workshop.id) == "nooit-gekozen"
    cases.show_case(store, opened.facilitator_key, "blauwe-plekken")
    assert cases.shown_case(store, opened.workshop.id) == "blauwe-plekken"


def test_showing_a_case_needs_the_facilitator_key(store, opened, people):
    with pytest.raises(workshop.AccessError):
        cases.show_case(store, "x" * 43, "nooit-gekozen")
    with pytest.raises(workshop.AccessError):
        cases.show_case(store, people[0].token, "nooit-gekozen")
    with pytest.raises(workshop.InputError):
        cases.show_case(store, opened.facilitator_key, "../etc/passwd")


def test_a_changed_answer_keeps_every_earlier_version(store, opened, people):
    anna = people[0]
    assert cases.save_answer(store, anna.token, "nooit-gekozen", ["Sem blijft steeds alleen over"], 2, [], "")
    assert cases.save_answer(store, anna.token, "nooit-gekozen", ["Sem blijft steeds alleen over",
                                                                  "Het gaat al weken zo"], 3,
                             ["Het melden bij de anti-pestcoördinator"], "Uitsluiten is ook pesten.")
    assert not cases.save_answer(store, anna.token, "nooit-gekozen", ["Sem blijft steeds alleen over",
                                                                      "Het gaat al weken zo"], 3,
                                 ["Het melden bij de anti-pestcoördinator"], "Uitsluiten is ook pesten.")
    [answer] = cases.list_answers(store, opened.workshop.id)
    assert answer["seriousness"] == 3
    assert answer["signals"] == ["Sem blijft steeds alleen over", "Het gaat al weken zo"]
    assert answer["next_steps"] == ["Het melden bij de anti-pestcoördinator"]
    assert answer["text"] == "Uitsluiten is ook pesten."
    assert "pseudonym" not in answer
    history = cases.answer_history(store, opened.workshop.id)[answer["id"]]
    assert [v["seriousness"] for v in history] == [2, 3]
    assert history[0]["signals"] == ["Sem blijft steeds alleen over"] and history[0]["text"] == ""
    assert cases.own_answer(store, anna.token, "nooit-gekozen") == answer
    assert cases.own_answer(store, people[1].token, "nooit-gekozen") is None


def test_answers_are_per_participant_and_per_case(store, opened, people):
    for person, level in zip(people, (1, 2, 2)):
        cases.save_answer(store, person.token, "ruzie-om-de-bal", [], level, [], "")
    cases.save_answer(store, people[0].token, "blauwe-plekken", [], 4, [], "")
    ruzie = cases.list_answers(store, opened.workshop.id, "ruzie-om-de-bal")
    assert sorted(a["seriousness"] for a in ruzie) == [1, 2, 2]
    assert len(cases.list_answers(store, opened.workshop.id)) == 4


@pytest.mark.parametrize("signals, level, steps, text, message", [
    ([], None, [], "  ", "nog niets gekozen"),
    ([], 5, [], "", "een van de vier"),
    ([], True, [], "", "een van de vier"),
    (["x" * 121], 1, [], "", "te lange"),
    ([""], 1, [], "", "ongeldige keuzes"),
    ([], 1, [], "x" * 501, "501 tekens"),
])
def test_bad_answers_are_refused_in_dutch(store, people, signals, level, steps, text, message):
    with pytest.raises(workshop.InputError) as caught:
        cases.save_answer(store, people[0].token, "ruzie-om-de-bal", signals, level, steps, text)
    assert message in str(caught.value)


def test_a_closed_workshop_refuses_answers_but_keeps_them(store, opened, people):
    cases.save_answer(store, people[0].token, "ruzie-om-de-bal", [], 1, [], "eerst")
    workshop.close_workshop(store)
    with pytest.raises(workshop.WorkshopClosedError):
        cases.save_answer(store, people[0].token, "ruzie-om-de-bal", [], 2, [], "later")
    with pytest.raises(workshop.WorkshopClosedError):
        cases.save_answer(store, people[1].token, "ruzie-om-de-bal", [], 2, [], "nieuw")
    [answer] = cases.list_answers(store, opened.workshop.id)
    assert (answer["seriousness"], answer["text"]) == (1, "eerst")
    from kit.workshop.keys import working_key

    with pytest.raises(workshop.RevokedKeyError):  # closing revoked the key
        cases.show_case(store, opened.facilitator_key, "blauwe-plekken")
    cases.show_case(store, working_key(store)[1], "blauwe-plekken")  # with a new key the facilitator may discuss
    assert cases.shown_case(store, opened.workshop.id) == "blauwe-plekken"


def test_an_unknown_token_cannot_answer(store, opened):
    with pytest.raises(workshop.AccessError):
        cases.save_answer(store, "a" * 22, "ruzie-om-de-bal", [], 1, [], "")


def test_the_export_holds_the_case_answers_with_history(school_dir, store, opened, people, kit):
    cases.show_case(store, opened.facilitator_key, "ruzie-om-de-bal")
    cases.save_answer(store, people[0].token, "ruzie-om-de-bal", [], 3, [], "eerst")
    cases.save_answer(store, people[0].token, "ruzie-om-de-bal", [], 2, [], "daarna")
    [exported] = workshop.export(school_dir)["workshops"]
    assert exported["shown_case"] == "ruzie-om-de-bal"
    [answer] = exported["case_answers"]
    assert [v["text"] for v in answer["history"]] == ["eerst", "daarna"]
    status, out, _ = kit("workshop", "export", school_dir)
    assert status == 0 and "1 antwoord op casussen." in out
