"""The survey's clear findings and whether the plan has an action for each (checklist item ``maatregelen``).

A clear finding is a survey reason that made the catalogue propose an action (see
:mod:`kit.plan.conditions`: interval-based thresholds, groups that clearly differ,
changes that survive Holm). Reasons about the same thing count once: "gepest above 10"
and "gepest above 12" are one finding about ``gepest``; a group finding is per group.

An action of the plan answers a finding when it is an action of the plan's school year,
not stopped, and either comes from a catalogue action the finding proposed or has a
target on the finding's metric.
"""

from __future__ import annotations

from kit.plan.facts import Facts, Labels, lower_first

SURVEY_KINDS = ("finding", "trend", "group")


def clear_findings(survey_proposals: list[dict]) -> list[dict]:
    """``[{key, kind, metric, group, proposal_ids}]`` in the order the proposals name them."""
    found: dict[tuple, dict] = {}
    for proposal in survey_proposals:
        for reason in proposal.get("reasons") or []:
            if reason.get("kind") not in SURVEY_KINDS:
                continue
            key = (reason["kind"], reason["metric"], reason.get("group"))
            entry = found.setdefault(key, {"key": key, "kind": reason["kind"], "metric": reason["metric"],
                                           "group": reason.get("group"), "proposal_ids": []})
            if proposal["id"] not in entry["proposal_ids"]:
                entry["proposal_ids"].append(proposal["id"])
    return list(found.values())


def finding_label(finding: dict, labels: Labels) -> str:
    """A clear finding named in a few words: ``Wordt gepest op school``, ``groep 7: wordt gepest op school``."""
    label = labels.metric(finding["metric"])
    if finding["kind"] == "trend":
        return f"{label} (veranderd sinds vorig jaar)"
    if finding["kind"] == "group":
        return f"{finding['group']}: {lower_first(label)}"
    return label


def answering_actions(finding: dict, facts: Facts) -> list[dict]:
    """The plan's actions of this school year that answer ``finding``."""
    out = []
    for action in facts.actions:
        if action.get("school_year") != facts.plan_year or action.get("status") == "stopped":
            continue
        target = action.get("target") if isinstance(action.get("target"), dict) else {}
        if action.get("catalogue_id") in finding["proposal_ids"] or target.get("metric") == finding["metric"]:
            out.append(action)
    return out


def coverage(survey_proposals: list[dict], facts: Facts) -> list[tuple[dict, list[dict]]]:
    """Every clear finding with the actions that answer it (an empty list: no action yet)."""
    return [(finding, answering_actions(finding, facts)) for finding in clear_findings(survey_proposals)]
