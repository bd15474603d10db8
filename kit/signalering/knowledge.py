"""Stand-in for the kennis helper's module (replaced at merge): a short knowledge section for step 2.

The real module builds the knowledge and conversation guidance from editable templates
with sources. This stand-in returns one short, true section so the live apps and the
report can show and test where that text goes.
"""

from __future__ import annotations

from pathlib import Path

from kit.live.ui import esc


def knowledge_html(school_dir: Path) -> str:
    """The knowledge and conversation guidance for this school as HTML (escaped; headings h2/h3)."""
    points = (
        "Pesten gebeurt herhaaldelijk en met een machtsverschil; bij plagen en ruzie gaat het heen en weer.",
        "Signalen van huiselijk geweld of kindermishandeling horen bij de meldcode, niet bij het pestprotocol.",
        "Als een leerling je iets vertelt: luister, beloof geen geheimhouding, schrijf de feiten op en zeg met "
        "wie je het deelt.",
    )
    items = "".join(f"<li>{esc(p)}</li>" for p in points)
    return (f'<section class="kit-knowledge"><h2>Signaleren en handelen</h2><h3>Om te onthouden</h3>'
            f"<ul>{items}</ul></section>")
