"""Charts for the board: the indicators of all schools, the checklist and the plan, side by side.

Same style as the survey charts (:mod:`kit.survey.charts`: Okabe-Ito colours, Dutch labels,
figures built without pyplot). Every chart comes with an alt text that says what it
shows; the figures themselves are in the tables next to it.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from kit.bestuur.overview import BoardOverview
from kit.survey.charts import BLUE, GREY, INK, ORANGE, SKY, VERMILLION, png
from kit.survey.report import dutch_number

GREEN = "#009E73"
NAME_WIDTH = 26
CHART_ROWS = 25  # schools per chart


@dataclass(frozen=True)
class Chart:
    key: str
    png: bytes
    caption: str
    alt: str


def _figure(width: float, height: float, rows: int = 1):
    from matplotlib.figure import Figure

    fig = Figure(figsize=(width, height), dpi=110, layout="constrained")
    axes = fig.subplots(rows, 1, squeeze=False)[:, 0]
    return fig, list(axes)


def _style(ax) -> None:
    for side in ("top", "right", "left"):
        ax.spines[side].set_visible(False)
    ax.tick_params(axis="y", length=0, labelsize=9, colors=INK)
    ax.tick_params(axis="x", labelsize=8.5, colors="#5b6a75")


def _short(name: str) -> str:
    """A school's name on at most two lines of NAME_WIDTH characters."""
    import textwrap

    lines = textwrap.wrap(name, NAME_WIDTH) or [name]
    if len(lines) > 2:
        lines = [lines[0], lines[1][:NAME_WIDTH - 1].rstrip() + "…"]
    return "\n".join(lines)


def _chunks(items: list) -> list[list]:
    """At most CHART_ROWS schools per chart, so a chart stays readable on a page for a large board."""
    return [items[i:i + CHART_ROWS] for i in range(0, len(items), CHART_ROWS)] or [[]]


def _part(index: int, chunks: list, total: int) -> str:
    if len(chunks) == 1:
        return ""
    first = sum(len(c) for c in chunks[:index]) + 1
    last = first + len(chunks[index]) - 1
    return f" (school {first} van {total})" if first == last else f" (scholen {first}–{last} van {total})"


def indicator_charts(overview: BoardOverview) -> list[Chart]:
    """Per indicator a chart: each school's percentage as a bar with its 95% interval."""
    schools = [s for s in overview.schools if s.indicators]
    if not schools:
        return []
    left_out = len(overview.schools) - len(schools)
    missing = (f" {left_out} {'school staat' if left_out == 1 else 'scholen staan'} er niet in: geen cijfers "
               "(zie de tabel).") if left_out else ""
    charts = []
    for name, label in overview.indicators.items():
        shown = [s for s in schools if name in s.indicators]
        chunks = _chunks(shown)
        for index, chunk in enumerate(chunks):
            part = _part(index, chunks, len(shown))
            charts.append(Chart(f"indicator-{name}-{index + 1}", _indicator_png(label + part, chunk, name),
                                f"{label}{part}: percentage per school met het 95%-betrouwbaarheidsinterval "
                                "(de streep).", _indicator_alt(label + part, chunk, name)))
    if missing:
        charts[-1] = Chart(charts[-1].key, charts[-1].png, charts[-1].caption + missing, charts[-1].alt)
    return charts


def _indicator_png(title: str, schools, name: str) -> bytes:
    figures = [s.indicators[name] for s in schools]
    fig, (ax,) = _figure(7.2, 0.36 * len(schools) + 0.95)
    y = np.arange(len(schools))[::-1]
    values = np.array([f.pct for f in figures])
    high = np.array([f.ci_high for f in figures]) - values
    ax.barh(y, values, color=BLUE, height=0.6)
    ax.errorbar(values, y, xerr=[values - np.array([f.ci_low for f in figures]), high], fmt="none", ecolor=INK,
                elinewidth=1, capsize=3)
    for yy, value, up in zip(y, values, high):
        ax.text(min(value + up + 1.5, 101), yy, f"{dutch_number(value, 0)}%", va="center", fontsize=8.5, color=INK)
    ax.set_yticks(y, [_short(s.name) for s in schools])
    ax.set_xlim(0, 108)
    ax.set_xticks(range(0, 101, 20), [f"{v}%" for v in range(0, 101, 20)])
    ax.xaxis.grid(True, color="#e3e9ee", linewidth=0.8)
    ax.set_axisbelow(True)
    ax.set_title(title, loc="left", fontsize=10, color=INK, fontweight="bold")
    _style(ax)
    return png(fig)


