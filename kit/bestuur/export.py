"""The board overview as files in ``WORKSPACE/_bestuur/``: ``bestuur.html``, ``bestuur.pdf`` and ``bestuur.xlsx``.

The page and the PDF come from one template (``bestuur.html.j2``, with the kit's
stylesheet), the PDF through :func:`kit.render.pdf_from_html`; the workbook from the same
tables (:mod:`kit.bestuur.workbook`).
"""

from __future__ import annotations

import base64
from dataclasses import dataclass
from pathlib import Path

from kit.bestuur.attention import RULE, RULE_INTRO, RULE_ORDER
from kit.bestuur.charts import Chart, board_charts
from kit.bestuur.overview import BoardOverview
from kit.bestuur.tables import Change, Interval, Status, Table, build_tables, cell_text

OUTPUT_FOLDER = "_bestuur"
HTML_NAME, PDF_NAME, XLSX_NAME = "bestuur.html", "bestuur.pdf", "bestuur.xlsx"
GAP_STARTS = ("geen ", "minder dan", "profiel ongeldig", "nog geen", "enquête niet", "gegevens niet",
              "monitor.yaml niet", "niet in de laatste")


@dataclass
class Exports:
    html: Path
    pdf: Path
    xlsx: Path

    def paths(self) -> list[Path]:
        return [self.html, self.pdf, self.xlsx]


def kind(value) -> str:
    """How the template shows a cell: none, status, change, interval, number, gap, long or text."""
    if value is None:
        return "none"
    if isinstance(value, Status):
        return "status"
    if isinstance(value, Change):
        return "change"
    if isinstance(value, Interval):
        return "interval"
    if isinstance(value, (int, float)):
        return "number"
    text = str(value)
    if text.startswith(GAP_STARTS):
        return "gap" if "\n" not in text else "long"
    return "long" if len(text) > 60 or "\n" in text else "text"


def body_context(overview: BoardOverview, tables: list[Table] | None = None,
                 charts: dict[str, list[Chart]] | None = None, live: bool = False) -> dict:
    """What ``bestuur_body.html.j2`` needs."""
    from kit.dates import dutch_date

    charts = board_charts(overview) if charts is None else charts
    return {
        "overview": overview,
        "tables": build_tables(overview) if tables is None else tables,
        "charts": {key: [{"src": "data:image/png;base64," + base64.b64encode(chart.png).decode("ascii"),
                          "alt": chart.alt, "caption": chart.caption} for chart in found]
                   for key, found in charts.items()},
        "date_text": dutch_date(overview.today),
        "rule": RULE, "rule_intro": RULE_INTRO, "rule_order": RULE_ORDER,
        "kind": kind, "text": cell_text, "live": live,
    }


def board_css() -> str:
    from kit.render import TEMPLATES, stylesheet

    return stylesheet() + "\n" + (TEMPLATES / "bestuur.css").read_text(encoding="utf-8")


def board_html(overview: BoardOverview, tables: list[Table] | None = None,
               charts: dict[str, list[Chart]] | None = None) -> str:
    """The whole overview as one standalone HTML page (charts embedded)."""
    from kit.render import render

    return render("bestuur.html.j2", css=board_css(), **body_context(overview, tables, charts, live=True))


def write_exports(overview: BoardOverview, folder: Path | None = None) -> Exports:
    """Write the three files to ``folder`` (default ``WORKSPACE/_bestuur``); returns their paths."""
    from kit.bestuur.workbook import write_workbook
    from kit.render import pdf_from_html, render

    folder = Path(folder) if folder else overview.workspace / OUTPUT_FOLDER
    folder.mkdir(parents=True, exist_ok=True)
    tables = build_tables(overview)
    charts = board_charts(overview)
    html_path = folder / HTML_NAME
    html_path.write_text(board_html(overview, tables, charts), encoding="utf-8")
    printable = render("bestuur.html.j2", css=board_css(), **body_context(overview, tables, charts, live=False))
    pdf_path = folder / PDF_NAME
    pdf_from_html(printable, pdf_path)
    xlsx_path = write_workbook(tables, folder / XLSX_NAME, workbook_notes(overview))
    return Exports(html_path, pdf_path, xlsx_path)


def workbook_notes(overview: BoardOverview) -> list[tuple[str, str]]:
    """The first sheet: what the workbook is, its date, the privacy rule and the attention rule."""
    from kit.dates import dutch_date

    return [
        ("Overzicht", "Sociale veiligheid op de scholen: overzicht voor het bestuur, gemaakt met kit bestuur."),
        ("Stand van", dutch_date(overview.today)),
        ("Scholen", str(len(overview.schools))),
        ("Privacy", f"Alleen cijfers voor de hele school. Een school met minder dan {overview.min_group_size} "
                    "reacties staat erin zonder cijfers van de enquête (en zo ook de monitor). Geen cijfers per "
                    "groep of klas, geen namen; het actieplan wordt alleen geteld."),
        ("Eerst aandacht", RULE_INTRO + " " + " ".join(f"({n}) {t}" for n, t in enumerate(RULE, start=1))
         + " " + RULE_ORDER),
        ("Intervallen", "Percentages met het 95%-betrouwbaarheidsinterval volgens Wilson (ondergrens en "
                        "bovengrens in eigen kolommen)."),
    ]
