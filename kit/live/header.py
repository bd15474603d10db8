"""The top of every live page: the school's name, the join banner with link and code, the live stamp.

The vision, action-plan and case apps all show the same header on the facilitator's
page (eyebrow, school name, join link and code, whether the workshop is closed) and
the same closed banner on the participant's page; only their words differ.
"""

from __future__ import annotations

import html
import os
from datetime import datetime
from urllib.parse import urlencode, urlsplit, urlunsplit

from kit.dates import LOCAL_TIME  # one time zone for every page and report
from kit.light.routes import participant_link as light_link
from kit.serve_address import PUBLIC_URL_ENV, local_only


def esc(text: object) -> str:
    """``text`` escaped for HTML (as :func:`kit.live.ui.esc`; this module imports no widgets: the light pages use it)."""
    return html.escape(str(text), quote=True)


LOCAL_ONLY = ('<p class="kit-note kit-admin">Let op: dit adres werkt alleen op deze computer. Verbind deze computer '
              'met het netwerk van de zaal en start de kit met <code>kit serve --host 0.0.0.0</code>; dan staat hier '
              'het adres dat de deelnemers kunnen openen.</p>')


def apps_root(base: str | None = None) -> str:
    """``http://host:port`` where participants reach the apps, or "" when it is not known.

    ``base`` when given; else the public address ``kit serve`` tells its kernels
    (``KIT_PUBLIC_URL``: on ``--host 0.0.0.0`` the machine's address in the local network);
    else the scheme and host of this page's own address.
    """
    if base:
        return base.rstrip("/")
    public = os.environ.get(PUBLIC_URL_ENV, "")
    if public:
        return public.rstrip("/")
    parts = urlsplit(os.environ.get("VOILA_REQUEST_URL", ""))
    if not parts.scheme or not parts.netloc:
        return ""
    return urlunsplit((parts.scheme, parts.netloc, "", "", ""))


def participant_link(school_id: str, code: str, notebook: str, base: str | None = None) -> str:
    """The address participants open for ``notebook``: its light page (:mod:`kit.light.routes`) on the apps'
    public address, with the join code and never a key. Every participant link comes from here.

    ``base`` (``http://host:port``) overrides where the apps are (see :func:`apps_root`);
    without any, the link is relative to the server's root (``mee/visie?...``).
    """
    root = apps_root(base)
    return light_link(school_id, code, notebook, f"{root}/" if root else "")


def join_address(code: str, base: str | None = None, step: int | None = None) -> str:
    """The short address to type: ``http://host:port/m/CODE`` (kit serve sends it on to the page of the
    workshop's meeting), or ``.../m/CODE/2`` for the live app of course step 2.

    "" when the apps' address is not known (outside kit serve).
    """
    root = apps_root(base)
    if not root:
        return ""
    return f"{root}/m/{code}" + (f"/{step}" if step else "")


def only_this_computer(link: str) -> bool:
    """True when the link points at this computer only (participants' laptops cannot reach it)."""
    return local_only(link)


def page_header(eyebrow: str, school_name: str, lead: str = "") -> str:
    """Eyebrow, the school's name as the page title, and an optional lead paragraph (markup the kit built)."""
    return f'<div class="kit-eyebrow">{esc(eyebrow)}</div><h1 class="kit-school-name">{esc(school_name)}</h1>{lead}'


def participant_lead(name: str | None, anonymous: str) -> str:
    """"Je doet mee als <name>." once the participant is known, else ``anonymous`` (plain text)."""
    if name:
        return f'<p class="kit-lead">Je doet mee als <strong class="kit-me">{esc(name)}</strong>.</p>'
    return f'<p class="kit-lead">{esc(anonymous)}</p>'


def join_banner(link: str, code: str, is_open: bool, invite: str, closed_note: str, warn_local: bool = False) -> str:
    """The facilitator's banner: how to join (``invite``, the address ``link`` with its QR code, and the big
    code), or that the workshop is closed.

    ``link`` is the short address (:func:`join_address`) when the apps' address is known, else
    the page's participant address. ``warn_local`` adds a note when it only works on this computer.
    """
    if not is_open:
        return (f'<div class="kit-join-banner kit-join-closed" role="status"><strong>De workshop is gesloten.</strong> '
                f'{esc(closed_note)}</div>')
    from kit.live.join_qr import qr_svg

    address = link
    local = LOCAL_ONLY if warn_local and only_this_computer(address) else ""
    qr = f'<div class="kit-join-qr-box">{qr_svg(address)}</div>' if "//" in address else ""
    return (f'<div class="kit-join-banner">{qr}<div class="kit-join-text">{esc(invite)}'
            f'<a class="kit-join-link" href="{esc(address)}" target="_blank" rel="noopener">{esc(address)}</a>'
            f'<span class="kit-join-or">of scan de QR-code</span></div>'
            f'<div class="kit-join-code"><span>code</span><strong>{esc(code)}</strong></div></div>{local}')


def closed_banner(closed: bool, text: str) -> str:
    """The participant's banner while the workshop is closed (empty while it is open)."""
    if not closed:
        return ""
    return (f'<div class="kit-box kit-todo kit-closed" role="status"><strong>De workshop is gesloten.</strong>'
            f'<p>{esc(text)}</p></div>')


def live_stamp(now: datetime | None = None) -> str:
    """"● live · bijgewerkt om HH:MM:SS" in Dutch local time, for the facilitator's toolbar."""
    now = now or datetime.now(LOCAL_TIME)
    return f'<span class="kit-note kit-live">● live · bijgewerkt om {now.astimezone(LOCAL_TIME):%H:%M:%S}</span>'


def step_nav(school_id: str, key: str, current: str) -> str:
    """The facilitator's way to the other steps: the start page and steps 1-5, each with the key.

    Relative links (the pages are side by side under /voila/render/); ``current`` is this
    page's notebook (``"01_visie.ipynb"``), marked and not linked. Only a facilitator page,
    opened with the key, shows this; participants' pages never carry the key.
    """
    from kit.course import STEPS

    query = urlencode({"school": school_id, "key": key})
    items = [("00_start", "Startpagina")] + [(s.notebook, f"{s.number}. {s.title}") for s in STEPS if s.available]
    links = []
    for notebook, title in items:
        if f"{notebook}.ipynb" == current:
            links.append(f'<li><span aria-current="page">{esc(title)}</span></li>')
        else:
            links.append(f'<li><a href="{esc(notebook)}.ipynb?{esc(query)}">{esc(title)}</a></li>')
    return (f'<nav class="kit-step-nav kit-admin" aria-label="Stappen van de cursus"><ul>{"".join(links)}</ul>'
            "</nav>")
