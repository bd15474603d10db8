"""The draaiboek for one school: its meetings with the school's own join codes and links, as HTML and PDF.

Participant links are built with :func:`kit.light.routes.participant_link` (the light
pages) and the join code of the meeting's workshop in the school's store. The facilitator key is a secret: it is never
put in the PDF or the HTML file. Only the start page, opened with a facilitator key, may
show facilitator links, and then only for the workshop that key belongs to.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlencode

from kit import dates
from kit.draaiboek.apps import APPS
from kit.draaiboek.model import Draaiboek, Meeting, hours_text, load_draaiboek
from kit.errors import KitError
from kit.render import pdf_from_html, render
from kit.light.routes import participant_link
from kit.serve import DEFAULT_HOST, DEFAULT_PORT, page_url

PUBLIC_PLAN_STEP = "05_beleidsplan"  # kit.workshop.cli.PUBLIC_PLAN_STEP: with the join code, the public plan

PDF_NAME = "draaiboek.pdf"
HTML_NAME = "draaiboek.html"
CSS_FILE = Path(__file__).resolve().parent.parent / "templates" / "draaiboek.css"


@dataclass
class Link:
    app: str
    title: str
    url: str


@dataclass
class MeetingView:
    """A meeting as this school's draaiboek shows it."""

    meeting: Meeting
    starts: list[str]  # "0:00", "0:10", ... per part
    code: str | None = None
    is_open: bool = False
    held_on: str | None = None  # Dutch date of its (latest) workshop
    links: list[Link] = field(default_factory=list)
    facilitator_links: list[Link] = field(default_factory=list)
    open_command: str = ""


def _clock(minutes: int) -> str:
    return f"{minutes // 60}:{minutes % 60:02d}"


def _school_name(school_dir: Path) -> str:
    from kit.profile import load_profile

    try:
        return load_profile(school_dir).naam
    except KitError:
        return school_dir.name


def school_view(school_dir: str | Path, host: str = DEFAULT_HOST, port: int = DEFAULT_PORT, *,
                relative: bool = False, key: str | None = None, draaiboek: Draaiboek | None = None,
                anchors: bool = True) -> dict:
    """Everything the draaiboek template needs for one school, as plain data.

    ``relative=True`` gives links relative to the Voila page (the start page); ``key`` is a
    facilitator key from the page's address: the meeting of its workshop gets facilitator links.
    ``anchors=False`` shows addresses as text (the static report links to no server).
    """
    from kit import workshop
    from kit.workshop.meetings import workshops_by_meeting

    school_dir = Path(school_dir)
    school_id = school_dir.name
    draaiboek = draaiboek or load_draaiboek()
    by_meeting: dict = {}
    current = None
    key_workshop = None
    if (school_dir / workshop.DB_NAME).is_file():
        with workshop.Store(school_dir, create=False) as store:
            by_meeting = workshops_by_meeting(store)
            current = workshop.current_workshop(store)
            if key:
                try:
                    key_workshop = workshop.workshop_for_key(store, key)
                except workshop.AccessError:
                    key_workshop = None

    def url(app: str, **params: str) -> str:
        params = {"school": school_id, **params}
        if relative:
            return f"{app}.ipynb?{urlencode(params)}"
        return page_url(host, port, f"{app}.ipynb", **params)

    views = []
    for meeting in draaiboek.meetings:
        offsets, total = [], 0
        for part in meeting.parts:
            offsets.append(_clock(total))
            total += part.minutes
        view = MeetingView(meeting, offsets,
                           open_command=f"kit workshop open {school_id} --bijeenkomst {meeting.number}")
        held = by_meeting.get(meeting.id) or []
        if held:
            latest = held[-1]
            view.code, view.is_open = latest.join_code, latest.is_open
            view.held_on = dates.dutch_date(dates.local_day(latest.opened_at))
        for app in meeting.apps:
            info = APPS[app]
            if info.join and view.code:
                view.links.append(Link(app, info.title, participant_link(
                    school_id, view.code, app, "../../" if relative else f"http://{host}:{port}/")))
            elif app == PUBLIC_PLAN_STEP and view.code:  # with the code: the public version of the plan
                view.links.append(Link(app, f"{info.title} (openbare versie)", url(app, code=view.code)))
            # the start page and the survey open only with the facilitator key (kit.join_gate)
            if key_workshop is not None and held and held[-1].id == key_workshop.id:
                view.facilitator_links.append(Link(app, info.title, url(app, key=key)))
        views.append(view)
    current_meeting = None
    if current is not None:
        current_meeting = next((v.meeting for v in views if v.code == current.join_code), None)
    return {
        "school_id": school_id,
        "school_name": _school_name(school_dir),
        "course_title": draaiboek.course_title,
        "meetings": views,
        "total": hours_text(draaiboek.minutes),
        "hours_text": hours_text,
        "apps": APPS,
        "current": current,
        "current_meeting": current_meeting,
        "start_link": url("00_start"),
        "host": host,
        "port": port,
        "made_on": dates.dutch_date(dates.today()),
        "relative": relative,
        "anchors": anchors,
    }


def stylesheet() -> str:
    return CSS_FILE.read_text(encoding="utf-8")


def render_fragment(view: dict) -> str:
    """The draaiboek as a part of a page (the start page), with its own styles."""
    return f"<style>{stylesheet()}</style>" + render("draaiboek_body.html.j2", **view)


def render_document(view: dict) -> str:
    """The draaiboek as a complete HTML document (for the file and the PDF)."""
    return render("draaiboek.html.j2", css=stylesheet(), **view)


def pdf_bytes(html: str) -> bytes:
    return pdf_from_html(html)


def write_draaiboek(school_dir: str | Path, host: str = DEFAULT_HOST, port: int = DEFAULT_PORT,
                    output_dir: Path | None = None) -> dict[str, Path]:
    """Write output/draaiboek.html and output/draaiboek.pdf for the school; returns format -> path."""
    school_dir = Path(school_dir)
    output_dir = Path(output_dir) if output_dir else school_dir / "output"
    output_dir.mkdir(parents=True, exist_ok=True)
    html = render_document(school_view(school_dir, host, port))
    html_path = output_dir / HTML_NAME
    html_path.write_text(html, encoding="utf-8")
    pdf_path = output_dir / PDF_NAME
    pdf_path.write_bytes(pdf_bytes(html))
    return {"pdf": pdf_path, "html": html_path}
