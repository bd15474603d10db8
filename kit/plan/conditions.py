"""When the catalogue proposes an action: a condition evaluated on the school's facts.

:func:`evaluate` returns the reasons a condition holds (each a dict with the finding
and its figure, in Dutch) or None when it does not hold. Only clear findings count, never
a point estimate alone:

- a threshold (``indicator``/``plek``/``schaal`` with ``boven``/``onder``) holds only when
  the whole 95% interval of the school's figure lies beyond it (Wilson for percentages,
  t for scale means);
- a group (``groep`` with ``boven_school``/``onder_school``) counts only when it differs
  from the school by at least the gap and the school's figure lies outside the group's
  95% interval;
- a change since last year (``gestegen``/``gedaald``) counts only when it survives Holm's
  correction over all indicators compared.

A suppressed group or figure never makes a condition true; a figure without an interval
(too few pupils to compute one) is not clear either.
"""

from __future__ import annotations

from kit.plan.facts import Facts, figure_text, lower_first, metric_figure, number, pct, split_metric
from kit.survey.change import adjusted_p, is_real, p_text, tests_text
from kit.survey.findings import interval_of

CHECKLIST_STATUS = {"ontbreekt": "missing", "controleren": "to_check", "voldaan": "met"}
STATUS_TEXT = {"missing": "ontbreekt", "to_check": "is nog te controleren", "met": "is voldaan"}


def evaluate(condition: dict, facts: Facts, checklist: dict[str, dict]) -> list[dict] | None:
    """The reasons why ``condition`` holds for this school, or None.

    ``checklist`` maps a checklist item id to its evaluated result (see
    :func:`kit.plan.checklist.evaluate_item`).
    """
    if "alle" in condition:
        reasons: list[dict] = []
        for sub in condition["alle"]:
            found = evaluate(sub, facts, checklist)
            if found is None:
                return None
            reasons += found
        return reasons
    if "een_van" in condition:
        found = [r for sub in condition["een_van"] for r in (evaluate(sub, facts, checklist) or [])]
        return found or None
    for kind, metric_of in (("indicator", lambda v: v), ("plek", lambda v: f"plek:{v}"),
                            ("schaal", lambda v: f"schaal:{v}")):
        if kind in condition:
            return _threshold(metric_of(condition[kind]), condition, facts)
    if "gestegen" in condition:
        return _trend(condition["gestegen"], +1, facts)
    if "gedaald" in condition:
        return _trend(condition["gedaald"], -1, facts)
    if "groep" in condition:
        return _groups(condition["groep"], condition, facts)
    if "checklist" in condition:
        return _checklist(condition, checklist)
    if "waarde" in condition:
        return _value(condition["waarde"], facts)
    if "protocol" in condition:
        return _protocol(condition["protocol"], facts)
    if "onderwijstype" in condition:
        return _school_type(condition["onderwijstype"], facts)
    return None


def _limit_text(value: float, metric: str) -> str:
    return pct(value, 0) if split_metric(metric)[0] != "schaal" else number(value, 1)


def metric_interval(figures: dict | None, metric: str) -> tuple[float, float] | None:
    """The 95% interval of a metric in a summary (or a group's figures); None when there is none."""
    if not figures:
        return None
    kind, name = split_metric(metric)
    if kind == "schaal":
        figure = (figures.get("scales") or {}).get(name) or {}
        if figure.get("ci_low") is None or figure.get("ci_high") is None:
            return None
        return figure["ci_low"], figure["ci_high"]
    figure = ((figures.get("indicators") if kind == "indicator" else figures.get("places")) or {}).get(name)
    return interval_of(figure) if figure else None


def _interval_text(interval: tuple[float, float], metric: str) -> str:
    if split_metric(metric)[0] == "schaal":
        return f"{number(interval[0], 2)}–{number(interval[1], 2)}"
    return f"{number(interval[0])}–{pct(interval[1])}"


def _threshold(metric: str, condition: dict, facts: Facts) -> list[dict] | None:
    value, n = metric_figure(facts.summary, metric)
    interval = metric_interval(facts.summary, metric)
    if value is None or interval is None:
        return None
    if "boven" in condition:
        limit, holds, side, edge = condition["boven"], interval[0] > condition["boven"], "boven", "onderkant"
    else:
        limit, holds, side, edge = condition["onder"], interval[1] < condition["onder"], "onder", "bovenkant"
    if not holds:
        return None
    year = f" in de enquête van {facts.findings['year']}" if facts.findings.get("year") else ""
    text = (f"{figure_text(facts.labels, metric, value, n)}{year}, met een 95%-interval van "
            f"{_interval_text(interval, metric)}. Ook de {edge} van dat interval ligt {side} de grens van "
            f"{_limit_text(limit, metric)} voor dit voorstel, dus het cijfer ligt duidelijk {side} die grens.")
    return [{"kind": "finding", "metric": metric, "value": value, "n": n, "ci_low": interval[0],
             "ci_high": interval[1], "text": text}]


