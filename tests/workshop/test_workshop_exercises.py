"""The exercises through the public API: statements, values, stellingen, themes and the vision."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kit import workshop
from kit.workshop import AccessError, InputError, LimitError, WorkshopClosedError, WorkshopError
from kit.workshop.statements import MAX_STATEMENTS, STATEMENT_MAX

AS_TYPED = [
    "<img src=x onerror=alert(1)>",
    '<script>alert("x")</script>',
    "<svg/onload=alert(1)>",
    "javascript:alert(1)",
    "Robert'); DROP TABLE statements;--",
    "{{ 7*7 }} ${7*7} %s %(x)s",
    "  spaties voor en achter  ",
    "regel één\nregel twee\r\n\ttab",
    "e\u0301 \u200b \u202e omgekeerd 🙂",
    "&lt;b&gt; &amp; \\n",
]


# --- joining ---------------------------------------------------------------------------------


def test_join_and_resume_with_the_token(store, code, anna):
    again = workshop.resume(store, code.lower(), anna.token)
    assert again == anna and again.pseudonym == "Anna"
    assert [p["pseudonym"] for p in workshop.list_participants(store, anna.workshop_id)] == ["Anna"]


def test_pseudonym_is_unique_per_workshop_ignoring_case_and_spaces(store, code, anna):
    with pytest.raises(InputError, match="al gekozen"):
        workshop.join(store, code, "  ANNA ")


@pytest.mark.parametrize("name", ["", "   ", "x" * 41, "Anna\nBram", None, 42])
def test_bad_pseudonyms_are_refused(store, code, name):
    with pytest.raises(InputError):
        workshop.join(store, code, name)


def test_pseudonym_is_kept_as_typed_apart_from_outer_spaces(store, code):
    me = workshop.join(store, code, "  <b>Fatima</b> ")
    assert me.pseudonym == "<b>Fatima</b>"


def test_unknown_code_or_token_gets_no_access(store, code, anna):
    with pytest.raises(AccessError):
        workshop.join(store, "XXXXXX", "Carla")
    with pytest.raises(AccessError):
        workshop.resume(store, code, workshop.codes.new_participant_token())
    with pytest.raises(AccessError):
        workshop.add_statement(store, workshop.codes.new_participant_token(), "Hallo")
    with pytest.raises(AccessError):
        workshop.workshop_for_key(store, workshop.codes.new_facilitator_key())
    assert workshop.workshop_for_code(store, code).id == anna.workshop_id


# --- open, close, reopen, new ----------------------------------------------------------------


def test_open_resumes_then_reopens_the_same_workshop(store, opened):
    assert opened.status == "started"
    again = workshop.open_workshop(store)
    assert again.status == "resumed" and again.workshop == opened.workshop
    assert again.facilitator_key == opened.facilitator_key
    closed = workshop.close_workshop(store)
    assert not closed.is_open
    reopened = workshop.open_workshop(store)
    assert reopened.status == "reopened" and reopened.workshop.join_code == opened.workshop.join_code
    assert reopened.workshop.is_open


def test_new_workshop_needs_the_old_one_closed(store, opened):
    with pytest.raises(WorkshopError, match="loopt al"):
        workshop.open_workshop(store, new=True)
    workshop.close_workshop(store)
    second = workshop.open_workshop(store, new=True, votes_per_participant=5)
    assert second.status == "started" and second.workshop.id != opened.workshop.id
    assert second.workshop.join_code != opened.workshop.join_code
    assert second.facilitator_key != opened.facilitator_key
    assert second.workshop.votes_per_participant == 5
    assert workshop.current_workshop(store) == second.workshop
    # the newer workshop revoked the older key: it reaches neither workshop any more
    with pytest.raises(workshop.RevokedKeyError):
        workshop.workshop_for_key(store, opened.facilitator_key)
    newcomer = workshop.join(store, second.workshop.join_code, "Anna")
    statement_id = workshop.add_statement(store, newcomer.token, "In de tweede workshop")
    with pytest.raises(workshop.RevokedKeyError):
        workshop.delete_statement(store, opened.facilitator_key, statement_id)
    workshop.delete_statement(store, second.facilitator_key, statement_id)
    with pytest.raises(WorkshopClosedError):
        workshop.join(store, opened.workshop.join_code, "Bram")


@pytest.mark.parametrize("votes", [0, -1, 10, True])
def test_vote_budget_must_fit_the_value_list(store, votes):
    with pytest.raises(InputError, match="stemmen"):
        workshop.open_workshop(store, votes_per_participant=votes)
    assert workshop.current_workshop(store) is None


def test_closed_workshop_accepts_nothing_from_participants(store, code, key, anna):
    statement = workshop.add_statement(store, anna.token, "Voor het sluiten")
    workshop.close_workshop(store)
    for attempt in (
        lambda: workshop.join(store, code, "Laat"),
        lambda: workshop.add_statement(store, anna.token, "Na het sluiten"),
        lambda: workshop.edit_statement(store, anna.token, statement, "Anders"),
        lambda: workshop.withdraw_statement(store, anna.token, statement),
        lambda: workshop.cast_vote(store, anna.token, "respect"),
        lambda: workshop.rate(store, anna.token, "pesten-hoort-bij-opgroeien", 3),
    ):
        with pytest.raises(WorkshopClosedError, match="gesloten"):
            attempt()
    # a reload still finds the participant and their input; the facilitator works on with a new key
    assert workshop.resume(store, code, anna.token) == anna
    assert [s["text"] for s in workshop.own_statements(store, anna.token)] == ["Voor het sluiten"]
    with pytest.raises(workshop.RevokedKeyError, match="gesloten"):  # closing revoked the key
        workshop.save_vision(store, key, "Met de oude sleutel")
    from kit.workshop.keys import working_key

    workshop.save_vision(store, working_key(store)[1], "Na afloop geschreven")


# --- statements --------------------------------------------------------------------------------


@pytest.mark.parametrize("text", AS_TYPED)
def test_statement_text_is_stored_exactly_as_typed(store, anna, text):
    statement_id = workshop.add_statement(store, anna.token, text)
    [stored] = workshop.list_statements(store, anna.workshop_id)
    assert stored["id"] == statement_id and stored["text"] == text
    assert workshop.export(store.school_dir)["workshops"][0]["statements"][0]["text"] == text


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=st.text(min_size=1, max_size=STATEMENT_MAX).filter(str.strip))
def test_any_text_round_trips_unchanged(store, anna, text):
    """Text round-trips as typed, except that invisible control characters are cleaned out (never stored)."""
    from kit.text_safety import clean_text, control_characters

    expected = clean_text(text)
    if not control_characters(text, multiline=True):
        assert expected == text
    mine = workshop.own_statements(store, anna.token)
    if not expected.strip():
        with pytest.raises(InputError):
            workshop.add_statement(store, anna.token, text)
        return
    if mine:
        workshop.edit_statement(store, anna.token, mine[0]["id"], text)
    else:
        workshop.add_statement(store, anna.token, text)
    stored = workshop.own_statements(store, anna.token)[0]["text"]
    assert stored == expected and not control_characters(stored, multiline=True)


@pytest.mark.parametrize("text", ["", "   \n\t", "x" * (STATEMENT_MAX + 1), None, 5])
def test_empty_or_too_long_statements_are_refused(store, anna, text):
    with pytest.raises(InputError):
        workshop.add_statement(store, anna.token, text)
    assert workshop.own_statements(store, anna.token) == []


def test_statement_limit_per_participant(store, anna, bram):
    ids = [workshop.add_statement(store, anna.token, f"Uitspraak {n}") for n in range(MAX_STATEMENTS)]
    with pytest.raises(LimitError, match=str(MAX_STATEMENTS)):
        workshop.add_statement(store, anna.token, "Een te veel")
    workshop.add_statement(store, bram.token, "Bram heeft nog ruimte")
    workshop.withdraw_statement(store, anna.token, ids[0])
    workshop.add_statement(store, anna.token, "Weer ruimte na intrekken")
    assert len(workshop.own_statements(store, anna.token)) == MAX_STATEMENTS


def test_edits_keep_their_history(store, anna):
    statement_id = workshop.add_statement(store, anna.token, "Eerste versie")
    workshop.edit_statement(store, anna.token, statement_id, "Tweede versie")
    workshop.edit_statement(store, anna.token, statement_id, "Tweede versie")  # unchanged: no new version
    workshop.edit_statement(store, anna.token, statement_id, "<i>Derde</i> versie")
    [statement] = workshop.list_statements(store, anna.workshop_id)
    assert statement["text"] == "<i>Derde</i> versie" and statement["edited_at"] is not None
    history = workshop.statement_history(store, anna.workshop_id)[statement_id]
    assert [v["text"] for v in history] == ["Eerste versie", "Tweede versie", "<i>Derde</i> versie"]


def test_participants_cannot_touch_each_others_statements(store, anna, bram):
    statement_id = workshop.add_statement(store, anna.token, "Van Anna")
    with pytest.raises(InputError, match="niet van jou"):
        workshop.edit_statement(store, bram.token, statement_id, "Door Bram")
    with pytest.raises(InputError):
        workshop.withdraw_statement(store, bram.token, statement_id)
    assert workshop.own_statements(store, bram.token) == []
    assert workshop.list_statements(store, anna.workshop_id)[0]["text"] == "Van Anna"


def test_withdrawn_statement_is_kept_but_not_shown(store, anna):
    statement_id = workshop.add_statement(store, anna.token, "Toch niet")
    workshop.withdraw_statement(store, anna.token, statement_id)
    assert workshop.list_statements(store, anna.workshop_id) == []
    assert workshop.own_statements(store, anna.token) == []
    [kept] = workshop.list_statements(store, anna.workshop_id, include_removed=True)
    assert kept["withdrawn_at"] is not None and kept["text"] == "Toch niet"
    with pytest.raises(InputError):
        workshop.edit_statement(store, anna.token, statement_id, "Te laat")


def test_facilitator_soft_delete_and_undo(store, key, anna):
    statement_id = workshop.add_statement(store, anna.token, "Ongepast")
    workshop.delete_statement(store, key, statement_id)
    assert workshop.list_statements(store, anna.workshop_id) == []
    [hidden] = workshop.list_statements(store, anna.workshop_id, include_removed=True)
    assert hidden["deleted_at"] is not None
    assert workshop.own_statements(store, anna.token)[0]["deleted_at"] is not None
    workshop.restore_statement(store, key, statement_id)
    [back] = workshop.list_statements(store, anna.workshop_id)
    assert back["id"] == statement_id and back["deleted_at"] is None and back["text"] == "Ongepast"


def test_soft_delete_needs_a_valid_key_of_this_workshop(store, key, anna):
    statement_id = workshop.add_statement(store, anna.token, "Blijft staan")
    with pytest.raises(AccessError):
        workshop.delete_statement(store, key[:-1] + ("A" if key[-1] != "A" else "B"), statement_id)
    with pytest.raises(AccessError):
        workshop.delete_statement(store, anna.token, statement_id)
    with pytest.raises(InputError):
        workshop.delete_statement(store, key, statement_id + 1)
    assert len(workshop.list_statements(store, anna.workshop_id)) == 1


# --- values --------------------------------------------------------------------------------------


def test_vote_budget_is_enforced(store, anna):
    assert workshop.cast_vote(store, anna.token, "respect") == 2
    assert workshop.cast_vote(store, anna.token, "vertrouwen") == 1
    with pytest.raises(InputError, match="al op deze waarde"):
        workshop.cast_vote(store, anna.token, "respect")
    assert workshop.cast_vote(store, anna.token, "veiligheid") == 0
    with pytest.raises(LimitError, match="3 stemmen"):
        workshop.cast_vote(store, anna.token, "openheid")
    assert workshop.withdraw_vote(store, anna.token, "vertrouwen") == 1
    assert workshop.cast_vote(store, anna.token, "openheid") == 0
    assert workshop.own_votes(store, anna.token) == ["respect", "veiligheid", "openheid"]
    with pytest.raises(InputError):
        workshop.withdraw_vote(store, anna.token, "vertrouwen")


@pytest.mark.parametrize("value_id", ["bestaat-niet", "", None, 3, "respect' OR '1'='1"])
def test_votes_only_for_values_on_the_list(store, anna, value_id):
    with pytest.raises(InputError, match="niet op de lijst"):
        workshop.cast_vote(store, anna.token, value_id)


def test_value_ranking_counts_current_votes(store, anna, bram):
    workshop.cast_vote(store, anna.token, "verbondenheid")
    workshop.cast_vote(store, bram.token, "verbondenheid")
    workshop.cast_vote(store, bram.token, "respect")
    workshop.cast_vote(store, anna.token, "openheid")
    workshop.withdraw_vote(store, anna.token, "openheid")
    ranking = workshop.value_ranking(store, anna.workshop_id)
    assert [(v["id"], v["votes"]) for v in ranking[:3]] == [("verbondenheid", 2), ("respect", 1), ("vertrouwen", 0)]
    assert ranking[0]["voters"] == ["Anna", "Bram"]
    assert len(ranking) == len(workshop.list_values(store, anna.workshop_id)) == 10
    assert len(workshop.list_votes(store, anna.workshop_id)) == 4  # the withdrawn one is kept


# --- stellingen -----------------------------------------------------------------------------------


def test_ratings_replace_and_results_put_the_most_divided_first(store, anna, bram):
    stellingen = [s["id"] for s in workshop.list_stellingen(store, anna.workshop_id)]
    divided, agreed = stellingen[3], stellingen[0]
    workshop.rate(store, anna.token, divided, 1)
    workshop.rate(store, bram.token, divided, 4)
    workshop.rate(store, bram.token, divided, 5)  # changes Bram's rating
    workshop.rate(store, anna.token, agreed, 2)
    workshop.rate(store, bram.token, agreed, 2)
    assert workshop.own_ratings(store, bram.token) == {divided: 5, agreed: 2}
    results = workshop.rating_results(store, anna.workshop_id)
    assert results[0]["id"] == divided
    assert results[0]["counts"] == {1: 1, 2: 0, 3: 0, 4: 0, 5: 1}
    assert results[0]["n"] == 2 and results[0]["mean"] == 3 and results[0]["spread"] == 2
    assert results[1]["id"] == agreed and results[1]["spread"] == 0
    assert results[-1]["n"] == 0 and results[-1]["mean"] is None
    assert len(workshop.list_ratings(store, anna.workshop_id)) == 4  # Bram's first rating was replaced
    assert workshop.SCALE[1] == "helemaal oneens" and workshop.SCALE[5] == "helemaal eens"


@pytest.mark.parametrize("score", [0, 6, 2.5, "3", None, True])
def test_rating_must_be_on_the_scale(store, anna, score):
    with pytest.raises(InputError, match="helemaal oneens"):
        workshop.rate(store, anna.token, "pesten-hoort-bij-opgroeien", score)


def test_rating_needs_a_known_stelling(store, anna):
    with pytest.raises(InputError, match="niet op de lijst"):
        workshop.rate(store, anna.token, "onbekend", 3)


# --- themes --------------------------------------------------------------------------------------


def test_themes_group_statements_and_deleting_one_is_undoable(store, key, anna):
    first = workshop.add_statement(store, anna.token, "Samen afspraken maken")
    second = workshop.add_statement(store, anna.token, "Ingrijpen op het plein")
    theme = workshop.add_theme(store, key, "Afspraken")
    workshop.rename_theme(store, key, theme, "<b>Samen</b> afspraken")
    workshop.assign_theme(store, key, first, theme)
    by_id = {s["id"]: s for s in workshop.list_statements(store, anna.workshop_id)}
    assert by_id[first]["theme_id"] == theme and by_id[second]["theme_id"] is None
    assert workshop.list_themes(store, anna.workshop_id)[0]["name"] == "<b>Samen</b> afspraken"

    workshop.delete_theme(store, key, theme)
    assert workshop.list_themes(store, anna.workshop_id) == []
    assert all(s["theme_id"] is None for s in workshop.list_statements(store, anna.workshop_id))
    with pytest.raises(InputError, match="verwijderd"):
        workshop.assign_theme(store, key, second, theme)
    workshop.restore_theme(store, key, theme)
    by_id = {s["id"]: s for s in workshop.list_statements(store, anna.workshop_id)}
    assert by_id[first]["theme_id"] == theme

    workshop.assign_theme(store, key, first, None)
    assert all(s["theme_id"] is None for s in workshop.list_statements(store, anna.workshop_id))
    with pytest.raises(InputError):
        workshop.assign_theme(store, key, first, theme + 100)


# --- vision --------------------------------------------------------------------------------------


def test_vision_versions_are_kept_and_one_is_final(store, key, opened):
    workshop_id = opened.workshop.id
    assert workshop.current_vision(store, workshop_id) is None
    first = workshop.save_vision(store, key, "Eerste opzet")
    second = workshop.save_vision(store, key, "Tweede opzet <script>x</script>")
    assert workshop.current_vision(store, workshop_id)["text"].startswith("Tweede")
    assert workshop.current_vision(store, workshop_id)["final"] is False
    workshop.mark_final(store, key, first)
    assert workshop.current_vision(store, workshop_id)["id"] == first
    workshop.mark_final(store, key, second)
    third = workshop.save_vision(store, key, "Derde opzet, nog niet af")
    versions = workshop.list_vision_versions(store, workshop_id)
    assert [(v["number"], v["final"]) for v in versions] == [(1, False), (2, True), (3, False)]
    assert workshop.current_vision(store, workshop_id)["id"] == second
    workshop.save_vision(store, key, "Vierde en definitief", final=True)
    assert [v["final"] for v in workshop.list_vision_versions(store, workshop_id)] == [False] * 3 + [True]
    with pytest.raises(InputError):
        workshop.mark_final(store, key, third + 100)
