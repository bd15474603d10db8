"""The survey report (notebooks/03_enquete.ipynb): what a notebook cell calls.

Every ``show_*`` function takes what ``load`` returned and does nothing when there is
no survey yet, so the notebook stays a list of one-line calls. Under papermill the
charts are also saved as PNG in ``output/figuren/`` and the findings as
``output/enquete.json`` for the action plan and the policy document.
"""

from __future__ import annotations

import base64
import json

from kit.page import Page, friendly, show_html
from kit.profile import load_profile
from kit.render import render
from kit.survey import charts
from kit.survey.change import adjusted_p, cohort_note, is_real, p_text, p_value_note, tests_in
from kit.survey.disclosure import UNGROUPED_LABEL, reason_text, school_hidden_text
from kit.survey.findings import findings
from kit.survey.formats import FORMAT_NAMES
from kit.survey.report import ALPHA_SUFFICIENT, dutch_number
from kit.survey.school import SchoolSurveys, load_school_surveys
from kit.terms import group_word

EXCLUSION_WORDS = {"empty": "zonder antwoorden", "incomplete": "niet afgemaakt",
                   "preview": "voorbeeld of test", "duplicate": "dubbel ingestuurd"}
FINDINGS_FILE = "enquete.json"
HIDDEN = "verborgen"


@friendly
def load(page: Page | None, schooljaar: str = "", min_group_size: int = 10) -> SchoolSurveys | None:
    """Read the school's exports and show the import report (or how to add an export).

    ``schooljaar`` picks the school year to report on (empty: the latest export).
    """
    if page is None:
        return None
    surveys = load_school_surveys(page.school_dir, min_group_size, year=schooljaar or None)
    profile = load_profile(page.school_dir)
    if surveys is None:
        show_html(render("enquete_none.html.j2", naam=profile.naam, live=page.live, year=schooljaar))
        return None
    show_html(render("enquete_import.html.j2", **_import_context(surveys, profile)))
    return surveys


def _import_context(surveys: SchoolSurveys, profile) -> dict:
    summary = surveys.summary
    instrument = surveys.current.instrument
    found = {key.split("[")[0] for key in surveys.current.matched}
    expected = [item for item in instrument.items.values()]
    missing = [item.text for item in expected if item.id not in found]
    pupils = sum(profile.leerlingen.values())
    response = 100 * summary["n"] / pupils if pupils else None
    open_items = [item.id for item in expected if item.type == "open" and item.id in surveys.current.answers]
    open_count = sum(int(surveys.current.answers[i].notna().sum()) for i in open_items)
    return {
        "naam": profile.naam,
        "year": surveys.current_file.year,
        "file": surveys.current_file.path.name,
        "format": FORMAT_NAMES[summary["format"]],
        "n": summary["n"],
        "pupils": pupils,
        "response": dutch_number(response, 0) if response is not None else None,
        "excluded": [(EXCLUSION_WORDS[k], v) for k, v in summary["excluded"].items() if v],
        "invalid": summary["invalid_answers"],
        "unmatched": summary["unmatched_columns"],
        "matched": len(expected) - len(missing),
        "expected": len(expected),
        "missing": missing,
        "previous": surveys.previous_file.path.name if surveys.previous_file else None,
        "previous_year": surveys.previous_file.year if surveys.previous_file else None,
        "ignored": [f.path.name for f in surveys.ignored],
        "min_group_size": surveys.min_group_size,
        "open_count": open_count,
    }


_VERSIONS: dict[int, str] = {}


def _version(page: Page, surveys: SchoolSurveys) -> str:
    """The data version of this page's charts (:mod:`kit.survey.chart_cache`), worked out once per load."""
    from kit.survey.chart_cache import data_version

    key = id(surveys)
    if key not in _VERSIONS:
        _VERSIONS[key] = data_version(page.school_dir, surveys.min_group_size, surveys.current_file.path.name,
                                      surveys.previous_file.path.name if surveys.previous_file else None)
    return _VERSIONS[key]