def _trend(name: str, direction: int, facts: Facts) -> list[dict] | None:
    entry = (facts.trend or {}).get(name)
    if not entry or not is_real(entry):
        return None
    if entry["change"] * direction <= 0:
        return None
    label = facts.labels.indicators.get(name, name)
    years = facts.findings or {}
    change = f"{'+' if entry['change'] > 0 else '−'}{number(abs(entry['change']))} procentpunt"
    where = f"{p_text(adjusted_p(entry))} {tests_text(entry)}".strip()
    text = (f"{label}: {pct(entry['pct'])} in {years.get('year') or 'dit jaar'}, was {pct(entry['previous_pct'])} "
            f"in {years.get('previous_year') or 'vorig jaar'} ({change}). Zo'n groot verschil is bij toeval "
            f"onwaarschijnlijk ({where}); het zijn wel deels andere leerlingen dan vorig jaar.")
    return [{"kind": "trend", "metric": name, "value": entry["pct"], "previous_value": entry["previous_pct"],
             "change": entry["change"], "p_value": entry["p_value"], "p_holm": adjusted_p(entry), "text": text}]


def _groups(metric: str, condition: dict, facts: Facts) -> list[dict] | None:
    summary = facts.summary
    school, _ = metric_figure(summary, metric)
    if school is None:
        return None
    above = "boven_school" in condition
    gap = condition["boven_school"] if above else condition["onder_school"]
    reasons = []
    for group, figures in (summary.get("groups") or {}).items():
        if not isinstance(figures, dict) or figures.get("suppressed"):
            continue
        value, n = metric_figure(figures, metric)
        interval = metric_interval(figures, metric)
        if value is None or interval is None:
            continue
        difference = value - school if above else school - value
        clear = interval[0] > school if above else interval[1] < school
        if difference >= gap and clear:
            unit = "procentpunt" if split_metric(metric)[0] != "schaal" else "punt"
            shown = figure_text(facts.labels, metric, value, n)
            whole = pct(school) if split_metric(metric)[0] != "schaal" else number(school, 2)
            text = (f"{group}: {lower_first(shown)}, tegen {whole} in de hele school "
                    f"({number(difference)} {unit} {'hoger' if above else 'lager'}; het 95%-interval van de groep, "
                    f"{_interval_text(interval, metric)}, ligt helemaal {'boven' if above else 'onder'} het cijfer "
                    "van de hele school).")
            reasons.append({"kind": "group", "metric": metric, "group": group, "value": value, "n": n,
                            "school_value": school, "ci_low": interval[0], "ci_high": interval[1], "text": text})
    return reasons or None


def _checklist(condition: dict, checklist: dict[str, dict]) -> list[dict] | None:
    result = checklist.get(condition["checklist"])
    if result is None:
        return None
    wanted = condition.get("status", "ontbreekt")
    wanted = wanted if isinstance(wanted, list) else [wanted]
    if result["status"] not in {CHECKLIST_STATUS[w] for w in wanted}:
        return None
    state = STATUS_TEXT[result["status"]]
    sources = "; ".join(result["sources"])
    text = f"Wettelijke checklist: '{result['title']}' {state}. {result['detail']}"
    if sources:
        text += f" (Bron: {sources}.)"
    return [{"kind": "checklist", "item": result["id"], "status": result["status"], "text": text}]


def _value(value_id: str, facts: Facts) -> list[dict] | None:
    for value in facts.values:
        if value["id"] == value_id:
            votes = f"{value['votes']} {'stem' if value['votes'] == 1 else 'stemmen'}"
            text = f"Het team koos '{value['name']}' als kernwaarde in de visieworkshop ({votes})."
            return [{"kind": "value", "value_id": value_id, "votes": value["votes"], "text": text}]
    return None


def _protocol(key: str, facts: Facts) -> list[dict] | None:
    """Holds when the profile names no adopted protocol on this topic (no date of adoption)."""
    from kit.profile import PROTOCOLS

    if facts.profile is None or facts.profile.get(f"protocollen.{key}.vastgesteld_op"):
        return None
    text = f"Het schoolprofiel noemt geen vastgesteld {lower_first(PROTOCOLS[key])}."
    return [{"kind": "protocol", "protocol": key, "text": text}]


def _school_type(wanted: str | list[str], facts: Facts) -> list[dict] | None:
    """Holds (without a reason of its own) when the profile's kind of school is one of ``wanted``."""
    wanted = wanted if isinstance(wanted, list) else [wanted]
    return [] if facts.onderwijstype in wanted else None
