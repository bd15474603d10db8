"""The figures of a survey, for the school and per group, with small-number suppression.

- An indicator is the percentage of pupils answering its item at or above the
  threshold, among those who answered it, with a Wilson 95% interval.
- A pupil's scale score is the mean of the scale items they answered, when they
  answered at least half of them (rounded up); alpha uses pupils who answered all.
  The school's scale mean has a t-based 95% interval (``ci_low``, ``ci_high``).
- Places: per option, the percentage of pupils who chose it among those who
  chose at least one option.
- Pupils who left the group question empty form a cell of their own (``ungrouped``).
- What is hidden follows :mod:`kit.survey.disclosure` (primary and secondary
  suppression): a cell of fewer pupils than the minimum group size is hidden, and
  further cells where needed, so that the pupils behind the hidden cells together are
  none or at least the minimum, per indicator and scale. A hidden figure is null with
  ``suppressed: true`` and, in a group, a ``reason`` (``small`` or ``protect``). For an
  indicator the hidden cells together also never all gave the same answer; where only
  hiding the school's figure helps, that figure is hidden (``reason: same``). When
  fewer pupils than the minimum took part, no figure is shown at all.
"""

from __future__ import annotations

import math
import re

import numpy as np
import pandas as pd

from kit.survey.disclosure import SCHOOL, SMALL, hidden_cells
from kit.survey.instrument import Indicator, Instrument
from kit.survey.statistics import cronbach_alpha, mean_interval, wilson_interval

SUPPRESSED = {"suppressed": True}


def school_figures(answers: pd.DataFrame, instrument: Instrument, min_size: int) -> dict:
    """``indicators``, ``scales`` and ``places`` for all kept pupils together.

    When fewer pupils than ``min_size`` took part, every figure is suppressed: no figures at all.
    """
    if len(answers) < min_size:
        return _nothing_shown(instrument, places_figures(answers, instrument, min_size))
    indicators = {}
    for indicator in instrument.indicators.values():
        answered, hit = indicator_rows(answers, indicator)
        indicators[indicator.id] = indicator_figure(int(hit.sum()), int(answered.sum()), min_size)
    scales = {}
    for scale in instrument.scales.values():
        items = item_matrix(answers, scale.items)
        scores = scale_scores(items)
        scored = scores[~np.isnan(scores)]
        if 0 < len(scored) < min_size:
            scales[scale.id] = {"mean": None, "alpha": None, "n": None, "ci_low": None, "ci_high": None,
                                **SUPPRESSED}
        else:
            complete = items[~np.isnan(items).any(axis=1)]
            mean = float(scored.mean()) if len(scored) else None
            interval = mean_interval(mean, float(scored.std(ddof=1)), len(scored)) if len(scored) > 1 else None
            scales[scale.id] = {"mean": mean, "alpha": cronbach_alpha(complete), "n": len(scored),
                                "ci_low": interval[0] if interval else None,
                                "ci_high": interval[1] if interval else None}
    return {"indicators": indicators, "scales": scales, "places": places_figures(answers, instrument, min_size)}


def _nothing_shown(instrument: Instrument, places: dict | None) -> dict:
    """The school's figures when too few pupils took part: all suppressed."""
    if places is not None:
        places = {option: {"pct": None, "n": None, **SUPPRESSED} for option in places}
    return {"indicators": {i: {"pct": None, "ci_low": None, "ci_high": None, "n": None, **SUPPRESSED}
                           for i in instrument.indicators},
            "scales": {s: {"mean": None, "alpha": None, "n": None, "ci_low": None, "ci_high": None, **SUPPRESSED}
                       for s in instrument.scales},
            "places": places}


def group_figures(answers: pd.DataFrame, instrument: Instrument, min_size: int) -> dict:
    """Per group (in natural name order) its ``n``, ``indicators`` and ``scales``, or ``{suppressed, reason}``."""
    return group_table(answers, instrument, min_size)[0]


def group_table(answers: pd.DataFrame, instrument: Instrument, min_size: int) -> tuple[dict, dict | None]:
    """The groups' figures and the cell of the pupils who left the group question empty (see :func:`tables`)."""
    return tables(answers, instrument, min_size)[:2]