def _figure(page: Page, surveys: SchoolSurveys, build, name: str, caption: str, alt: str) -> None:
    """Show chart ``name`` (drawn by ``build()``, or taken from the cache for this data version)."""
    from kit.survey.chart_cache import chart_png

    data = chart_png(page.output_dir, _version(page, surveys), name, build)
    if data is None:
        return
    if not page.live:
        folder = page.output_dir / "figuren"
        folder.mkdir(parents=True, exist_ok=True)
        (folder / f"{name}.png").write_bytes(data)
    show_html(render("figure.html.j2", src="data:image/png;base64," + base64.b64encode(data).decode("ascii"),
                     caption=caption, alt=alt, css_class=f"kit-figure kit-figure-{name}"))


@friendly
def show_indicators(page: Page | None, surveys: SchoolSurveys | None) -> None:
    """Indicators with 95% intervals, last year beside them, as a table and a chart."""
    if surveys is None:
        return
    instrument = surveys.current.instrument
    rows = []
    for name, figure in surveys.summary["indicators"].items():
        trend = (surveys.trend or {}).get(name) or {}
        rows.append({
            "label": instrument.indicators[name].label,
            "pct": _pct(figure.get("pct")),
            "ci": (f"{dutch_number(figure['ci_low'])} – {dutch_number(figure['ci_high'])}%"
                   if figure.get("pct") is not None else ""),
            "n": figure.get("n") if not figure.get("suppressed") else None,
            "suppressed": figure.get("suppressed", False),
            "hidden_text": school_hidden_text(figure),
            "previous": _pct(trend.get("previous_pct")),
            "change": (("+" if trend["change"] > 0 else "") + dutch_number(trend["change"]) + " procentpunt")
            if trend.get("change") is not None else "",
            "significant": is_real(trend),
            "p": p_text(adjusted_p(trend)) if adjusted_p(trend) is not None else "",
        })
    has_previous = surveys.previous_file is not None
    show_html(render("enquete_indicators.html.j2", rows=rows, has_previous=has_previous,
                     p_note=p_value_note(tests_in(surveys.trend)) if has_previous else "",
                     cohort=cohort_note(surveys.summary, surveys.previous_summary) if has_previous else "",
                     previous_year=surveys.previous_file.year if surveys.previous_file else None,
                     thresholds=[(ind.label, instrument.items[ind.item].answers[ind.threshold - 1])
                                 for ind in instrument.indicators.values()]))
    _figure(page, surveys, lambda: charts.indicator_chart(surveys.summary, instrument, surveys.previous_summary),
            "indicatoren", "Indicatoren met 95%-betrouwbaarheidsinterval"
            + (" en het cijfer van vorig schooljaar." if surveys.previous_file else "."),
            "Staafdiagram met per indicator het percentage leerlingen: "
            + "; ".join(f"{r['label']} {r['pct']}" for r in rows if r["pct"]))


@friendly
def show_items(page: Page | None, surveys: SchoolSurveys | None) -> None:
    """Every question's answers: agreement items as diverging bars, how-often items as stacked bars."""
    if surveys is None:
        return
    instrument = surveys.current.instrument
    answers = surveys.current.answers
    show_html('<div class="kit-page" lang="nl"><h2>Antwoorden per vraag</h2><p>Voor de hele school. Links van '
              'de middenlijn: oneens, rechts: eens.</p></div>')
    for scale in instrument.scales.values():
        _figure(page, surveys,
                lambda scale=scale: charts.likert_chart(answers, instrument, list(scale.items), surveys.min_group_size),
                f"vragen-{scale.id}", scale.label,
                f"Verdeling van de antwoorden op de vragen over {scale.label.lower()}.")
    how_often = [ind.item for ind in instrument.indicators.values()
                 if ind.item not in instrument.scale_items and instrument.items[ind.item].type == "choice"]
    _figure(page, surveys,
            lambda: charts.frequency_chart(answers, instrument, list(dict.fromkeys(how_often)), surveys.min_group_size),
            "vragen-pesten", "Hoe vaak gepest?",
            "Verdeling van de antwoorden op de vragen over pesten, van niet tot meerdere keren per week.")


