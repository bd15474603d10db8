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


def indicator_charts(overview: BoardOverview) -> list[Chart]:
    """Per indicator one chart: each school's percentage as a bar with its 95% interval."""
    schools = [s for s in overview.schools if s.indicators]
    if not schools:
        return []
    left_out = len(overview.schools) - len(schools)
    missing = (f" {left_out} {'school staat' if left_out == 1 else 'scholen staan'} er niet in: geen cijfers "
               "(zie de tabel).") if left_out else ""
    charts = []
    for name, label in overview.indicators.items():
        shown = [s for s in schools if name in s.indicators]
        figures = [s.indicators[name] for s in shown]
        fig, (ax,) = _figure(7.2, 0.36 * len(shown) + 0.95)
        y = np.arange(len(shown))[::-1]
        values = np.array([f.pct for f in figures])
        high = np.array([f.ci_high for f in figures]) - values
        ax.barh(y, values, color=BLUE, height=0.6)
        ax.errorbar(values, y, xerr=[values - np.array([f.ci_low for f in figures]), high], fmt="none", ecolor=INK,
                    elinewidth=1, capsize=3)
        for yy, value, up in zip(y, values, high):
            ax.text(min(value + up + 1.5, 101), yy, f"{dutch_number(value, 0)}%", va="center", fontsize=8.5,
                    color=INK)
        ax.set_yticks(y, [_short(s.name) for s in shown])
        ax.set_xlim(0, 108)
        ax.set_xticks(range(0, 101, 20), [f"{v}%" for v in range(0, 101, 20)])
        ax.xaxis.grid(True, color="#e3e9ee", linewidth=0.8)
        ax.set_axisbelow(True)
        ax.set_title(label, loc="left", fontsize=10, color=INK, fontweight="bold")
        _style(ax)
        alt = (f"Staafdiagram ‘{label}’: per school het percentage leerlingen met het 95%-betrouwbaarheidsinterval. "
               + "; ".join(f"{s.name} {dutch_number(f.pct, 0)}% (interval {dutch_number(f.ci_low, 0)} tot "
                           f"{dutch_number(f.ci_high, 0)}%)" for s, f in zip(shown, figures)) + ".")
        charts.append(Chart(f"indicator-{name}", png(fig), f"{label}: percentage per school met het "
                            "95%-betrouwbaarheidsinterval (de streep).", alt))
    if missing:
        charts[-1] = Chart(charts[-1].key, charts[-1].png, charts[-1].caption + missing, charts[-1].alt)
    return charts


def _stacked(overview: BoardOverview, parts: list[tuple[str, str]], counts: dict[str, list[int]],
             schools, xlabel: str):
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
    ax.xaxis.get_major_locator().set_params(integer=True)
    handles, labels = ax.get_legend_handles_labels()
    fig.legend(handles, labels, loc="outside upper center", ncol=len(parts), frameon=False, fontsize=9)
    _style(ax)
    return png(fig)


def checklist_chart(overview: BoardOverview) -> Chart | None:
    """Per school: how many legal items are met, to check and missing."""
    schools = [s for s in overview.schools if s.checklist]
    if not schools:
        return None
    codes = ("met", "to_check", "missing")
    counts = {code: [sum(1 for v in s.checklist.values() if v == code) for s in schools] for code in codes}
    parts = [("voldaan", GREEN), ("controleren", ORANGE), ("ontbreekt", VERMILLION)]
    data = _stacked(overview, parts, counts, schools, "aantal wettelijke onderdelen")
    alt = "Gestapelde staven: per school het aantal wettelijke onderdelen dat voldaan is, gecontroleerd moet " \
        "worden en ontbreekt. " + " ".join(
            f"{s.name}: {counts['met'][i]} voldaan, {counts['to_check'][i]} controleren, "
            f"{counts['missing'][i]} ontbreekt." for i, s in enumerate(schools))
    return Chart("checklist", data, "Wettelijke checklist: aantal onderdelen per uitkomst.", alt)


def plan_chart(overview: BoardOverview) -> Chart | None:
    """Per school: actions done, running on time, and over their deadline."""
    schools = [s for s in overview.schools if s.plan is not None and s.plan.total]
    if not schools:
        return None
    counts = {"done": [s.plan.done for s in schools],
              "running": [s.plan.total - s.plan.done - s.plan.stopped - s.plan.overdue for s in schools],
              "overdue": [s.plan.overdue for s in schools],
              "stopped": [s.plan.stopped for s in schools]}
    parts = [("klaar", GREEN), ("loopt of gepland", SKY), ("over de deadline", VERMILLION), ("gestopt", GREY)]
    data = _stacked(overview, parts, counts, schools, "aantal acties")
    alt = "Gestapelde staven: per school het aantal acties dat klaar is, loopt of gepland is, over de deadline " \
        "is of gestopt is. " + " ".join(f"{s.name}: {counts['done'][i]} klaar, {counts['running'][i]} loopt of gepland, "
                          f"{counts['overdue'][i]} over de deadline, {counts['stopped'][i]} gestopt."
                          for i, s in enumerate(schools))
    return Chart("actieplan", data, "Acties in het actieplan van dit schooljaar per school.", alt)


def board_charts(overview: BoardOverview) -> dict[str, list[Chart]]:
    """The charts per table (key of :mod:`kit.bestuur.tables`) they belong to."""
    charts = {"indicatoren": indicator_charts(overview), "checklist": [checklist_chart(overview)],
              "actieplan": [plan_chart(overview)]}
    return {key: [c for c in found if c is not None] for key, found in charts.items()}

