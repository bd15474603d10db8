"""Survey charts with matplotlib: one function per chart, Dutch labels, colour-blind-safe colours.

Each function returns a ``matplotlib.figure.Figure`` built without pyplot (no global
state, safe in a Voila kernel with a refresh thread), or None when there is nothing
to show. ``png`` turns a figure into bytes for pages and documents.
"""

from __future__ import annotations

import io

import numpy as np

from kit.survey.instrument import Instrument

# Okabe-Ito: readable for the common forms of colour blindness.
BLUE, SKY, ORANGE, VERMILLION, GREY, INK = "#0072B2", "#56B4E9", "#E69F00", "#D55E00", "#9AA5AE", "#1d2a33"
DIVERGING_4 = (VERMILLION, ORANGE, SKY, BLUE)
SEQUENTIAL_5 = ("#d9e4ec", "#9ecae1", "#56B4E9", "#0072B2", "#0b3954")
FONT = {"family": "DejaVu Sans", "size": 10}


def _figure(width: float, height: float):
    from matplotlib.figure import Figure

    fig = Figure(figsize=(width, height), dpi=110, layout="constrained")
    return fig, fig.add_subplot()


def _style(ax) -> None:
    for side in ("top", "right", "left"):
        ax.spines[side].set_visible(False)
    ax.tick_params(axis="y", length=0, labelsize=10, colors=INK)
    ax.tick_params(axis="x", labelsize=9, colors="#5b6a75")


def _wrap(text: str, width: int = 36) -> str:
    import textwrap

    return "\n".join(textwrap.wrap(text, width))


def _legend(fig, ax, columns: int) -> None:
    handles, labels = ax.get_legend_handles_labels()
    fig.legend(handles, labels, loc="outside upper center", ncol=columns, frameon=False, fontsize=9)


def _pct(value: float) -> str:
    return f"{value:.0f}%"


def png(fig) -> bytes:
    """The figure as PNG bytes."""
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", facecolor="white")
    return buffer.getvalue()


def indicator_chart(summary: dict, instrument: Instrument, previous: dict | None = None):
    """Bars with 95% intervals per indicator; last year's figure as an open diamond."""
    names = [n for n, f in summary["indicators"].items() if f.get("pct") is not None]
    if not names:
        return None
    fig, ax = _figure(7.2, 0.55 * len(names) + 1.0)
    y = np.arange(len(names))[::-1]
    values = np.array([summary["indicators"][n]["pct"] for n in names])
    low = values - np.array([summary["indicators"][n]["ci_low"] for n in names])
    high = np.array([summary["indicators"][n]["ci_high"] for n in names]) - values
    ax.barh(y, values, color=BLUE, height=0.55, label="dit schooljaar")
    ax.errorbar(values, y, xerr=[low, high], fmt="none", ecolor=INK, elinewidth=1, capsize=3,
                label="95%-betrouwbaarheidsinterval")
    points: list[tuple[float, float]] = []
    if previous:
        before = [(yy, previous["indicators"].get(n, {}).get("pct")) for yy, n in zip(y, names)]
        points = [(yy, p) for yy, p in before if p is not None]
        if points:
            ax.scatter([p for _, p in points], [yy for yy, _ in points], marker="D", s=42, facecolor="white",
                       edgecolor=VERMILLION, linewidth=1.6, zorder=3, label="vorig schooljaar")
    last_year = dict(points)
    for yy, value, up in zip(y, values, high):
        right = max(value + up, last_year.get(yy, 0))
        ax.text(right + 2, yy, _pct(value), va="center", fontsize=10, color=INK)
    ax.set_yticks(y, [instrument.indicators[n].label for n in names])
    ax.set_xlim(0, 110)
    ax.set_xticks([0, 25, 50, 75, 100], ["0%", "25%", "50%", "75%", "100%"])
    _style(ax)
    _legend(fig, ax, 3)
    return fig


