"""The plan's timeline: a Gantt-like chart by month (matplotlib, colour-blind-safe, Dutch labels).

Each action is a bar from its start to its deadline, coloured by status; an action with
only a deadline is a diamond on that day. A dashed line marks today when it falls in view.
"""

from __future__ import annotations

import textwrap
from datetime import date

from kit.dates import today as dutch_today  # the day in the Netherlands, whatever the server's zone
from kit.plan.facts import year_end, year_start
from kit.plan.model import STATUSES, add_months
from kit.charts import pyplot as _pyplot, say_no_data

STATUS_COLOURS = {"planned": "#56B4E9", "in_progress": "#E69F00", "done": "#009E73", "stopped": "#BBBBBB"}
TODAY_COLOUR = "#D55E00"
TEXT_COLOUR = "#1d2a33"
MONTHS_SHORT = ("jan", "feb", "mrt", "apr", "mei", "jun", "jul", "aug", "sep", "okt", "nov", "dec")
WRAP = 34


def _dates(action: dict) -> tuple[date | None, date | None]:
    start = date.fromisoformat(action["start"]) if action.get("start") else None
    end = date.fromisoformat(action["deadline"]) if action.get("deadline") else None
    return start, end


def timeline_alt(actions: list[dict], school_year: str) -> str:
    """The timeline in words, as the chart's text alternative: each dated action with its start and deadline."""
    from kit.plan.model import short_date

    parts = []
    for number, action in enumerate(actions, start=1):
        if not (action.get("start") or action.get("deadline")):
            continue
        when = " tot ".join(x for x in (short_date(action.get("start")), short_date(action.get("deadline"))) if x)
        status = STATUSES.get(action.get("status") or "", "").lower()
        parts.append(f"{number}. {action.get('title') or 'zonder titel'}: {when}" + (f" ({status})" if status else ""))
    if not parts:
        return f"Tijdlijn van het actieplan {school_year}: nog geen actie heeft een start of een deadline."
    return f"Tijdlijn van het actieplan {school_year}, per actie de start en de deadline. " + "; ".join(parts) + "."


def timeline_chart(actions: list[dict], school_year: str, today: date | None = None):
    """A Figure: one row per action (in plan order), months of the school year along the bottom.

    Actions without any date are left out (the plan table lists them).
    """
    import matplotlib.dates as mdates

    plt = _pyplot()
    today = today or dutch_today()
    dated = [(number, a) for number, a in enumerate(actions, start=1) if a.get("start") or a.get("deadline")]
    first, last = year_start(school_year), year_end(school_year)
    for _, action in dated:
        start, end = _dates(action)
        first = min(first, *(d for d in (start, end) if d))
        last = max(last, *(d for d in (start, end) if d))
    first = first.replace(day=1)
    last = add_months(last.replace(day=1), 1)
    height = 1.3 + 0.55 * max(len(dated), 1)
    fig, ax = plt.subplots(figsize=(10, height), dpi=110)
    if not dated:
        say_no_data(ax, "Nog geen acties met een start of een deadline.", TEXT_COLOUR)
        return fig
    for row, (_, action) in enumerate(dated):
        start, end = _dates(action)
        colour = STATUS_COLOURS.get(action.get("status"), STATUS_COLOURS["planned"])
        if start and end:
            left = mdates.date2num(start)
            width = max(mdates.date2num(end) - left + 1, 3)
            ax.barh(row, width, left=left, height=0.58, color=colour, edgecolor="white", linewidth=0.8)
        else:
            day = end or start
            ax.plot(mdates.date2num(day), row, marker="D" if end else ">", markersize=9, color=colour,
                    markeredgecolor=TEXT_COLOUR, markeredgewidth=0.6)
    labels = [textwrap.fill(textwrap.shorten(f"{number}. {a['title']}", 2 * WRAP, placeholder=" …"), WRAP)
              for number, a in dated]
    ax.set_yticks(range(len(dated)), labels, fontsize=9.5, color=TEXT_COLOUR)
    ax.invert_yaxis()
    ax.set_xlim(mdates.date2num(first), mdates.date2num(last))
    ticks = []
    month = first
    while month < last:
        ticks.append(month)
        month = add_months(month, 1)
    ax.set_xticks([mdates.date2num(m) for m in ticks])
    ax.set_xticklabels([f"{MONTHS_SHORT[m.month - 1]}\n{m.year}" if m.month in (1, ticks[0].month) or m == ticks[0]
                        else MONTHS_SHORT[m.month - 1] for m in ticks], fontsize=8.5, color="#44535e")
    ax.grid(axis="x", color="#e3e9ee", linewidth=0.8)
    ax.set_axisbelow(True)
    if first <= today <= last:
        ax.axvline(mdates.date2num(today), color=TODAY_COLOUR, linestyle="--", linewidth=1.2)
        ax.text(mdates.date2num(today), -0.75, " vandaag", color=TODAY_COLOUR, fontsize=8.5, va="bottom")
    for side in ("top", "right", "left"):
        ax.spines[side].set_visible(False)
    ax.tick_params(axis="y", length=0)
    used = [code for code in STATUSES if any(a.get("status") == code for _, a in dated)]
    handles = [plt.Rectangle((0, 0), 1, 1, color=STATUS_COLOURS[code]) for code in used]
    ax.legend(handles, [STATUSES[code] for code in used], ncols=len(used), loc="lower left",
              bbox_to_anchor=(0, 1.02), frameon=False, fontsize=9)
    fig.tight_layout()
    return fig

