"""The figures of a survey, for the school and per group, with small-number suppression.

- An indicator is the percentage of pupils answering its item at or above the
  threshold, among those who answered it, with a Wilson 95% interval.
- A pupil's scale score is the mean of the scale items they answered, when they
  answered at least half of them (rounded up); alpha uses pupils who answered all.
  The school's scale mean has a t-based 95% interval (``ci_low``, ``ci_high``).
- Places: per option, the percentage of pupils who chose it among those who
  chose at least one option.
- A group smaller than the minimum group size is suppressed; when exactly one is,
  the smallest other group is suppressed too. Any figure based on fewer pupils
  than the minimum (but more than none) is shown as null with ``suppressed: true``.
"""

from __future__ import annotations

import math
import re

import numpy as np
import pandas as pd

from kit.survey.instrument import Indicator, Instrument
from kit.survey.statistics import cronbach_alpha, mean_interval, wilson_interval

SUPPRESSED = {"suppressed": True}


def school_figures(answers: pd.DataFrame, instrument: Instrument, min_size: int) -> dict:
    """``indicators``, ``scales`` and ``places`` for all kept pupils together."""
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


def group_figures(answers: pd.DataFrame, instrument: Instrument, min_size: int) -> dict:
    """Per group (in natural name order) its ``n``, ``indicators`` and ``scales``, or ``{suppressed: true}``."""
    groups = answers[instrument.group_item]
    per_row = {}
    for indicator in instrument.indicators.values():
        answered, hit = indicator_rows(answers, indicator)
        per_row[f"answered:{indicator.id}"], per_row[f"hit:{indicator.id}"] = answered, hit
    for scale in instrument.scales.values():
        scores = scale_scores(item_matrix(answers, scale.items))
        per_row[f"scored:{scale.id}"] = ~np.isnan(scores)
        per_row[f"sum:{scale.id}"] = np.nan_to_num(scores)
    per_row["pupils"] = np.ones(len(answers), dtype=int)
    totals = pd.DataFrame(per_row, index=answers.index).groupby(groups.to_numpy(), dropna=True).sum()
    sums = {column: totals[column].tolist() for column in totals.columns}
    position = {name: index for index, name in enumerate(totals.index)}
    sizes = dict(zip(totals.index, sums["pupils"]))
    hidden = suppressed_groups(sizes, min_size)
    result = {}
    for name in sorted(sizes, key=natural_key):
        if name in hidden:
            result[name] = dict(SUPPRESSED)
            continue
        row = {column: values[position[name]] for column, values in sums.items()}
        result[name] = {
            "n": sizes[name],
            "indicators": {indicator.id: indicator_figure(int(row[f"hit:{indicator.id}"]),
                                                          int(row[f"answered:{indicator.id}"]), min_size)
                           for indicator in instrument.indicators.values()},
            "scales": {scale.id: _group_scale(float(row[f"sum:{scale.id}"]), int(row[f"scored:{scale.id}"]), min_size)
                       for scale in instrument.scales.values()},
        }
    return result


def suppressed_groups(sizes: dict[str, int], min_size: int) -> set[str]:
    """Groups below ``min_size``; if that is exactly one, also the smallest other (first name on a tie)."""
    hidden = {name for name, size in sizes.items() if size < min_size}
    if len(hidden) == 1:
        others = [(size, natural_key(name), name) for name, size in sizes.items() if name not in hidden]
        if others:
            hidden.add(min(others)[2])
    return hidden


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
