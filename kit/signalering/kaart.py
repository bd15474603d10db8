"""Stand-in for the kennis helper's module (replaced at merge): a one-page signaleringskaart from the profile's roles.

The real module builds the full card (signals, first steps, the meldcode route, the
vertrouwensinspecteur). This stand-in writes a simple A4 page with the school's contacts,
so the apps' download and the report's link can be built and tested.
"""

from __future__ import annotations

import logging
from pathlib import Path

from kit.live.ui import esc
from kit.profile import FIELDS_BY_PATH, ROLE_PARTS, ROLES, load_profile

KAART_NAME = "signaleringskaart.pdf"


def write_kaart(school_dir: Path, output_dir: Path | None = None) -> Path:
    """Write ``output/signaleringskaart.pdf`` for the school and return its path."""
    from weasyprint import HTML

    school_dir = Path(school_dir)
    output_dir = Path(output_dir) if output_dir else school_dir / "output"
    output_dir.mkdir(parents=True, exist_ok=True)
    profile = load_profile(school_dir)
    rows = []
    for role, label in ROLES.items():
        parts = [profile.display(FIELDS_BY_PATH[f"rollen.{role}.{part}"]) for part in ROLE_PARTS]
        rows.append("<tr><th>" + esc(label) + "</th>" + "".join(f"<td>{esc(p)}</td>" for p in parts) + "</tr>")
    html = (
        "<html><head><meta charset='utf-8'><style>@page{size:A4;margin:18mm}body{font-family:sans-serif;"
        "font-size:11pt}table{border-collapse:collapse;width:100%}th,td{border:1px solid #999;padding:4px;"
        "text-align:left}</style></head><body>"
        f"<h1>Signaleringskaart</h1><p>{esc(profile.naam)}</p><h2>Bij wie ga je naartoe?</h2>"
        "<table><tr><th>Rol</th><th>Naam</th><th>E-mail</th><th>Telefoon</th></tr>" + "".join(rows) + "</table>"
        "<p>Vertrouwensinspecteur van de Inspectie van het Onderwijs: 0900-111 3 111.</p></body></html>")
    logging.getLogger("weasyprint").setLevel(logging.ERROR)
    target = output_dir / KAART_NAME
    HTML(string=html).write_pdf(target)
    return target