@friendly
def show_scales(page: Page | None, surveys: SchoolSurveys | None) -> None:
    """Scale means with Cronbach's alpha and what an alpha below 0.6 means."""
    if surveys is None:
        return
    instrument = surveys.current.instrument
    rows = []
    for name, figure in surveys.summary["scales"].items():
        alpha = figure.get("alpha")
        rows.append({"label": instrument.scales[name].label, "count": len(instrument.scales[name].items),
                     "mean": dutch_number(figure["mean"], 2) if figure.get("mean") is not None else None,
                     "n": figure.get("n"), "alpha": dutch_number(alpha, 2) if alpha is not None else None,
                     "weak": alpha is not None and alpha < ALPHA_SUFFICIENT})
    show_html(render("enquete_scales.html.j2", rows=rows, threshold=dutch_number(ALPHA_SUFFICIENT, 1)))


@friendly
def show_places(page: Page | None, surveys: SchoolSurveys | None) -> None:
    """Where pupils feel unsafe."""
    if surveys is None or not surveys.summary.get("places"):
        return
    places = surveys.summary["places"]
    n = next((f["n"] for f in places.values() if f.get("n")), None)
    show_html(render("enquete_places.html.j2", n=n))
    _figure(page, surveys, lambda: charts.places_chart(surveys.summary, surveys.current.instrument), "plekken", "Waar voelen leerlingen zich weleens onveilig?",
                "Staafdiagram van de plekken waar leerlingen zich weleens onveilig voelen.")


@friendly
def show_groups(page: Page | None, surveys: SchoolSurveys | None) -> None:
    """Figures per group ("klas" for a vo school); small groups are hidden (with complementary suppression)."""
    if surveys is None:
        return
    instrument = surveys.current.instrument
    profile = load_profile(page.school_dir)
    sizes = {name.casefold(): count for name, count in profile.leerlingen.items()}
    columns = [instrument.indicators[n].label for n in surveys.summary["indicators"]]
    columns += [instrument.scales[n].label + " (gem.)" for n in surveys.summary["scales"]]
    rows = []
    cells_of = [(group, figures, True) for group, figures in surveys.summary["groups"].items()]
    if cells_of and surveys.summary.get("ungrouped") is not None:  # without groups it is the whole school
        cells_of.append((UNGROUPED_LABEL, surveys.summary["ungrouped"], False))
    for group, figures, named in cells_of:
        if figures.get("suppressed"):
            rows.append({"group": group, "suppressed": True,
                         "reason": reason_text(figures.get("reason"), surveys.min_group_size)})
            continue
        cells = [_pct(f.get("pct")) if not f.get("suppressed") else HIDDEN for f in figures["indicators"].values()]
        cells += [(dutch_number(f["mean"], 2) if f.get("mean") is not None else None) if not f.get("suppressed")
                  else HIDDEN for f in figures["scales"].values()]
        pupils = sizes.get(group.casefold()) if named else None
        rows.append({"group": group, "suppressed": False, "n": figures["n"], "cells": cells,
                     "response": dutch_number(100 * figures["n"] / pupils, 0) if pupils else None})
    show_html(render("enquete_groups.html.j2", columns=columns, rows=rows, min_group_size=surveys.min_group_size,
                     word=group_word(profile.get("onderwijstype")),
                     ungrouped=any(not named for _, _, named in cells_of)))


@friendly
def show_findings(page: Page | None, surveys: SchoolSurveys | None) -> list[dict]:
    """The main findings in plain Dutch; under papermill also written to output/enquete.json."""
    if surveys is None:
        return []
    profile = load_profile(page.school_dir)
    found = findings(surveys.summary, surveys.current.instrument, surveys.trend, profile.get("onderwijstype"))
    show_html(render("enquete_findings.html.j2", findings=found[:8], year=surveys.current_file.year))
    if not page.live:
        page.output_dir.mkdir(parents=True, exist_ok=True)
        data = {**surveys.findings(), "findings": found}
        (page.output_dir / FINDINGS_FILE).write_text(json.dumps(data, ensure_ascii=False, indent=1),
                                                     encoding="utf-8")
    return found


def _pct(value: float | None) -> str | None:
    return None if value is None else f"{dutch_number(value)}%"

