"""The plan in the workshop store: accept, edit, reorder, remove and undo, with history; comments and votes."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from kit import workshop
from kit.plan import store as plan
from kit.plan.state import plan_state
from kit.workshop import AccessError, InputError, LimitError, WorkshopClosedError

YEAR = "2026-2027"
PROPOSAL = {"id": "pleinwacht-uitbreiden", "title": "Pleinwacht uitbreiden", "description": "Twee pleinwachten.",
            "reason": "33,3% van de leerlingen voelt zich weleens onveilig op het schoolplein (n = 99).",
            "reason_kind": "finding", "owner": "Marieke de Vries (directeur)", "involved": "", "start": "2026-12-01",
            "deadline": "2027-01-31", "indicator": "Onveilig op het plein", "priority": "high", "target_text": "",
            "target": {"metric": "plek:plein", "op": "<=", "value": 23.0, "year": "2027-2028"}}


@pytest.fixture
def school(tmp_path: Path) -> Path:
    folder = tmp_path / "obs-de-linde"
    folder.mkdir()
    (folder / "school.yaml").write_text("id: obs-de-linde\nnaam: OBS De Linde\nschooljaar: 2026-2027\n",
                                        encoding="utf-8")
    return folder


@pytest.fixture
def store(school):
    with workshop.Store(school) as store:
        yield store


@pytest.fixture
def opened(store):
    return workshop.open_workshop(store)


def test_the_schema_has_the_plan_tables(store):
    assert store.schema_version == workshop.SCHEMA_VERSION >= 4
    tables = store.read(lambda c: {r[0] for r in c.execute("SELECT name FROM sqlite_master WHERE type = 'table'")})
    assert {"plan_actions", "plan_action_versions", "plan_comments", "plan_votes"} <= tables


def test_accept_edit_move_remove_restore_with_history(store, opened):
    key = opened.facilitator_key
    first = plan.accept_proposal(store, key, YEAR, PROPOSAL)
    second = plan.add_action(store, key, YEAR, {"title": "Eigen actie"})
    [a, b] = plan.list_actions(store, YEAR)
    assert (a["id"], a["catalogue_id"], a["target"]["value"], a["priority"]) == (first, "pleinwacht-uitbreiden",
                                                                               23.0, "high")
    assert (b["id"], b["status"], b["owner"], b["target"]) == (second, "planned", "", None)
    with pytest.raises(InputError, match="staat al in het plan"):
        plan.accept_proposal(store, key, YEAR, PROPOSAL)

    assert plan.update_action(store, key, first, {"owner": "Juf Anna", "deadline": "2027-02-15"})
    assert not plan.update_action(store, key, first, {"owner": "Juf Anna"})  # nothing changed, no new version
    with pytest.raises(InputError, match="vóór de startdatum"):
        plan.update_action(store, key, first, {"start": "2027-03-01"})

    assert plan.move_action(store, key, second, -1)
    assert not plan.move_action(store, key, second, -1)  # already first
    assert [x["id"] for x in plan.list_actions(store, YEAR)] == [second, first]

    plan.remove_action(store, key, second)
    assert [x["id"] for x in plan.list_actions(store, YEAR)] == [first]
    with pytest.raises(InputError, match="verwijderd"):
        plan.update_action(store, key, second, {"title": "Nee"})
    plan.restore_action(store, key, second)
    assert [x["id"] for x in plan.list_actions(store, YEAR)] == [second, first]  # back in its place

    history = plan.action_history(store, first)
    assert [h["change"] for h in history] == ["created", "edited", "moved"]
    assert history[0]["data"]["owner"] == "Marieke de Vries (directeur)"
    assert history[1]["data"]["owner"] == "Juf Anna"
    assert history[0]["workshop_id"] == opened.workshop.id
    assert [h["change"] for h in plan.action_history(store, second)] == ["created", "moved", "removed", "restored"]


def test_writes_need_a_valid_facilitator_key(store, opened):
    with pytest.raises(AccessError):
        plan.add_action(store, "x" * 43, YEAR, {"title": "Nee"})
    with pytest.raises(AccessError):
        plan.add_action(store, "", YEAR, {"title": "Nee"})
    assert plan.list_actions(store) == []
    # the kit on this computer writes without a key; its versions name no workshop
    action_id = plan.add_action(store, plan.LOCAL, YEAR, {"title": "Lokaal"})
    assert plan.action_history(store, action_id)[0]["workshop_id"] is None


def test_participants_comment_and_vote_within_their_budget(store, opened):
    key, code = opened.facilitator_key, opened.workshop.join_code
    ids = [plan.add_action(store, key, YEAR, {"title": f"Actie {n}"}) for n in range(5)]
    anna = workshop.join(store, code, "Anna")
    text = "<img src=x onerror=alert(1)> wie doet dit?"
    comment_id = plan.add_comment(store, anna.token, ids[0], text)
    for action_id in ids[:3]:
        plan.cast_priority_vote(store, anna.token, action_id)
    with pytest.raises(LimitError, match="3 stemmen al gegeven"):
        plan.cast_priority_vote(store, anna.token, ids[3])
    with pytest.raises(InputError, match="al een stem"):
        plan.cast_priority_vote(store, anna.token, ids[0])
    plan.withdraw_priority_vote(store, anna.token, ids[2])
    assert plan.cast_priority_vote(store, anna.token, ids[3]) == 0
    assert plan.own_priority_votes(store, anna.token) == {ids[0], ids[1], ids[3]}
    snapshot = plan.plan_snapshot(store, YEAR)
    assert snapshot["votes"] == {ids[0]: 1, ids[1]: 1, ids[3]: 1}
    assert snapshot["comments"][ids[0]][0]["text"] == text  # stored exactly as typed

    plan.hide_comment(store, key, comment_id)
    assert plan.plan_snapshot(store, YEAR)["comments"][ids[0]][0]["hidden"]
    plan.remove_action(store, key, ids[1])  # a removed action's vote no longer counts against the budget
    assert len(plan.own_priority_votes(store, anna.token)) == 2
    with pytest.raises(InputError, match="niet meer in het plan"):
        plan.add_comment(store, anna.token, ids[1], "Te laat")

    workshop.close_workshop(store)
    with pytest.raises(WorkshopClosedError):
        plan.add_comment(store, anna.token, ids[0], "Gesloten")


def test_plan_state_for_the_start_page(school, store, opened):
    assert plan_state(school) == ("open", "Nog geen acties vastgelegd.")
    key = opened.facilitator_key
    action_id = plan.add_action(store, key, YEAR, {"title": "Zonder eigenaar"})
    state, detail = plan_state(school)
    assert state == "bezig" and "1 nog zonder eigenaar, deadline of meetbaar doel" in detail
    plan.update_action(store, key, action_id, {"owner": "Juf Anna", "deadline": "2027-03-01",
                                                "target_text": "4 lessen gegeven"})
    assert plan_state(school) == ("klaar", "1 actie in het plan van 2026-2027, alle met een eigenaar, een deadline "
                                           "en een meetbaar doel.")


def test_plan_state_creates_nothing_and_never_raises(tmp_path):
    folder = tmp_path / "leeg"
    folder.mkdir()
    assert plan_state(folder)[0] == "open"
    assert not (folder / workshop.DB_NAME).exists()
    (folder / workshop.DB_NAME).write_bytes(b"dit is geen database")
    assert plan_state(folder) == ("open", "Het actieplan kon niet worden gelezen.")


def test_a_database_of_schema_3_gets_the_plan_tables_and_keeps_its_data(school):
    with workshop.Store(school) as store:
        opened = workshop.open_workshop(store)
    conn = sqlite3.connect(school / workshop.DB_NAME)
    for table in ("case_answer_versions", "case_answers", "case_shown",  # schema 5 (the case exercise)
                  "plan_votes", "plan_comments", "plan_action_versions", "plan_actions"):
        conn.execute(f"DROP TABLE {table}")
    conn.execute("PRAGMA user_version = 3")
    conn.commit()
    conn.close()
    with workshop.Store(school) as store:
        assert store.schema_version == workshop.SCHEMA_VERSION
        assert workshop.workshop_for_key(store, opened.facilitator_key).id == opened.workshop.id
        plan.add_action(store, opened.facilitator_key, YEAR, {"title": "Na de migratie"})