def likert_chart(answers, instrument: Instrument, items: list[str], min_size: int):
    """Diverging stacked bars for four-point agreement items: disagreement left of zero, agreement right."""
    rows = []
    for item_id in items:
        codes = answers[item_id].dropna().to_numpy()
        if len(codes) < min_size:
            continue
        shares = [100 * np.mean(codes == code) for code in (1, 2, 3, 4)]
        rows.append((instrument.items[item_id], shares, len(codes)))
    if not rows:
        return None
    labels = rows[0][0].answers
    fig, ax = _figure(7.8, 0.5 * len(rows) + 1.3)
    y = np.arange(len(rows))[::-1]
    for yy, (_, shares, _) in zip(y, rows):
        left = -(shares[0] + shares[1])
        for share, colour, label_index in zip(shares, DIVERGING_4, range(4)):
            ax.barh(yy, share, left=left, color=colour, height=0.6,
                    label=labels[label_index] if yy == y[0] else None)
            if share >= 9:
                ax.text(left + share / 2, yy, _pct(share), ha="center", va="center", fontsize=8.5,
                        color="white" if colour in (VERMILLION, BLUE) else INK)
            left += share
    ax.axvline(0, color=INK, linewidth=0.8)
    ax.set_yticks(y, [_wrap(f"{item.text} (n = {n})") for item, _, n in rows])
    ax.set_xlim(-100, 100)
    ax.set_xticks([-100, -50, 0, 50, 100], ["100%", "50%", "0", "50%", "100%"])
    _style(ax)
    _legend(fig, ax, 4)
    return fig


def frequency_chart(answers, instrument: Instrument, items: list[str], min_size: int):
    """100% stacked bars for how-often items (from 'Niet' to 'Meerdere keren per week')."""
    rows = []
    for item_id in items:
        item = instrument.items[item_id]
        codes = answers[item_id].dropna().to_numpy()
        if len(codes) < min_size:
            continue
        rows.append((item, [100 * np.mean(codes == code) for code in range(1, len(item.answers) + 1)], len(codes)))
    if not rows:
        return None
    labels = rows[0][0].answers
    fig, ax = _figure(7.8, 0.5 * len(rows) + 1.5)
    y = np.arange(len(rows))[::-1]
    colours = SEQUENTIAL_5[: len(labels)]
    for yy, (_, shares, _) in zip(y, rows):
        left = 0.0
        for index, share in enumerate(shares):
            ax.barh(yy, share, left=left, color=colours[index], height=0.6,
                    label=labels[index] if yy == y[0] else None)
            if share >= 9:
                ax.text(left + share / 2, yy, _pct(share), ha="center", va="center", fontsize=8.5,
                        color="white" if index >= 3 else INK)
            left += share
    ax.set_yticks(y, [_wrap(f"{item.text} (n = {n})") for item, _, n in rows])
    ax.set_xlim(0, 100)
    ax.set_xticks([0, 25, 50, 75, 100], ["0%", "25%", "50%", "75%", "100%"])
    _style(ax)
    _legend(fig, ax, 3)
    return fig


def places_chart(summary: dict, instrument: Instrument):
    """Where pupils feel unsafe, most named first ('Nergens' apart, in grey)."""
    places = summary.get("places")
    if not places or instrument.places_item is None:
        return None
    shown = [(option, fig["pct"]) for option, fig in places.items() if fig.get("pct") is not None]
    if not shown:
        return None
    shown.sort(key=lambda pair: (pair[0] == "nergens", -pair[1]))
    options = instrument.items[instrument.places_item].options
    fig, ax = _figure(7.2, 0.42 * len(shown) + 0.9)
    y = np.arange(len(shown))[::-1]
    colours = [GREY if option == "nergens" else ORANGE for option, _ in shown]
    ax.barh(y, [pct for _, pct in shown], color=colours, height=0.6)
    for yy, (_, pct) in zip(y, shown):
        ax.text(pct + 1, yy, _pct(pct), va="center", fontsize=10, color=INK)
    ax.set_yticks(y, [options[option] for option, _ in shown])
    ax.set_xlim(0, max(pct for _, pct in shown) + 12)
    ax.xaxis.set_visible(False)
    _style(ax)
    return fig