def _indicator_alt(title: str, schools, name: str) -> str:
    return (f"Staafdiagram ‘{title}’: per school het percentage leerlingen met het 95%-betrouwbaarheidsinterval. "
            + "; ".join(f"{s.name} {dutch_number(f.pct, 0)}% (interval {dutch_number(f.ci_low, 0)} tot "
                        f"{dutch_number(f.ci_high, 0)}%)" for s in schools for f in [s.indicators[name]]) + ".")


def _stacked(parts: list[tuple[str, str]], counts: dict[str, list[int]], schools, xlabel: str,
             xmax: float) -> bytes:
    fig, (ax,) = _figure(7.2, 0.4 * len(schools) + 1.3)
    y = np.arange(len(schools))[::-1]
    left = np.zeros(len(schools))
    for key, (label, colour) in zip(counts, parts):
        values = np.array(counts[key], dtype=float)
        bars = ax.barh(y, values, left=left, color=colour, height=0.62, label=label, edgecolor="white")
        for bar, value in zip(bars, values):
            if value:
                dark = colour in (BLUE, GREEN, VERMILLION)
                ax.text(bar.get_x() + bar.get_width() / 2, bar.get_y() + bar.get_height() / 2, f"{value:.0f}",
                        ha="center", va="center", fontsize=8.5, color="white" if dark else INK)
        left += values
    ax.set_yticks(y, [_short(s.name) for s in schools])
    ax.set_xlabel(xlabel, fontsize=9, color="#5b6a75")
    ax.set_xlim(0, xmax * 1.02)  # the same scale in every part of a large board
    ax.xaxis.get_major_locator().set_params(integer=True)
    handles, labels = ax.get_legend_handles_labels()
    fig.legend(handles, labels, loc="outside upper center", ncol=len(parts), frameon=False, fontsize=9)
    _style(ax)
    return png(fig)


def _stacked_charts(key: str, schools, counts_of, parts, xlabel: str, caption: str, alt_intro: str) -> list[Chart]:
    """Stacked bars per school, CHART_ROWS schools per chart; ``counts_of(school)`` gives one count per part."""
    chunks = _chunks(schools)
    xmax = max(sum(counts_of(s)) for s in schools) or 1
    charts = []
    for index, chunk in enumerate(chunks):
        rows = [counts_of(s) for s in chunk]
        counts = {label: [row[i] for row in rows] for i, (label, _) in enumerate(parts)}
        part = _part(index, chunks, len(schools))
        alt = alt_intro + part + ". " + " ".join(
            f"{s.name}: " + ", ".join(f"{row[i]} {label}" for i, (label, _) in enumerate(parts)) + "."
            for s, row in zip(chunk, rows))
        charts.append(Chart(f"{key}-{index + 1}", _stacked(parts, counts, chunk, xlabel, xmax),
                            f"{caption}{part}.", alt))
    return charts


def checklist_charts(overview: BoardOverview) -> list[Chart]:
    """Per school: how many legal items are met, to check and missing."""
    schools = [s for s in overview.schools if s.checklist]
    if not schools:
        return []
    codes = ("met", "to_check", "missing")
    return _stacked_charts(
        "checklist", schools, lambda s: [sum(1 for v in s.checklist.values() if v == code) for code in codes],
        [("voldaan", GREEN), ("controleren", ORANGE), ("ontbreekt", VERMILLION)], "aantal wettelijke onderdelen",
        "Wettelijke checklist: aantal onderdelen per uitkomst",
        "Gestapelde staven: per school het aantal wettelijke onderdelen dat voldaan is, gecontroleerd moet worden "
        "en ontbreekt")


def plan_charts(overview: BoardOverview) -> list[Chart]:
    """Per school: actions done, running or planned, over their deadline, and stopped."""
    schools = [s for s in overview.schools if s.plan is not None and s.plan.total]
    if not schools:
        return []
    return _stacked_charts(
        "actieplan", schools,
        lambda s: [s.plan.done, s.plan.total - s.plan.done - s.plan.stopped - s.plan.overdue, s.plan.overdue,
                   s.plan.stopped],
        [("klaar", GREEN), ("loopt of gepland", SKY), ("over de deadline", VERMILLION), ("gestopt", GREY)],
        "aantal acties", "Acties in het actieplan van dit schooljaar per school",
        "Gestapelde staven: per school het aantal acties dat klaar is, loopt of gepland is, over de deadline is "
        "of gestopt is")


def board_charts(overview: BoardOverview) -> dict[str, list[Chart]]:
    """The charts per table (key of :mod:`kit.bestuur.tables`) they belong to."""
    return {"indicatoren": indicator_charts(overview), "checklist": checklist_charts(overview),
            "actieplan": plan_charts(overview)}
