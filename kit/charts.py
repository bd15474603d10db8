"""Shared matplotlib plumbing for the workshop charts: a headless pyplot and figures as PNG bytes."""

from __future__ import annotations

import io


def pyplot():
    """matplotlib.pyplot on the Agg backend (no screen needed; safe in a kernel)."""
    import matplotlib

    matplotlib.use("Agg", force=False)
    import matplotlib.pyplot as plt

    return plt


def png_bytes(fig) -> bytes:
    """The figure as PNG bytes; the figure is closed afterwards."""
    plt = pyplot()
    buffer = io.BytesIO()
    try:
        fig.savefig(buffer, format="png", bbox_inches="tight")
    finally:
        plt.close(fig)
    return buffer.getvalue()


def say_no_data(ax, text: str, colour: str = "#1d2a33") -> None:
    """Put ``text`` in the middle of an empty chart and hide its axes (a chart with nothing to show yet)."""
    ax.text(0.5, 0.5, text, ha="center", va="center", fontsize=12, color=colour, transform=ax.transAxes)
    ax.set_axis_off()
