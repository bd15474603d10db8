"""The proposal rules on fixed survey findings: which actions are proposed, why, and which are not."""

from __future__ import annotations

import pytest
from plan_fixtures import PARTIAL_PROFILE, findings, indicator, summary

from kit.plan.catalogue import load_catalogue
from kit.plan.errors import CatalogueError
from kit.plan.model import is_measurable
from kit.plan.proposals import build_overview


def proposals(facts) -> dict[str, dict]:
    return {p["id"]: p for p in build_overview(facts)["proposals"]}


def test_a_calm_school_gets_no_survey_proposals(make_facts):
    found = proposals(make_facts(findings(summary())))
    assert not [p for p in found.values() if p["reason_kind"] in ("finding", "trend", "group")]


def test_bullying_above_the_threshold_proposes_actions_with_the_figure(make_facts):
    found = proposals(make_facts(findings(summary(gepest=20.0, n=45))))
    action = found["pestprotocol-doornemen"]
    assert ("20,0% van de leerlingen wordt gepest op school (n = 45) in de enquête van 2026-2027, met een "
            "95%-interval van 15,0–25,0%. Ook de onderkant van dat interval ligt boven de grens van 10%") \
        in action["reason"]
    assert action["reasons"][0] == {**action["reasons"][0], "kind": "finding", "metric": "gepest", "value": 20.0,
                                    "n": 45}
    assert {"lessen-sociale-vaardigheden", "gouden-weken", "steungroepaanpak"} <= set(found)
    assert "kindgesprekken" not in found  # above 15 by its point estimate, but the interval reaches down to 15
    # the target is made concrete for this school: 20% minus 3 points, in next year's survey
    assert action["target"] == {"metric": "gepest", "op": "<=", "value": 17.0, "year": "2027-2028"}
    # in positive form: at most 17% bullied is at least 100 - 17 = 83% not bullied
    assert action["target_label"] == ("Minstens 83% van de leerlingen wordt niet gepest op school in de enquête "
                                      "van 2027-2028")
    assert action["owner"] == "Coördinator anti-pestbeleid (Ahmed Bakr)"  # role first, then the name
    assert (action["start"], action["deadline"]) == ("2026-12-01", "2027-02-28")


def test_thresholds_are_strict_and_a_lower_figure_proposes_nothing(make_facts):
    found = proposals(make_facts(findings(summary(gepest=14.0))))  # interval 9-19
    assert "gouden-weken" in found  # the whole interval is above 8
    assert "pestprotocol-doornemen" not in found  # 14 is above 10, but the interval reaches down to 9
    assert "kindgesprekken" not in found
    found = proposals(make_facts(findings(summary(gepest=15.0))))  # interval 10-20: 10 is not above 10
    assert "pestprotocol-doornemen" not in found


def test_an_unsafe_place_above_its_share(make_facts):
    # places carry no interval of their own: Wilson's from 18 of 45 pupils is 27,0-54,5%
    found = proposals(make_facts(findings(summary(places={"plein": 40.0, "toilet": 12.0}))))
    assert "40,0% van de leerlingen voelt zich weleens onveilig op het schoolplein (n = 45)" in \
        found["pleinwacht-uitbreiden"]["reason"]
    assert "95%-interval van 27,0–54,5%" in found["pleinwacht-uitbreiden"]["reason"]
    assert "pauzespel" in found  # above 25
    assert "toiletafspraken" not in found  # 12 is under 15
    assert found["pleinwacht-uitbreiden"]["target"]["metric"] == "plek:plein"


def test_low_perceived_safety_and_a_low_scale(make_facts):
    found = proposals(make_facts(findings(summary(veilig=70.0, steun=2.7))))
    assert "70,0% van de leerlingen voelt zich veilig op school" in found["groepsbespreking-veiligheid"]["reason"]
    assert "Ook de bovenkant van dat interval ligt onder de grens van 85%" in \
        found["groepsbespreking-veiligheid"]["reason"]
    assert "klassenvergadering" in found
    assert "Steun van de leerkracht: gemiddeld 2,70 op een schaal van 1 tot 4 (n = 45)" in \
        found["vast-aanspreekmoment"]["reason"]
    assert found["vast-aanspreekmoment"]["target"]["value"] == pytest.approx(2.9)


def test_a_significant_worsening_since_last_year(make_facts):
    trend = {"gepest": {"pct": 9.0, "previous_pct": 4.0, "change": 5.0, "p_value": 0.03, "significant": True},
             "veilig": {"pct": 90.0, "previous_pct": 95.0, "change": -5.0, "p_value": 0.2, "significant": False}}
    found = proposals(make_facts(findings(summary(gepest=9.0), previous=summary(gepest=4.0), trend=trend)))
    reason = found["stijging-pesten-onderzoeken"]["reason"]
    assert ("9,0% in 2026-2027, was 4,0% in 2025-2026 (+5,0 procentpunt). Zo'n groot verschil is bij toeval "
            "onwaarschijnlijk (p = 0,030); het zijn wel deels andere leerlingen dan vorig jaar.") in reason
    assert "daling-veiligheid-onderzoeken" not in found  # a drop that is not significant says nothing


