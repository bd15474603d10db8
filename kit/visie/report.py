"""The static report of a school's vision workshop (``kit run``) and the vision as JSON.

Under papermill the notebook shows the latest workshop: the vision (final, or the
latest draft clearly marked as such), the value ranking, the statements by theme and
the stellingen chart. It writes ``visie.json`` and the charts as PNG to the output
folder, for the policy document. Participants' names never appear in the report.
"""

from __future__ import annotations

from datetime import datetime, timezone
from pathlib import Path

from kit import dates
from kit.page import Page, show_html
from kit.profile import load_profile
from kit.render import render
from kit.charts import png_bytes
from kit.live.report import embedded_png, existing_store, write_json
from kit.visie import charts
from kit.visie.draft import agreed_stellingen
from kit.visie.results import Results, collect, local_date, local_time

JSON_NAME = "visie.json"
STELLINGEN_PNG = "visie_stellingen.png"
VALUES_PNG = "visie_waarden.png"

FINAL, DRAFT, MISSING = "definitief", "concept", "ontbreekt"


def latest_results(school_dir: Path) -> Results | None:
    """The results of the school's workshop with vision work (the latest such), or None without a workshop.

    Nothing is created. With a workshop per meeting the latest workshop may be a later meeting's.
    """
    from kit.workshop.meetings import vision_workshop

    store = existing_store(school_dir)
    if store is None:
        return None
    with store:
        latest = vision_workshop(store)
        return None if latest is None else collect(store, latest.id)


def vision_record(results: Results | None, school_id: str, school_name: str) -> dict:
    """The vision for the policy document, as plain data (what ``visie.json`` holds)."""
    record = {
        "school": school_id,
        "school_naam": school_name,
        "gemaakt_op": datetime.now(timezone.utc).isoformat(timespec="seconds"),
        "status": MISSING,
        "tekst": None,
        "versie": None,
        "opgeslagen_op": None,
        "workshop": None,
        "kernwaarden": [],
        "themas": [],
        "gedeelde_stellingen": [],
    }
    if results is None:
        return record
    vision = results.vision
    if vision is not None:
        record.update(status=FINAL if vision["final"] else DRAFT, tekst=vision["text"], versie=vision["number"],
                      opgeslagen_op=vision["saved_at"])
    record["workshop"] = {
        "id": results.workshop.id,
        "geopend_op": results.workshop.opened_at,
        "gesloten_op": results.workshop.closed_at,
        "deelnemers": len(results.participants),
        "uitspraken": len(results.statements),
    }
    record["kernwaarden"] = [{"id": v["id"], "naam": v["name"], "uitleg": v["description"], "stemmen": v["votes"]}
                             for v in results.top_values()]
    record["themas"] = [{"naam": g.title, "uitspraken": len(g.statements)}
                        for g in results.groups() if g.theme is not None]
    record["gedeelde_stellingen"] = [s["text"] for s in agreed_stellingen(results)]
    return record


def write_vision_json(output_dir: Path, record: dict) -> Path:
    """Write ``visie.json`` into ``output_dir`` (created if needed); returns its path."""
    return write_json(output_dir, JSON_NAME, record)


def report_context(results: Results | None, school_name: str, stellingen_png: bytes | None) -> dict:
    """What ``visie_report.html.j2`` needs."""
    context = {"school_name": school_name, "results": results, "vision": None, "status": MISSING,
               "saved": "", "opened": "", "groups": [], "ranking": [], "max_votes": 0, "chart": None,
               "stellingen": [], "today": dates.numeric_date(dates.today())}
    if results is None:
        return context
    vision = results.vision
    context.update(
        vision=vision,
        status=MISSING if vision is None else FINAL if vision["final"] else DRAFT,
        saved=local_time(vision["saved_at"]) if vision else "",
        opened=local_date(results.workshop.opened_at),
        groups=[g for g in results.groups() if g.statements],
        ranking=results.ranking,
        max_votes=max([v["votes"] for v in results.ranking] + [1]),
        stellingen=[s for s in results.stellingen if s["n"]],
        chart=embedded_png(stellingen_png),
    )
    return context


def show_report(page: Page) -> dict:
    """Render the report for ``page``'s school and write ``visie.json``; returns the JSON record."""
    school_name = load_profile(page.school_dir).naam
    results = latest_results(page.school_dir)
    record = vision_record(results, page.school_id, school_name)
    write_vision_json(page.output_dir, record)
    chart = None
    if results is not None and any(s["n"] for s in results.stellingen):
        chart = png_bytes(charts.stellingen_chart(results.stellingen))
        (page.output_dir / STELLINGEN_PNG).write_bytes(chart)
    if results is not None and results.votes:
        (page.output_dir / VALUES_PNG).write_bytes(png_bytes(charts.values_chart(results.ranking)))
    show_html(render("visie_report.html.j2", **report_context(results, school_name, chart)))
    return record
