"""The public entry points: read an export, summarise it, compare two school years.

In a notebook::

    from kit.survey import read_survey, summarize_survey
    survey = read_survey("surveys/2025.xlsx")          # import report: survey.matched, .excluded, ...
    summary = summarize_survey(survey, min_group_size=10)

or in one line ``summarize("surveys/2025.xlsx")``, which is what ``kit survey summary --json`` prints.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from kit.survey.errors import SurveyError
from kit.survey.figures import school_figures, tables, with_school_hidden
from kit.survey.formats import FORMAT_NAMES, resolve_layout
from kit.survey.instrument import Instrument, load_instrument
from kit.survey.matching import Matching, match_columns
from kit.survey.readers import read_table
from kit.survey.responses import code_responses
from kit.survey.statistics import holm_adjust, two_proportion_z_test

DEFAULT_MIN_GROUP_SIZE = 10
LOWEST_MIN_GROUP_SIZE = 5
SIGNIFICANCE_LEVEL = 0.05


@dataclass
class Survey:
    """One export, read and coded, with the import report.

    ``answers``: one row per kept response (see ``CodedResponses``); ``matched``:
    item id (or ``item[option]``) → the column heading it was read from;
    ``unmatched_columns``: headings that belong to no item; ``excluded``: dropped
    responses per reason; ``invalid_answers``: invalid cells per item.
    """

    source: str
    format: str
    instrument: Instrument
    answers: pd.DataFrame
    matched: dict[str, str]
    unmatched_columns: list[str]
    excluded: dict[str, int]
    invalid_answers: dict[str, int]


def read_survey(path: str | Path, instrument: Instrument | str | Path | None = None,
                fmt: str | None = None) -> Survey:
    """Read an export of any supported tool; ``fmt`` overrides the detected format.

    ``instrument`` is an Instrument, a path to an instrument file, or None for the default.
    Raises SurveyError with a Dutch message for any file that cannot be used.
    """
    if not isinstance(instrument, Instrument):
        instrument = load_instrument(instrument)
    layout = resolve_layout(read_table(path), fmt)
    matching = match_columns(layout.headings, layout.skipped, instrument)
    _check_required(matching, instrument, layout.source, layout.format, layout.headings)
    if layout.format == "paper-entry":
        from kit.survey.entry_sheet import check_entry_rows

        layout = check_entry_rows(layout, matching, instrument)
    coded = code_responses(layout, matching, instrument)
    matched = {item_id: layout.headings[column] for item_id, column in matching.columns.items()}
    matched.update({f"{item_id}[{option}]": layout.headings[column]
                    for item_id, options in matching.option_columns.items()
                    for option, column in options.items()})
    return Survey(layout.source, layout.format, instrument, coded.answers, matched,
                  [layout.headings[column] for column in matching.unmatched], coded.excluded,
                  coded.invalid_answers)


def summarize_survey(survey: Survey, min_group_size: int = DEFAULT_MIN_GROUP_SIZE) -> dict:
    """The summary object of ``kit survey summary --json`` (numbers unrounded, null where not shown).

    ``groups`` holds a cell per group and ``ungrouped`` the cell of the pupils who left the group
    question empty (null when there are none); what they hide follows :mod:`kit.survey.disclosure`.
    """
    check_min_group_size(min_group_size)
    groups, ungrouped, school_hidden = tables(survey.answers, survey.instrument, min_group_size)
    figures = with_school_hidden(school_figures(survey.answers, survey.instrument, min_group_size), school_hidden)
    return {
        "format": survey.format,
        "n": len(survey.answers),
        "excluded": dict(survey.excluded),
        "invalid_answers": sum(survey.invalid_answers.values()),
        "unmatched_columns": list(survey.unmatched_columns),
        "indicators": figures["indicators"],
        "scales": figures["scales"],
        "places": figures["places"],
        "groups": groups,
        "ungrouped": ungrouped,
    }


def summarize(path: str | Path, instrument: Instrument | str | Path | None = None, fmt: str | None = None,
              min_group_size: int = DEFAULT_MIN_GROUP_SIZE) -> dict:
    """Read an export and summarise it in one step (see ``read_survey`` and ``summarize_survey``)."""
    check_min_group_size(min_group_size)
    return summarize_survey(read_survey(path, instrument, fmt), min_group_size)


def compare_years(current: dict, previous: dict) -> dict:
    """Per indicator of ``current``: the change since ``previous`` in percentage points and its z-test.

    Both arguments are summaries as returned by ``summarize``. Each indicator gets
    ``{pct, previous_pct, change, p_value, p_holm, tests, significant}``: ``p_value`` is the
    pooled two-proportion z-test of this indicator alone; ``p_holm`` the same p-value after
    Holm's correction over all ``tests`` indicators that could be tested this year (the
    more comparisons, the likelier one looks different by chance). ``significant`` is true
    only when ``p_holm`` < 0.05. ``change``, ``p_value`` and ``p_holm`` are null when either
    year has no shown figure.
    """
    result = {}
    for name, now in current["indicators"].items():
        before = previous.get("indicators", {}).get(name) or {}
        entry = {"pct": now["pct"], "previous_pct": before.get("pct"), "change": None, "p_value": None,
                 "p_holm": None, "tests": 0, "significant": False}
        if now["pct"] is not None and before.get("pct") is not None:
            entry["change"] = now["pct"] - before["pct"]
            test = two_proportion_z_test(_count(now), now["n"], _count(before), before["n"])
            if test is not None:
                entry["p_value"] = test[1]
        result[name] = entry
    names = list(result)
    adjusted = holm_adjust([result[name]["p_value"] for name in names])
    tests = sum(p is not None for p in adjusted)
    for name, p_holm in zip(names, adjusted):
        result[name]["tests"] = tests if p_holm is not None else 0
        result[name]["p_holm"] = p_holm
        result[name]["significant"] = p_holm is not None and p_holm < SIGNIFICANCE_LEVEL
    return result


def check_min_group_size(value: int) -> None:
    """Refuse a minimum group size that is not a whole number of at least 5."""
    if isinstance(value, bool) or not isinstance(value, int) or value < LOWEST_MIN_GROUP_SIZE:
        raise SurveyError(
            f"De minimale groepsgrootte {value!r} is niet toegestaan: die moet een geheel getal van minstens "
            f"{LOWEST_MIN_GROUP_SIZE} zijn.",
            hint=f"Kleinere groepen maken leerlingen herkenbaar. De standaard is {DEFAULT_MIN_GROUP_SIZE}.")


def _count(figure: dict) -> int:
    """The number of pupils at or above the threshold, recovered exactly from the unrounded percentage."""
    return round(figure["pct"] * figure["n"] / 100)


def _check_required(matching: Matching, instrument: Instrument, source: str, fmt: str,
                    headings: list[str]) -> None:
    """A file must hold the grouping item and at least one scale item."""
    found = set(matching.columns) | set(matching.option_columns)
    if not found:
        shown = ", ".join(f"'{heading}'" for heading in headings[:5] if heading)
        raise SurveyError(
            f"{source}: onbekende indeling. Geen enkele kolom hoort bij een vraag van het instrument "
            f"(gelezen als {FORMAT_NAMES[fmt]}; de eerste kolomkoppen zijn {shown or '(leeg)'}).",
            hint="Controleer of dit de export van de leerlingenquête is, of de kolomkoppen de vragen bevatten, "
                 "en of het juiste instrument is gekozen (--instrument). Met --format kiest u de indeling zelf.")
    missing = []
    group = instrument.items[instrument.group_item]
    if group.id not in found:
        missing.append(f"de groepsvraag '{group.id}' ({group.text})")
    if not instrument.scale_items & found:
        missing.append("alle vragen van de schalen (" + ", ".join(sorted(instrument.scale_items)) + ")")
    if missing:
        raise SurveyError(f"{source}: er ontbreekt {' en '.join(missing)}.",
                          hint="Voeg de kolom toe of geef de kolomkop de code of de tekst van de vraag, "
                               "zoals in het instrument.")