def test_an_improvement_is_not_a_worsening(make_facts):
    trend = {"gepest": {"pct": 4.0, "previous_pct": 9.0, "change": -5.0, "p_value": 0.01, "significant": True}}
    found = proposals(make_facts(findings(summary(gepest=4.0), previous=summary(gepest=9.0), trend=trend)))
    assert "stijging-pesten-onderzoeken" not in found


def test_a_group_that_stands_out_and_a_suppressed_group_that_does_not_count(make_facts):
    groups = {
        "Groep 7": {"n": 20, "indicators": {"online_gepest": indicator(5.0, 20)}, "scales": {}},
        "Groep 8": {"n": 25, "indicators": {"online_gepest": indicator(28.0, 25)}, "scales": {}},
        "Groep 6": {"suppressed": True},
    }
    found = proposals(make_facts(findings(summary(online=6.0, groups=groups))))
    reasons = found["groep-online-gedrag"]["reasons"]
    assert [r["group"] for r in reasons] == ["Groep 8"]
    assert reasons[0]["text"].startswith("Groep 8: 28,0% van de leerlingen wordt online gepest (n = 25), tegen 6,0%")


def test_a_suppressed_figure_never_makes_a_proposal(make_facts):
    current = summary()
    current["indicators"]["gepest"] = indicator(None)
    current["places"]["plein"] = None
    found = proposals(make_facts(findings(current)))
    assert not {"gouden-weken", "pestprotocol-doornemen", "pleinwacht-uitbreiden"} & set(found)


def test_a_missing_legal_element_proposes_its_action(make_facts):
    found = proposals(make_facts(findings(summary()), profile=PARTIAL_PROFILE))
    reason = found["klachtenregeling-vaststellen"]["reason"]
    assert reason.startswith("Wettelijke checklist: 'Een klachtenregeling' ontbreekt.")
    assert "volgens het schoolprofiel nee" in reason
    assert "vertrouwenspersoon-aanstellen" in found
    assert "coordinator-aanwijzen" not in found  # the partial profile names a coordinator
    assert found["klachtenregeling-vaststellen"]["owner"] == "Directeur"  # role without a name in the profile


def test_no_survey_proposes_planning_one(make_facts):
    found = proposals(make_facts(None))
    assert "Er zijn nog geen uitkomsten van de monitor ingevuld." in found["enquete-plannen"]["reason"]
    assert not [p for p in found.values() if p["reason_kind"] in ("finding", "trend", "group")]


def test_the_teams_values_propose_their_actions(make_facts):
    values = [{"id": "respect", "name": "Respect", "votes": 7}, {"id": "vertrouwen", "name": "Vertrouwen", "votes": 5}]
    found = proposals(make_facts(findings(summary()), values=values))
    assert found["omgangsregels-respect"]["reason"] == \
        "Het team koos 'Respect' als kernwaarde in de visieworkshop (7 stemmen)."
    assert "meldroute-leerlingen" in found
    assert "maatjesproject" not in found


def test_a_proposal_in_the_plan_is_marked(make_facts):
    actions = [{"id": 4, "catalogue_id": "gouden-weken", "school_year": "2026-2027"}]
    found = proposals(make_facts(findings(summary(gepest=14.0)), actions=actions))
    assert found["gouden-weken"]["in_plan"] and found["gouden-weken"]["action_id"] == 4


def test_the_catalogue_is_several_dozen_complete_measurable_actions():
    catalogue = load_catalogue()
    assert len(catalogue) >= 36
    for action in catalogue:
        assert action.title and action.description and action.owner and action.indicator and action.horizon
        assert is_measurable({"target": {"metric": "x", "value": 1} if action.target else None,
                              "target_text": action.target_text}), action.id


def test_a_broken_catalogue_is_reported_in_dutch_by_action(tmp_path):
    path = tmp_path / "acties.yaml"
    path.write_text("acties:\n  - id: pleinwacht\n    titel: Pleinwacht\n    voorwaarde: {plek: plein}\n"
                    "    horizon: 40\n", encoding="utf-8")
    with pytest.raises(CatalogueError) as caught:
        load_catalogue(path)
    message = str(caught.value)
    assert "actie 'pleinwacht': 'omschrijving' ontbreekt" in message
    assert "'horizon' moet een aantal maanden zijn van 1 tot 24" in message
    assert "boven: <getal> of onder: <getal>" in message