def with_school_hidden(figures: dict, hidden: dict[str, str]) -> dict:
    """The school's figures (:func:`school_figures`) with the indicators of ``hidden`` (id → reason) hidden."""
    indicators = {name: {**_hidden_indicator(hidden[name])} if name in hidden else figure
                  for name, figure in figures["indicators"].items()}
    return {**figures, "indicators": indicators}


def tables(answers: pd.DataFrame, instrument: Instrument, min_size: int) -> tuple[dict, dict | None, dict]:
    """The groups' figures, the cell of the pupils who left the group question empty (None when there are
    none), and the indicators whose school figure must be hidden too (id → reason; see :func:`with_school_hidden`).

    Every cell is ``{n, indicators, scales}`` or ``{suppressed: true, reason}``; a figure inside a
    shown cell may be ``{..., suppressed: true, reason}`` too. What is hidden follows
    :func:`kit.survey.disclosure.hidden_cells`: first on the pupils per cell, then per indicator
    and scale on the pupils behind that figure, so that the school's figure minus the shown
    cells never gives the figure of fewer than ``min_size`` pupils.
    """
    names = answers[instrument.group_item].to_numpy(dtype=object) if instrument.group_item in answers \
        else np.full(len(answers), None, dtype=object)
    cells = np.array([UNGROUPED if name is None or (isinstance(name, float) and math.isnan(name)) else name
                      for name in names], dtype=object)
    per_row = {}
    for indicator in instrument.indicators.values():
        answered, hit = indicator_rows(answers, indicator)
        per_row[f"answered:{indicator.id}"], per_row[f"hit:{indicator.id}"] = answered, hit
    for scale in instrument.scales.values():
        scores = scale_scores(item_matrix(answers, scale.items))
        per_row[f"scored:{scale.id}"] = ~np.isnan(scores)
        per_row[f"sum:{scale.id}"] = np.nan_to_num(scores)
    per_row["pupils"] = np.ones(len(answers), dtype=int)
    totals = pd.DataFrame(per_row, index=answers.index).groupby(cells, sort=False).sum()
    rows = {cell: totals.loc[cell] for cell in totals.index}
    whole = hidden_cells({cell: int(row["pupils"]) for cell, row in rows.items()}, min_size, order=_cell_order)
    hidden = {}
    for indicator in instrument.indicators.values():
        hidden[f"indicator:{indicator.id}"] = hidden_cells(
            {cell: int(row[f"answered:{indicator.id}"]) for cell, row in rows.items()}, min_size, whole, _cell_order,
            hits={cell: int(row[f"hit:{indicator.id}"]) for cell, row in rows.items()})
    for scale in instrument.scales.values():
        hidden[f"scale:{scale.id}"] = hidden_cells(
            {cell: int(row[f"scored:{scale.id}"]) for cell, row in rows.items()}, min_size, whole, _cell_order)
    figures = {}
    for cell, row in rows.items():
        if cell in whole:
            figures[cell] = {**SUPPRESSED, "reason": whole[cell]}
            continue
        indicators = {}
        for indicator in instrument.indicators.values():
            reason = hidden[f"indicator:{indicator.id}"].get(cell)
            indicators[indicator.id] = _hidden_indicator(reason) if reason else indicator_figure(
                int(row[f"hit:{indicator.id}"]), int(row[f"answered:{indicator.id}"]), min_size)
        scales = {}
        for scale in instrument.scales.values():
            reason = hidden[f"scale:{scale.id}"].get(cell)
            scales[scale.id] = {"mean": None, "n": None, **SUPPRESSED, "reason": reason} if reason else \
                _group_scale(float(row[f"sum:{scale.id}"]), int(row[f"scored:{scale.id}"]), min_size)
        figures[cell] = {"n": int(row["pupils"]), "indicators": indicators, "scales": scales}
    groups = {name: figures[name] for name in sorted((c for c in figures if c is not UNGROUPED), key=natural_key)}
    school = {indicator.id: hidden[f"indicator:{indicator.id}"][SCHOOL] for indicator in instrument.indicators.values()
              if SCHOOL in hidden[f"indicator:{indicator.id}"]}
    return groups, figures.get(UNGROUPED), school


