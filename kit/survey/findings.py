"""The survey's main findings in plain Dutch, and national reference figures to compare with.

A finding is a dict ``{"text", "topic", "weight", "kind"}``; the heaviest come first.
``kind`` is ``indicator``, ``trend``, ``comparison``, ``group``, ``place`` or ``scale``;
``comparison`` and ``group`` findings hold a figure of some groups only (``groups``).
Only figures that are shown (not suppressed) produce findings, so no finding reveals a
hidden group. A group stands out only when the school's figure lies outside the group's
95% interval; a national figure is compared only for the same population and definition
(:mod:`kit.survey.comparison`); a change since last year is called real only when it
survives Holm's correction (:mod:`kit.survey.change`).
"""

from __future__ import annotations

from pathlib import Path

import yaml

from kit.paths import TEMPLATES_DIR
from kit.survey.change import is_real, verdict_text
from kit.survey.comparison import comparisons
from kit.survey.instrument import Instrument
from kit.survey.report import ALPHA_SUFFICIENT, dutch_number
from kit.survey.statistics import wilson_interval

# Indicators where a higher share is good news; for all others (being bullied) it is bad news.
POSITIVE_INDICATORS = {"veilig"}
GROUP_GAP = 10.0  # percentage points a group must differ from the school to stand out
PLACE_SHARE = 20.0  # share of pupils naming a place before it is a finding


def one_in(pct: float) -> str | None:
    """'1 op de 4' for 25%, '2 op de 3' for 67%; None where such a phrase would mislead."""
    if pct <= 0 or pct >= 100:
        return None
    if pct <= 50:
        n = round(100 / pct)
        close = abs(100 / n - pct) <= max(2.0, pct / 10)
        return f"1 op de {n}" if 2 <= n <= 20 and close else None
    for k, n in ((2, 3), (3, 4), (4, 5), (9, 10)):
        if abs(100 * k / n - pct) <= 3:
            return f"{k} op de {n}"
    return None


def _share(pct: float) -> str:
    phrase = one_in(pct)
    return f"{dutch_number(pct, 0)}%" + (f" (ongeveer {phrase})" if phrase else "")


def _lower(label: str) -> str:
    return label[:1].lower() + label[1:]


def load_references(path: Path | None = None) -> dict:
    """National reference figures (data/templates/referentie.yaml)."""
    source = path or TEMPLATES_DIR / "referentie.yaml"
    return yaml.safe_load(source.read_text(encoding="utf-8")) or {}


def references_for(indicator: str, onderwijstype: str | None, references: dict) -> list[dict]:
    """The reference figures of one indicator for this kind of school (all kinds when unknown)."""
    per_type = references.get(indicator) or {}
    if onderwijstype in per_type:
        return list(per_type[onderwijstype])
    return [ref for refs in per_type.values() for ref in refs] if onderwijstype is None else []


def findings(summary: dict, instrument: Instrument, trend: dict | None = None,
             onderwijstype: str | None = None, references: dict | None = None) -> list[dict]:
    """The main findings of one school year, heaviest first."""
    references = load_references() if references is None else references
    trends = {f["topic"]: f for f in _trend_findings(trend or {}, instrument)}
    out: list[dict] = []
    for name, figure in summary["indicators"].items():
        pct = figure.get("pct")
        if pct is None:
            continue
        label = _lower(instrument.indicators[name].label)
        bad = pct if name not in POSITIVE_INDICATORS else 100 - pct
        out.append(trends.get(name) or {"topic": name, "weight": 40 + bad / 2, "kind": "indicator",
                                        "text": f"{_share(pct)} van de leerlingen {label} (n = {figure['n']})."})
    weights = {f["topic"]: f["weight"] for f in out}
    for comparison in comparisons(summary, instrument, onderwijstype, references):
        # right after the finding on the same indicator, so the comparison is read with it
        out.append({"topic": comparison["indicator"], "weight": weights.get(comparison["indicator"], 40) - 0.01,
                    "kind": "comparison", "groups": comparison["groups"], "text": comparison["text"]})
    out += _group_findings(summary, instrument)
    out += _place_findings(summary, instrument)
    for name, figure in summary["scales"].items():
        alpha = figure.get("alpha")
        if alpha is not None and alpha < ALPHA_SUFFICIENT:
            out.append({"topic": name, "weight": 20, "kind": "scale",
                        "text": f"De schaal {instrument.scales[name].label} is onvoldoende betrouwbaar "
                                f"(alfa {dutch_number(alpha, 2)}): de vragen meten niet goed hetzelfde, "
                                "dus kijk liever naar de vragen afzonderlijk."})
    return sorted(out, key=lambda f: -f["weight"])


