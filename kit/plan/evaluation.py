"""Next year: each action's target checked against the survey of its target year.

An action is *reached* or *not reached* only when it has a survey target and the survey
of that school year shows the figure. Everything else is *not measurable*, with the
reason: no survey of that year, a figure that is not shown (too few pupils), or a
target that does not come from the survey (the team judges that one itself).
"""

from __future__ import annotations

from kit.plan.facts import Facts, metric_figure, result_text, target_text

REACHED, NOT_REACHED, NOT_MEASURABLE = "reached", "not_reached", "not_measurable"
EVALUATION_LABELS = {REACHED: "gehaald", NOT_REACHED: "niet gehaald", NOT_MEASURABLE: "niet meetbaar"}


def surveys_by_year(findings: dict | None) -> dict[str, dict]:
    """The survey summaries the findings hold, by school year (the latest and the one before)."""
    out = {}
    if findings and findings.get("year") and findings.get("summary"):
        out[findings["year"]] = findings["summary"]
    if findings and findings.get("previous_year") and findings.get("previous_summary"):
        out[findings["previous_year"]] = findings["previous_summary"]
    return out


def due_actions(facts: Facts) -> list[dict]:
    """The actions to evaluate now: those of earlier plans, and those whose target year has a survey."""
    latest = (facts.findings or {}).get("year")
    due = []
    for action in facts.actions:
        if action.get("removed_at"):
            continue
        year = (action.get("target") or {}).get("year")
        if (facts.plan_year and action["school_year"] < facts.plan_year) or (year and latest and year <= latest):
            due.append(action)
    return due


def evaluate_action(action: dict, facts: Facts) -> dict:
    """How one action's target came out: ``{"status", "status_label", "detail", "value", "n", ...}``."""
    target = action.get("target")
    result = {"action_id": action["id"], "title": action["title"], "school_year": action["school_year"],
              "target_label": target_text(facts.labels, target), "target_text": action.get("target_text") or "",
              "value": None, "n": None}
    if not target or not target.get("metric") or target.get("value") is None:
        written = action.get("target_text") or ""
        detail = ("Het doel komt niet uit de enquête; beoordeel zelf of het is gehaald." if written
                  else "Deze actie had geen meetbaar doel.")
        return {**result, "status": NOT_MEASURABLE, "status_label": EVALUATION_LABELS[NOT_MEASURABLE],
                "detail": detail}
    year = target.get("year")
    summary = surveys_by_year(facts.findings).get(year) if year else None
    if summary is None:
        detail = (f"Er is geen enquête van {year} gevonden." if year
                  else "Het doel noemt geen schooljaar; de kit weet niet met welke enquête het te vergelijken is.")
        return {**result, "status": NOT_MEASURABLE, "status_label": EVALUATION_LABELS[NOT_MEASURABLE],
                "detail": detail}
    value, n = metric_figure(summary, target["metric"])
    if value is None:
        detail = (f"De enquête van {year} toont dit cijfer niet (te weinig leerlingen, of het instrument "
                  "meet het niet).")
        return {**result, "status": NOT_MEASURABLE, "status_label": EVALUATION_LABELS[NOT_MEASURABLE],
                "detail": detail, "n": n}
    reached = value <= target["value"] if target["op"] == "<=" else value >= target["value"]
    status = REACHED if reached else NOT_REACHED
    detail = f"In de enquête van {year}: {result_text(facts.labels, target, value, n)}."
    return {**result, "status": status, "status_label": EVALUATION_LABELS[status], "detail": detail,
            "value": value, "n": n}


def evaluate_targets(facts: Facts) -> list[dict]:
    """The evaluation of every due action, oldest plan first."""
    return [evaluate_action(action, facts) for action in due_actions(facts)]
