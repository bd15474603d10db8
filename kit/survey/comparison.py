"""National reference figures, compared honestly: same population, same definition, interval-based verdict.

A reference figure (``data/templates/referentie.yaml``) is compared with the school only when

- it is marked ``vergelijkbaar: ja`` and its question (``vraag``) and cut-off (``grens``) are
  those of the school's own indicator (text compared without case, spaces or punctuation);
- the school's figure can be computed for the same population: the year groups in
  ``populatie`` (groep 8 with groep 8). The school's groups are placed by the one number in
  their name ("Groep 8", "8b", "H3a"); when a group cannot be placed, when no group of the
  population took part, or when one of them is suppressed, there is no comparison.

The verdict says "hoger" or "lager" only when the reference lies outside the Wilson 95%
interval of the school's figure; otherwise the school does not clearly differ from it.
"""

from __future__ import annotations

import re

from kit.survey.instrument import Instrument
from kit.survey.normalize import normalize
from kit.survey.report import dutch_number
from kit.survey.statistics import wilson_interval

HIGHER, LOWER, NO_CLEAR_DIFFERENCE = "hoger", "lager", "niet duidelijk anders"
_NUMBER = re.compile(r"\d+")


def year_of_group(name: str) -> int | None:
    """The year group a group's name stands for: the one number in it, else None ("Groep 7/8", "Onbekend")."""
    numbers = _NUMBER.findall(str(name))
    return int(numbers[0]) if len(numbers) == 1 else None


def is_comparable(reference: dict, indicator_id: str, instrument: Instrument) -> bool:
    """True when the reference is marked comparable and asks the school's question with the school's cut-off."""
    if reference.get("vergelijkbaar") not in (True, "ja"):
        return False
    indicator = instrument.indicators.get(indicator_id)
    if indicator is None or not reference.get("vraag") or not reference.get("grens"):
        return False
    item = instrument.items[indicator.item]
    cut_off = item.answers[indicator.threshold - 1]
    return normalize(str(reference["vraag"])) == normalize(item.text) and \
        normalize(str(reference["grens"])) == normalize(cut_off)


def population_figure(summary: dict, indicator_id: str, years: list[int]) -> dict | None:
    """The school's figure for the pupils of ``years`` only: ``{groups, hits, n, pct, ci_low, ci_high}``.

    None when a group cannot be placed in a year, when none of ``years`` took part, or when
    a group of ``years`` (or its figure) is suppressed.
    """
    groups = summary.get("groups") or {}
    wanted = {int(year) for year in years}
    names, hits, n = [], 0, 0
    for name, group in groups.items():
        year = year_of_group(name)
        if year is None:
            return None
        if year not in wanted:
            continue
        if group.get("suppressed"):
            return None
        figure = (group.get("indicators") or {}).get(indicator_id) or {}
        if figure.get("suppressed") or figure.get("pct") is None or not figure.get("n"):
            return None
        names.append(name)
        hits += round(figure["pct"] * figure["n"] / 100)
        n += figure["n"]
    if not names:
        return None
    low, high = wilson_interval(hits, n)
    return {"groups": names, "hits": hits, "n": n, "pct": 100 * hits / n, "ci_low": 100 * low,
            "ci_high": 100 * high}


def verdict(reference_pct: float, ci_low: float, ci_high: float) -> str:
    """``hoger`` when the whole interval lies above the reference, ``lager`` below it, else no clear difference."""
    if reference_pct < ci_low:
        return HIGHER
    if reference_pct > ci_high:
        return LOWER
    return NO_CLEAR_DIFFERENCE


def compare(summary: dict, instrument: Instrument, indicator_id: str, reference: dict) -> dict | None:
    """One honest comparison of the school with a reference figure, or None when there is none to make."""
    if not is_comparable(reference, indicator_id, instrument) or not reference.get("populatie"):
        return None
    figure = population_figure(summary, indicator_id, list(reference["populatie"]))
    if figure is None:
        return None
    result = {**figure, "indicator": indicator_id, "reference_pct": float(reference["pct"]),
              "reference": reference, "verdict": verdict(float(reference["pct"]), figure["ci_low"], figure["ci_high"])}
    result["text"] = comparison_text(result, instrument)
    return result


def comparison_text(result: dict, instrument: Instrument) -> str:
    """The comparison as the plan says it."""
    label = instrument.indicators[result["indicator"]].label
    label = label[:1].lower() + label[1:]
    reference = result["reference"]
    groups = list(result["groups"])
    who = " en ".join([", ".join(groups[:-1]), groups[-1]] if len(groups) > 2 else groups)  # A, B en C
    school = (f"Vergelijking met het landelijke cijfer: {dutch_number(result['pct'], 0)}% van de leerlingen in "
              f"{who} {label} (n = {result['n']}; 95%-interval "
              f"{dutch_number(result['ci_low'], 1)}–{dutch_number(result['ci_high'], 1)}%). "
              f"Landelijk is dat {dutch_number(result['reference_pct'], 1)}% ({reference['groep']}; "
              f"{reference['bron']}).")
    if result["verdict"] == NO_CLEAR_DIFFERENCE:
        return school + (" De school verschilt daarin niet duidelijk van het landelijke cijfer: dat ligt binnen "
                         "het 95%-interval van de school.")
    return school + (f" Het cijfer van de school ligt duidelijk {result['verdict']}: het landelijke cijfer ligt "
                     "buiten het 95%-interval van de school.")


def comparisons(summary: dict, instrument: Instrument, onderwijstype: str | None, references: dict) -> list[dict]:
    """Every comparison the school's figures allow, for its kind of education (none when that is unknown)."""
    if not onderwijstype:
        return []
    out = []
    for indicator_id in summary.get("indicators") or {}:
        for reference in (references.get(indicator_id) or {}).get(onderwijstype) or []:
            result = compare(summary, instrument, indicator_id, reference)
            if result is not None:
                out.append(result)
    return out