def interval_of(figure: dict) -> tuple[float, float] | None:
    """A percentage figure's 95% interval in percent: its own, or Wilson's from ``pct`` and ``n``."""
    if figure.get("ci_low") is not None and figure.get("ci_high") is not None:
        return figure["ci_low"], figure["ci_high"]
    if figure.get("pct") is None or not figure.get("n"):
        return None
    low, high = wilson_interval(round(figure["pct"] * figure["n"] / 100), figure["n"])
    return 100 * low, 100 * high


def _trend_findings(trend: dict, instrument: Instrument) -> list[dict]:
    out = []
    for name, entry in trend.items():
        if entry.get("change") is None:
            continue
        change = entry["change"]
        label = _lower(instrument.indicators[name].label)
        better = (change > 0) == (name in POSITIVE_INDICATORS)
        before = dutch_number(entry["previous_pct"], 0)
        sentence = f"{_share(entry['pct'])} van de leerlingen {label}, tegen {before}% vorig schooljaar."
        if is_real(entry):
            out.append({"topic": name, "weight": 70 + abs(change), "kind": "trend",
                        "text": f"{sentence} {verdict_text(entry, better)}"})
        elif abs(change) >= 5:
            out.append({"topic": name, "weight": 25, "kind": "trend",
                        "text": f"{sentence} {verdict_text(entry, better)}"})
    return out


def _group_findings(summary: dict, instrument: Instrument) -> list[dict]:
    """Groups that clearly differ from the whole school: a gap of at least GROUP_GAP points and the school's
    figure outside the group's 95% interval."""
    out = []
    for group, figures in summary["groups"].items():
        if figures.get("suppressed"):
            continue
        for name, figure in figures["indicators"].items():
            school = summary["indicators"][name].get("pct")
            pct = figure.get("pct")
            interval = interval_of(figure)
            if pct is None or school is None or interval is None:
                continue
            worse = name not in POSITIVE_INDICATORS
            gap = (pct - school) if worse else (school - pct)
            clear = interval[0] > school if worse else interval[1] < school
            if gap >= GROUP_GAP and clear:
                label = _lower(instrument.indicators[name].label)
                out.append({"topic": name, "weight": 50 + gap, "kind": "group", "groups": [group],
                            "text": f"{group}: {_share(pct)} van de leerlingen {label}, tegen "
                                    f"{dutch_number(school, 0)}% in de hele school (n = {figure['n']}; "
                                    f"95%-interval {dutch_number(interval[0], 0)}–{dutch_number(interval[1], 0)}%, "
                                    "dus duidelijk anders dan de hele school)."})
    return out


def _place_findings(summary: dict, instrument: Instrument) -> list[dict]:
    places = summary.get("places") or {}
    if instrument.places_item is None:
        return []
    options = instrument.items[instrument.places_item].options
    named = sorted(((o, f["pct"]) for o, f in places.items() if o != "nergens" and f.get("pct") is not None),
                   key=lambda pair: -pair[1])
    out = []
    for option, pct in named:
        if pct >= PLACE_SHARE:
            out.append({"topic": f"plek:{option}", "weight": 35 + pct / 2, "kind": "place",
                        "text": f"{options[option]} voelt {_share(pct)} van de leerlingen die een plek noemden "
                                "zich weleens onveilig."})
    return out
