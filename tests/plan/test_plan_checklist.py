"""The legal checklist for complete, partial and empty profiles: met, missing or to check, with the source."""

from __future__ import annotations

import pytest
from plan_fixtures import COMPLETE_PROFILE, EMPTY_PROFILE, PARTIAL_PROFILE, findings, indicator, summary

from kit.plan.checklist import load_checklist
from kit.plan.proposals import build_overview


def statuses(facts) -> dict[str, dict]:
    return {item["id"]: item for item in build_overview(facts)["checklist"]}


MONITOR_THIS_YEAR = """
schooljaren:
  2026-2027:
    datum_rapport: 2027-04-15
    n: 88
    veiligheidsbeleving: {waarde: 3.4, eenheid: schaal 1-4}
    welbevinden: {waarde: 3.3, eenheid: schaal 1-4}
    pesten: {waarde: 6, eenheid: "%"}
"""


def with_monitor(facts, text=MONITOR_THIS_YEAR):
    from datetime import date

    from kit.monitor_results import parse_monitor_text

    facts.monitor_results = parse_monitor_text(text, today=date(2027, 6, 1))
    return facts


def test_a_complete_profile_with_this_years_survey(make_facts):
    items = statuses(with_monitor(make_facts(findings(summary()), profile=COMPLETE_PROFILE)))
    for item_id in ("coordinator", "aanspreekpunt", "monitoring", "representatief", "pestprotocol", "preventie",
                    "klachtenregeling", "vertrouwenspersoon", "meldcode"):
        assert items[item_id]["status"] == "met", item_id
        assert items[item_id]["todo"] == ""
    assert items["coordinator"]["detail"] == "Coördinator anti-pestbeleid: Ahmed Bakr (volgens het schoolprofiel)."
    assert items["representatief"]["detail"].startswith("45 van de 50 leerlingen vulden de enquête in (90%).")
    # what the kit cannot see is never "met": the safety policy, and registration and where the names are
    # published, which this profile does not describe
    for item_id in ("registratie", "veiligheidsbeleid", "meldplicht", "vindbaar"):
        assert items[item_id]["status"] == "to_check", item_id
        assert items[item_id]["todo"]
    # the KiVa-monitor is on the Inspectie's list (tests/test_monitors.py covers the other cases)
    assert items["instrument"]["status"] == "met"
    assert "KiVa" in items["instrument"]["detail"] and "8 februari 2022" in items["instrument"]["detail"]
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
    # an empty policy field is not known; the aandachtsfunctionaris is advised, not a legal duty, so it does not count
    assert items["meldcode"]["status"] == "to_check"
    assert "aandachtsfunctionaris" not in items["meldcode"]["detail"]
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
    assert items["instrument"]["status"] == "to_check"  # not named in the profile
    assert items["maatregelen"]["status"] == "to_check"
    # the kind of education is unknown: every law is named
    assert " / " in items["coordinator"]["sources"][0] and "WEC" in items["coordinator"]["sources"][0]


def test_measures_are_met_once_a_survey_proposal_is_in_the_plan(make_facts):
    actions = [{"id": 1, "catalogue_id": "pestprotocol-doornemen", "reason_kind": "finding",
                "school_year": "2026-2027"}]
    items = statuses(make_facts(findings(summary(gepest=20.0)), actions=actions))
    assert items["maatregelen"]["status"] == "met"
    assert items["maatregelen"]["detail"] == ("De enquête laat 1 duidelijke bevinding zien; daarvoor staat een actie "
                                              "in het plan van 2026-2027: Wordt gepest op school (1 actie).")


def test_an_old_survey_and_a_low_response(make_facts):
    old = findings(summary(n=20), year="2024-2025")
    items = statuses(make_facts(old))
    assert items["monitoring"]["status"] == "missing"
    assert items["monitoring"]["detail"] == "Er zijn nog geen uitkomsten van de monitor ingevuld."
    assert items["representatief"]["status"] == "missing"
    assert "minder dan de grens van 70%" in items["representatief"]["detail"]


