"""The legal checklist for complete, partial and empty profiles: met, missing or to check, with the source."""

from __future__ import annotations

from plan_fixtures import COMPLETE_PROFILE, EMPTY_PROFILE, PARTIAL_PROFILE, findings, summary

from kit.plan.checklist import load_checklist
from kit.plan.proposals import build_overview


def statuses(facts) -> dict[str, dict]:
    return {item["id"]: item for item in build_overview(facts)["checklist"]}


def test_a_complete_profile_with_this_years_survey(make_facts):
    items = statuses(make_facts(findings(summary()), profile=COMPLETE_PROFILE))
    for item_id in ("coordinator", "aanspreekpunt", "monitoring", "representatief", "pestprotocol", "preventie",
                    "klachtenregeling", "vertrouwenspersoon", "meldcode"):
        assert items[item_id]["status"] == "met", item_id
        assert items[item_id]["todo"] == ""
    assert items["coordinator"]["detail"] == "Coördinator anti-pestbeleid: Ahmed Bakr (volgens het schoolprofiel)."
    assert items["representatief"]["detail"].startswith("45 van de 50 leerlingen vulden de enquête in (90%).")
    # what the kit cannot see is never "met": validity of the instrument, registration, the safety policy
    for item_id in ("instrument", "registratie", "veiligheidsbeleid", "meldplicht", "vindbaar"):
        assert items[item_id]["status"] == "to_check", item_id
        assert items[item_id]["todo"]
    assert "Cronbachs alfa" in items["instrument"]["detail"]
    # a calm survey gives no reason for measures: the team checks that itself
    assert items["maatregelen"]["status"] == "to_check"
    assert items["coordinator"]["sources"][0] == "Wet op het primair onderwijs (WPO), art. 4c"
    assert "standaard VS1" in items["coordinator"]["sources"][1]


def test_a_partial_profile(make_facts):
    items = statuses(make_facts(findings(summary(gepest=20.0)), profile=PARTIAL_PROFILE))
    assert items["coordinator"]["status"] == "met"
    assert items["aanspreekpunt"]["status"] == "met"
    assert "ook het aanspreekpunt" in items["aanspreekpunt"]["detail"]
    assert items["klachtenregeling"]["status"] == "missing"
    assert items["klachtenregeling"]["todo"].startswith("Stel een klachtenregeling vast")
    assert items["meldcode"]["status"] == "missing"  # no aandachtsfunctionaris outweighs the empty policy field
    assert items["preventie"]["status"] == "to_check"  # empty in the profile: not known
    assert items["vertrouwenspersoon"]["status"] == "missing"
    assert items["representatief"]["status"] == "to_check"  # no pupils per group: no response rate
    # the survey gives reason for measures and the plan has none yet
    assert items["maatregelen"]["status"] == "missing"
    # sources follow the kind of education (vo)
    assert items["coordinator"]["sources"][0].startswith("Wet voortgezet onderwijs 2020")


def test_an_empty_profile_without_a_survey(make_facts):
    items = statuses(make_facts(None, profile=EMPTY_PROFILE))
    for item_id in ("coordinator", "aanspreekpunt", "vertrouwenspersoon", "monitoring"):
        assert items[item_id]["status"] == "missing", item_id
    assert items["representatief"]["status"] == "to_check"  # no survey: nothing to judge the response by
    for item_id in ("pestprotocol", "klachtenregeling", "preventie"):
        assert items[item_id]["status"] == "to_check", item_id
        assert "nog niet ingevuld in het schoolprofiel" in items[item_id]["detail"]
    assert items["instrument"]["status"] == "missing"
    assert items["maatregelen"]["status"] == "to_check"
    # the kind of education is unknown: every law is named
    assert " / " in items["coordinator"]["sources"][0] and "WEC" in items["coordinator"]["sources"][0]


def test_measures_are_met_once_a_survey_proposal_is_in_the_plan(make_facts):
    actions = [{"id": 1, "catalogue_id": "pestprotocol-doornemen", "reason_kind": "finding",
                "school_year": "2026-2027"}]
    items = statuses(make_facts(findings(summary(gepest=20.0)), actions=actions))
    assert items["maatregelen"]["status"] == "met"
    assert items["maatregelen"]["detail"] == ("De enquête laat 1 duidelijke bevinding zien; voor elk staat een actie "
                                              "in het plan van 2026-2027: Wordt gepest op school (1 actie).")


def test_an_old_survey_and_a_low_response(make_facts):
    old = findings(summary(n=20), year="2024-2025")
    items = statuses(make_facts(old))
    assert items["monitoring"]["status"] == "missing"
    assert "2024-2025" in items["monitoring"]["detail"]
    assert items["representatief"]["status"] == "missing"
    assert "minder dan de grens van 70%" in items["representatief"]["detail"]


def test_every_item_has_a_source_and_a_way_to_act():
    for item in load_checklist():
        assert item.sources and item.title and item.todo and item.checks
