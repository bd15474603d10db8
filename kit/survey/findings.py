"""The survey's main findings in plain Dutch, and national reference figures to compare with.

A finding is a dict ``{"text", "topic", "weight"}``; the heaviest come first. Only
figures that are shown (not suppressed) produce findings, so no finding reveals a
hidden group.
"""

from __future__ import annotations

from pathlib import Path

import yaml

from kit.paths import TEMPLATES_DIR
from kit.survey.instrument import Instrument
from kit.survey.report import ALPHA_SUFFICIENT, dutch_number

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
        finding = trends.get(name) or {"topic": name, "weight": 40 + bad / 2,
                                       "text": f"{_share(pct)} van de leerlingen {label} (n = {figure['n']})."}
        for ref in references_for(name, onderwijstype, references):
            if ref.get("vergelijkbaar") in (True, "ja"):
                where = "boven" if pct > ref["pct"] else "onder" if pct < ref["pct"] else "op"
                finding["text"] += (f" De school zit daarmee {where} het landelijke cijfer van "
                                    f"{dutch_number(ref['pct'], 1)}% ({ref['groep']}; {ref['bron']}).")
        out.append(finding)
    out += _group_findings(summary, instrument)
    out += _place_findings(summary, instrument)
    for name, figure in summary["scales"].items():
        alpha = figure.get("alpha")
        if alpha is not None and alpha < ALPHA_SUFFICIENT:
            out.append({"topic": name, "weight": 20,
                        "text": f"De schaal {instrument.scales[name].label} is onvoldoende betrouwbaar "
                                f"(alfa {dutch_number(alpha, 2)}): de vragen meten niet goed hetzelfde, "
                                "dus kijk liever naar de vragen afzonderlijk."})
    return sorted(out, key=lambda f: -f["weight"])


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
        if entry["significant"]:
            verdict = "een echte verbetering" if better else "een echte verslechtering"
            out.append({"topic": name, "weight": 70 + abs(change),
                        "text": f"{sentence} Dat is {verdict} (significant, p = {dutch_number(entry['p_value'], 3)})."})
        elif abs(change) >= 5:
            out.append({"topic": name, "weight": 25,
                        "text": f"{sentence} Dat verschil kan toeval zijn (niet significant)."})
    return out


def _group_findings(summary: dict, instrument: Instrument) -> list[dict]:
    out = []
    for group, figures in summary["groups"].items():
        if figures.get("suppressed"):
            continue
        for name, figure in figures["indicators"].items():
            school = summary["indicators"][name].get("pct")
            pct = figure.get("pct")
            if pct is None or school is None:
                continue
            gap = (school - pct) if name in POSITIVE_INDICATORS else (pct - school)
            if gap >= GROUP_GAP:
                label = _lower(instrument.indicators[name].label)
                out.append({"topic": name, "weight": 50 + gap,
                            "text": f"{group}: {_share(pct)} van de leerlingen {label}, tegen "
                                    f"{dutch_number(school, 0)}% in de hele school (n = {figure['n']})."})
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
            out.append({"topic": f"plek:{option}", "weight": 35 + pct / 2,
                        "text": f"{options[option]} voelt {_share(pct)} van de leerlingen die een plek noemden "
                                "zich weleens onveilig."})
    return out