def test_yearly_monitoring_is_judged_on_the_monitor_not_on_the_kits_survey(make_facts):
    this_year = findings(summary())  # the kit's survey of 2026-2027
    item = statuses(make_facts(this_year))["monitoring"]
    assert item["status"] == "to_check"
    assert item["detail"].startswith("Er is een leerlingenquête van de cursus van dit schooljaar (2026-2027). Die "
                                     "verdiept het beeld, maar is niet de monitor die de wet vraagt.")
    item = statuses(with_monitor(make_facts(this_year)))["monitoring"]
    assert item == {**item, "status": "met", "detail": "De uitkomsten van de monitor van dit schooljaar (2026-2027) "
                                                       "zijn ingevuld: 88 leerlingen, rapport van 15-4-2027."}
    last_year = MONITOR_THIS_YEAR.replace("2026-2027", "2025-2026").replace("2027-04-15", "2026-04-15")
    item = statuses(with_monitor(make_facts(this_year), last_year))["monitoring"]
    assert item["status"] == "to_check" and "van vorig schooljaar (2025-2026)" in item["detail"]
    older = MONITOR_THIS_YEAR.replace("2026-2027", "2023-2024").replace("2027-04-15", "2024-04-15")
    item = statuses(with_monitor(make_facts(this_year), older))["monitoring"]
    assert item["status"] == "missing" and "van 2023-2024" in item["detail"]
    broken = make_facts(this_year)
    broken.monitor_problem = "monitor.yaml, regel 3: ..."
    assert statuses(broken)["monitoring"]["status"] == "to_check"


def test_every_item_has_a_source_and_a_way_to_act():
    for item in load_checklist():
        assert item.sources and item.title and item.todo and item.checks


# ----------------------------------------------------------------------------- maatregelen: every clear finding

def test_measures_name_the_clear_findings_without_an_action(make_facts):
    # gepest 20% (interval 15-25%: clearly above 10) and the playground 40% (Wilson 27,0-54,5%: clearly above 20)
    current = findings(summary(gepest=20.0, places={"plein": 40.0}))
    actions = [{"id": 1, "catalogue_id": "pestprotocol-doornemen", "school_year": "2026-2027", "status": "planned"}]
    item = statuses(make_facts(current, actions=actions))["maatregelen"]
    assert item["status"] == "missing"
    assert item["detail"] == ("De enquête laat 2 duidelijke bevindingen zien. Nog geen actie in het plan van "
                              "2026-2027 voor: Voelt zich weleens onveilig: op het schoolplein.")
    assert item["todo"].startswith("Neem voor elke duidelijke bevinding uit de enquête een actie op")


def test_measures_are_met_when_each_clear_finding_has_an_action_also_an_own_one_with_its_target(make_facts):
    current = findings(summary(gepest=20.0, places={"plein": 40.0}))
    actions = [{"id": 1, "catalogue_id": "pestprotocol-doornemen", "school_year": "2026-2027"},
               {"id": 2, "catalogue_id": "gouden-weken", "school_year": "2026-2027"},
               {"id": 3, "catalogue_id": None, "reason_kind": "own", "school_year": "2026-2027",
                "target": {"metric": "plek:plein", "op": "<=", "value": 25.0, "year": "2027-2028"}}]
    item = statuses(make_facts(current, actions=actions))["maatregelen"]
    assert item["status"] == "met"
    assert item["detail"] == ("De enquête laat 2 duidelijke bevindingen zien; voor elk daarvan staat een actie in het plan "
                              "van 2026-2027: Wordt gepest op school (2 acties); Voelt zich weleens onveilig: op het "
                              "schoolplein (1 actie).")


@pytest.mark.parametrize("action", [
    {"id": 1, "catalogue_id": "pestprotocol-doornemen", "school_year": "2025-2026"},  # last year's plan
    {"id": 1, "catalogue_id": "pestprotocol-doornemen", "school_year": "2026-2027", "status": "stopped"},
    {"id": 1, "catalogue_id": "enquete-plannen", "reason_kind": "finding", "school_year": "2026-2027"},  # unrelated
])
def test_an_old_a_stopped_or_an_unrelated_action_does_not_answer_a_finding(make_facts, action):
    item = statuses(make_facts(findings(summary(gepest=20.0)), actions=[action]))["maatregelen"]
    assert item["status"] == "missing"
    assert item["detail"].endswith("voor: Wordt gepest op school.")


def test_a_point_estimate_beyond_a_threshold_is_no_clear_finding(make_facts):
    # gepest 12% is above the thresholds 8 and 10, but its interval (7-17%) is not: nothing to act on
    item = statuses(make_facts(findings(summary(gepest=12.0))))["maatregelen"]
    assert item["status"] == "to_check"
    assert item["detail"].startswith("De enquête laat geen duidelijke bevinding zien")


def test_a_group_finding_needs_its_own_action(make_facts):
    groups = {"Groep 7": {"n": 20, "indicators": {"online_gepest": indicator(5.0, 20)}, "scales": {}},
              "Groep 8": {"n": 25, "indicators": {"online_gepest": indicator(28.0, 25)}, "scales": {}}}
    current = findings(summary(online=6.0, groups=groups))
    item = statuses(make_facts(current))["maatregelen"]
    assert item["status"] == "missing" and item["detail"].endswith("voor: Groep 8: wordt online gepest.")
    actions = [{"id": 1, "catalogue_id": "groep-online-gedrag", "school_year": "2026-2027"}]
    assert statuses(make_facts(current, actions=actions))["maatregelen"]["status"] == "met"
