"""The top of every live page: the school's name, the join banner with link and code, the live stamp.

The vision, action-plan and case apps all show the same header on the facilitator's
page (eyebrow, school name, join link and code, whether the workshop is closed) and
the same closed banner on the participant's page; only their words differ.
"""

from __future__ import annotations

import html
from datetime import datetime
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

from kit.light.routes import participant_link  # noqa: F401 - the one function for participant links, here for the apps


def esc(text: object) -> str:
    """``text`` escaped for HTML (as :func:`kit.live.ui.esc`; this module imports no widgets: the light pages use it)."""
    return html.escape(str(text), quote=True)


LOCAL_TIME = ZoneInfo("Europe/Amsterdam")
LOCAL_ONLY = ('<p class="kit-note kit-admin">Let op: dit adres werkt alleen op deze computer. Start de kit met '
              '<code>kit serve --host 0.0.0.0</code> en geef de deelnemers het adres met het IP-adres van deze '
              'computer.</p>')


def only_this_computer(link: str) -> bool:
    """True when the link points at this computer only (participants' laptops cannot reach it)."""
    host = urlsplit(link).hostname or ""
    return host in ("127.0.0.1", "localhost", "::1")


def page_header(eyebrow: str, school_name: str, lead: str = "") -> str:
    """Eyebrow, the school's name as the page title, and an optional lead paragraph (markup the kit built)."""
    return f'<div class="kit-eyebrow">{esc(eyebrow)}</div><h1 class="kit-school-name">{esc(school_name)}</h1>{lead}'


def participant_lead(name: str | None, anonymous: str) -> str:
    """"Je doet mee als <name>." once the participant is known, else ``anonymous`` (plain text)."""
    if name:
        return f'<p class="kit-lead">Je doet mee als <strong class="kit-me">{esc(name)}</strong>.</p>'
    return f'<p class="kit-lead">{esc(anonymous)}</p>'


def join_banner(link: str, code: str, is_open: bool, invite: str, closed_note: str, warn_local: bool = False) -> str:
    """The facilitator's banner: how to join (``invite``, link and big code), or that the workshop is closed.

    ``warn_local`` adds a note when the link only works on this computer.
    """
    if not is_open:
        return (f'<div class="kit-join-banner kit-join-closed"><strong>De workshop is gesloten.</strong> '
                f'{esc(closed_note)}</div>')
    local = LOCAL_ONLY if warn_local and only_this_computer(link) else ""
    return (f'<div class="kit-join-banner"><div class="kit-join-text">{esc(invite)}'
            f'<br><a class="kit-join-link" href="{esc(link)}" target="_blank">{esc(link)}</a></div>'
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
