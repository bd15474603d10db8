"""Charts of the workshop results (matplotlib): colour-blind-safe, Dutch labels, one function per chart.

Each function returns a Figure; :func:`kit.charts.png_bytes` turns it into PNG for the report
and for the policy document. The backend is Agg, so this also runs without a display.
"""

from __future__ import annotations

import textwrap

from kit.workshop import SCALE
from kit.charts import pyplot as _pyplot, say_no_data

# Okabe-Ito: orange-red for disagreement, blue for agreement, grey in the middle.
SCALE_COLOURS = {1: "#D55E00", 2: "#E69F00", 3: "#BBBBBB", 4: "#56B4E9", 5: "#0072B2"}
TEXT_COLOUR = "#1d2a33"
WRAP = 46


def stellingen_chart(stellingen: list[dict]):
    """Diverging stacked bars: per stelling the share of each answer, centred on "neutraal".

    ``stellingen`` as from ``rating_results`` (most divided first); that order is kept
    from top to bottom. Stellingen nobody rated are left out.
    """
    plt = _pyplot()
    rated = [s for s in stellingen if s["n"]]
    height = 1.2 + 0.72 * max(len(rated), 1)
    fig, ax = plt.subplots(figsize=(10, height), dpi=110)
    if not rated:
        say_no_data(ax, "Nog geen stellingen beoordeeld.", TEXT_COLOUR)
        return fig
    labels = [textwrap.fill(s["text"], WRAP) + f"\n(n = {s['n']})" for s in rated]
    rows = range(len(rated))
    shares = [{score: 100 * s["counts"][score] / s["n"] for score in SCALE} for s in rated]
    # Left edge: everything that disagrees plus half of neutral lies left of zero.
    left = [-(p[1] + p[2] + p[3] / 2) for p in shares]
    for score, label in SCALE.items():
        widths = [p[score] for p in shares]
        ax.barh(rows, widths, left=left, color=SCALE_COLOURS[score], label=label, height=0.62,
                edgecolor="white", linewidth=0.8)
        for row, (start, width) in enumerate(zip(left, widths)):
            if width >= 9:
                colour = "white" if score in (1, 5) else TEXT_COLOUR
                ax.text(start + width / 2, row, f"{width:.0f}%", ha="center", va="center", fontsize=8.5,
                        color=colour)
        left = [start + width for start, width in zip(left, widths)]
    ax.axvline(0, color="#44535e", linewidth=0.8)
    ax.set_yticks(list(rows), labels, fontsize=9.5, color=TEXT_COLOUR)
    ax.invert_yaxis()
    ax.set_xlim(-100, 100)
    ax.set_xticks([-100, -50, 0, 50, 100], ["100%", "50%", "0", "50%", "100%"], fontsize=9)
    ax.set_xlabel("← oneens          percentage van de deelnemers          eens →", fontsize=9.5,
                  color="#44535e")
    for side in ("top", "right", "left"):
        ax.spines[side].set_visible(False)
    ax.tick_params(axis="y", length=0)
    ax.legend(ncols=5, loc="lower center", bbox_to_anchor=(0.5, 1.0), frameon=False, fontsize=9)
    fig.tight_layout()
    return fig


def values_chart(ranking: list[dict]):
    """Horizontal bars: the votes per value, most votes on top."""
    plt = _pyplot()
    fig, ax = plt.subplots(figsize=(8, 0.9 + 0.42 * max(len(ranking), 1)), dpi=110)
    names = [v["name"] for v in ranking]
    votes = [v["votes"] for v in ranking]
    bars = ax.barh(range(len(ranking)), votes, color="#0072B2", height=0.62)
    ax.bar_label(bars, labels=[str(n) for n in votes], padding=3, fontsize=9, color=TEXT_COLOUR)
    ax.set_yticks(range(len(ranking)), names, fontsize=10, color=TEXT_COLOUR)
    ax.invert_yaxis()
    ax.set_xlabel("aantal stemmen", fontsize=9.5, color="#44535e")
    ax.xaxis.get_major_locator().set_params(integer=True)
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
    fig.tight_layout()
    return fig