class _Ungrouped:
    """The cell of the pupils who left the group question empty (a key no group name can equal)."""

    def __repr__(self) -> str:
        return "UNGROUPED"


UNGROUPED = _Ungrouped()


def _cell_order(cell) -> tuple:
    """Among equally small cells, groups in natural name order first, the pupils without a group last."""
    return (1, []) if cell is UNGROUPED else (0, natural_key(cell))


def _hidden_indicator(reason: str) -> dict:
    return {"pct": None, "ci_low": None, "ci_high": None, "n": None, **SUPPRESSED, "reason": reason}


def suppressed_groups(sizes: dict[str, int], min_size: int) -> set[str]:
    """The groups hidden on their number of pupils alone (see :func:`kit.survey.disclosure.hidden_cells`)."""
    return set(hidden_cells(sizes, min_size, order=_cell_order))


def natural_key(name: str) -> list:
    """Sort key that puts 'Groep 9' before 'Groep 10' and ignores case."""
    return [int(part) if part.isdigit() else part.casefold() for part in re.split(r"(\d+)", name)]


def indicator_rows(answers: pd.DataFrame, indicator: Indicator) -> tuple[np.ndarray, np.ndarray]:
    """Per pupil: answered the indicator's item, and answered at or above the threshold."""
    codes = answers[indicator.item].to_numpy(dtype=float) if indicator.item in answers \
        else np.full(len(answers), np.nan)
    answered = ~np.isnan(codes)
    return answered, answered & (np.nan_to_num(codes) >= indicator.threshold)


def indicator_figure(hits: int, n: int, min_size: int) -> dict:
    """``{pct, ci_low, ci_high, n}`` in percent; null values when n is 0, suppressed when 0 < n < min."""
    if 0 < n < min_size:
        return {"pct": None, "ci_low": None, "ci_high": None, "n": None, **SUPPRESSED}
    if n == 0:
        return {"pct": None, "ci_low": None, "ci_high": None, "n": 0}
    low, high = wilson_interval(hits, n)
    return {"pct": 100 * hits / n, "ci_low": 100 * low, "ci_high": 100 * high, "n": n}


def item_matrix(answers: pd.DataFrame, items: tuple[str, ...]) -> np.ndarray:
    """Pupils × items codes; an item missing from the file is a column of NaN."""
    columns = [answers[item].to_numpy(dtype=float) if item in answers else np.full(len(answers), np.nan)
               for item in items]
    return np.column_stack(columns) if columns else np.empty((len(answers), 0))


def scale_scores(items: np.ndarray) -> np.ndarray:
    """Mean of the answered items per pupil, or NaN when fewer than half (rounded up) were answered."""
    answered = (~np.isnan(items)).sum(axis=1)
    totals = np.nansum(items, axis=1)
    enough = answered >= math.ceil(items.shape[1] / 2)
    scores = np.full(len(items), np.nan)
    scores[enough] = totals[enough] / answered[enough]
    return scores


def _group_scale(total: float, n: int, min_size: int) -> dict:
    """``{mean, n}`` of a group's scale scores from their sum and count."""
    if 0 < n < min_size:
        return {"mean": None, "n": None, **SUPPRESSED}
    return {"mean": total / n if n else None, "n": n}


def places_figures(answers: pd.DataFrame, instrument: Instrument, min_size: int) -> dict | None:
    """Per option ``{pct, n}``, n being the pupils who chose at least one option; None without the item."""
    item_id = instrument.places_item
    if item_id is None:
        return None
    columns = {option: f"{item_id}[{option}]" for option in instrument.items[item_id].options}
    present = {option: column for option, column in columns.items() if column in answers}
    if not present:
        return None
    chosen = answers[list(present.values())].to_numpy(dtype=bool)
    any_chosen = chosen.any(axis=1)
    n = int(any_chosen.sum())
    result = {}
    for option in columns:
        if 0 < n < min_size:
            result[option] = {"pct": None, "n": None, **SUPPRESSED}
        elif option not in present or n == 0:
            result[option] = {"pct": None, "n": n if option in present else 0}
        else:
            result[option] = {"pct": 100 * int(answers[present[option]].sum()) / n, "n": n}
    return result
