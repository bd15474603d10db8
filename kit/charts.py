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
