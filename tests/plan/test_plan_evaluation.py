"""Next year: each action's target against the survey of its target year."""

from __future__ import annotations

from plan_fixtures import findings, indicator, summary

from kit.plan.evaluation import evaluate_targets


def action(action_id, target=None, target_text="", school_year="2025-2026", **extra):
    return {"id": action_id, "title": f"Actie {action_id}", "school_year": school_year, "target": target,
            "target_text": target_text, "removed_at": None, **extra}


def test_reached_not_reached_and_not_measurable(make_facts):
    current = summary(gepest=8.0, places={"plein": 30.0})
    current["indicators"]["zelf_gepest"] = indicator(None)
    actions = [
        action(1, {"metric": "gepest", "op": "<=", "value": 10.0, "year": "2026-2027"}),
        action(2, {"metric": "plek:plein", "op": "<=", "value": 20.0, "year": "2026-2027"}),
        action(3, {"metric": "veilig", "op": ">=", "value": 95.0, "year": "2026-2027"}),
        action(4, {"metric": "zelf_gepest", "op": "<=", "value": 5.0, "year": "2026-2027"}),
        action(5, None, "4 bijeenkomsten"),
        action(6, {"metric": "gepest", "op": "<=", "value": 10.0, "year": "2024-2025"}),
        action(7, {"metric": "gepest", "op": "<=", "value": 10.0, "year": "2027-2028"}, school_year="2026-2027"),
        action(8, {"metric": "gepest", "op": "<=", "value": 10.0, "year": "2026-2027"}, removed_at="2026-10-01"),
    ]
    results = {r["action_id"]: r for r in evaluate_targets(make_facts(findings(current), actions=actions))}
    assert set(results) == {1, 2, 3, 4, 5, 6}  # this year's plan and removed actions are not evaluated
    assert results[1]["status"] == "reached"
    # the result is worded like its target, in positive form: 100 - 8,0 = 92,0% not bullied, aim 100 - 10 = 90%
    assert results[1]["detail"] == ("In de enquête van 2026-2027: 92,0% van de leerlingen wordt niet gepest op "
                                    "school (n = 45).")
    assert results[1]["target_label"] == ("Minstens 90% van de leerlingen wordt niet gepest op school in de enquête "
                                          "van 2026-2027")
    assert results[2]["target_label"] == ("Minstens 80% van de leerlingen voelt zich veilig op het schoolplein in de "
                                          "enquête van 2026-2027")
    assert results[2]["detail"] == ("In de enquête van 2026-2027: 70,0% van de leerlingen voelt zich veilig op het "
                                    "schoolplein (n = 45).")
    assert results[2]["status"] == "not_reached" and results[2]["value"] == 30.0
    assert results[3]["status"] == "not_reached"  # 92% is less than the 95% aimed for
    assert results[4]["status"] == "not_measurable" and "toont dit cijfer niet" in results[4]["detail"]
    assert results[5]["status"] == "not_measurable" and "beoordeel zelf" in results[5]["detail"]
    assert results[6]["status"] == "not_measurable" and "geen enquête van 2024-2025" in results[6]["detail"]
    assert {r["status_label"] for r in results.values()} == {"gehaald", "niet gehaald", "niet meetbaar"}


def test_the_previous_years_survey_is_used_for_its_targets(make_facts):
    facts = make_facts(findings(summary(gepest=8.0), previous=summary(gepest=12.0)),
                       actions=[action(1, {"metric": "gepest", "op": "<=", "value": 11.0, "year": "2025-2026"},
                                       school_year="2024-2025")])
    [result] = evaluate_targets(facts)
    assert result["status"] == "not_reached" and result["value"] == 12.0
