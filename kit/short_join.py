"""The short join address ``http://HOST:PORT/m/CODE``: typed from the beamer, sent on to the right page.

A join address with ``/voila/render/01_visie.ipynb?school=...&code=...`` is too long to
type. ``kit serve`` also answers ``/m/<code>``: it looks the code up in the workshop stores
of the workspace's schools (read-only, as :mod:`kit.join_gate` does) and redirects (302)
to the participant page of the step the workshop's meeting works in (the draaiboek; else
the vision workshop), or with ``/m/<code>/<n>`` of live course step ``n``, built by :func:`kit.live.header.participant_link`, on the same host
the participant typed. An unknown or mistyped code gets the gate's Dutch join form, and
wrong codes are slowed down by the gate's :class:`~kit.join_gate.Throttle`, exactly as on
the pages themselves.
"""

from __future__ import annotations

import functools
import logging
import math
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import tornado.web

ROUTE = r"/m(?:/([^/]*))?(?:/([0-9]))?/?"  # /m/CODE, or /m/CODE/2 for the live app of step 2
THROTTLE_KEY = "/m"  # the throttle's "school" for codes typed at the short address
DEFAULT_STEP = "01_visie"

log = logging.getLogger("kit.short_join")


@dataclass(frozen=True)
class Found:
    school_id: str
    code: str
    notebook: str  # "02_signaleren"
    is_open: bool
    opened_at: str


@functools.lru_cache(maxsize=4)
def _draaiboek(mtime: float):
    from kit.draaiboek import load_draaiboek

    return load_draaiboek()


def step_of(meeting_id: str | None) -> str:
    """The live step participants join for a meeting of the draaiboek (else the vision workshop)."""
    if not meeting_id:
        return DEFAULT_STEP
    try:
        from kit.draaiboek.model import DRAAIBOEK_PATH

        meeting = _draaiboek(DRAAIBOEK_PATH.stat().st_mtime).by_id(meeting_id)
    except Exception:  # noqa: BLE001 - a damaged draaiboek must not keep anyone out
        log.warning("Het draaiboek kon niet worden gelezen; deelnemers gaan naar de visieworkshop.")
        return DEFAULT_STEP
    apps = meeting.join_apps if meeting is not None else ()
    return apps[0] if apps else DEFAULT_STEP


def live_step(number: str | None) -> str | None:
    """The notebook of course step ``number`` when it is a live app participants join (``"2"``: 02_signaleren)."""
    from kit.course import STEPS
    from kit.join_gate import LIVE_NOTEBOOKS

    return next((s.notebook for s in STEPS if str(s.number) == number and s.notebook in LIVE_NOTEBOOKS), None)


def find_workshop(workspace: Path, code: str) -> Found | None:
    """The workshop with join code ``code`` (canonical) among the workspace's schools; an open one first."""
    import sqlite3

    from kit.join_gate import ReadOnlyStore, school_dir
    from kit.workshop.errors import WorkshopError
    from kit.workshop.meetings import meeting_of
    from kit.workshop.session import workshop_for_code
    from kit.workspace import list_schools

    found = []
    for school_id in list_schools(workspace):
        folder = school_dir(workspace, school_id)
        if folder is None:
            continue
        store = None
        try:
            store = ReadOnlyStore(folder)
            workshop = workshop_for_code(store, code)
            meeting = meeting_of(store, workshop.id)
        except (WorkshopError, sqlite3.Error):
            continue
        finally:
            if store is not None:
                store.close()
        found.append(Found(school_id, workshop.join_code, step_of(meeting), workshop.is_open, workshop.opened_at))
    if not found:
        return None
    return max(found, key=lambda f: (f.is_open, f.opened_at))


class ShortJoinHandler(tornado.web.RequestHandler):
    """``GET /m/<code>``: a redirect to the participant page, or the join form."""

    def get(self, code: str | None = None, step: str | None = None) -> None:
        from kit.join_gate import NO_ACCESS_CODE, THROTTLE, Answer, MAX_PARAM, wait_text
        from kit.live.header import participant_link
        from kit.paths import workspace_path
        from kit.workshop.codes import check_join_code
        from kit.workshop.errors import AccessError

        typed = (self.get_query_argument("code", "") or code or "").strip()  # the form's code, else the path's
        if len(typed) > MAX_PARAM:
            typed = "?"
        if not typed:
            return self._send(Answer(200), "")
        client = self.request.remote_ip or "?"
        wait = THROTTLE.wait(client, THROTTLE_KEY)
        if wait > 0:
            return self._send(Answer(429, "Even wachten", "Er zijn te veel onjuiste codes geprobeerd.",
                                     f"Probeer het {wait_text(wait)} opnieuw.", retry_after=math.ceil(wait)), "")
        found = None
        try:
            canonical = check_join_code(typed)
        except AccessError as exc:
            answer = Answer(403, NO_ACCESS_CODE[0], exc.message, exc.hint or "")
        else:
            found = find_workshop(workspace_path(os.environ.get("KIT_WORKSPACE")), canonical)
            answer = Answer(403, *NO_ACCESS_CODE)
        if found is None:
            THROTTLE.failed(client, THROTTLE_KEY)
            return self._send(answer, typed)
        THROTTLE.succeeded(client, THROTTLE_KEY)
        base = f"{self.request.protocol}://{self.request.host}"  # the address this participant reached
        self.set_header("Cache-Control", "no-store")
        self.set_header("Referrer-Policy", "no-referrer")
        notebook = live_step(step) or found.notebook
        self.redirect(participant_link(found.school_id, found.code, f"{notebook}.ipynb", base=base))

    def _send(self, answer: Any, code: str) -> None:
        from kit.join_gate import page_html

        self.set_status(answer.status or 200)
        self.set_header("Content-Type", "text/html; charset=UTF-8")
        self.set_header("Cache-Control", "no-store")
        self.set_header("X-Content-Type-Options", "nosniff")
        self.set_header("Referrer-Policy", "no-referrer")
        if answer.retry_after:
            self.set_header("Retry-After", str(answer.retry_after))
        shown = "" if answer.status == 429 else code[:12]
        path = self.request.path
        action = path[:path.rfind("/m")] + "/m/"
        self.finish(page_html(answer, "", action, "", shown, kind="code"))


def install_short_join() -> None:
    """Add ``/m/<code>`` to the routes of the Voila server (once)."""
    from jupyter_server.utils import url_path_join
    from voila.app import Voila

    if getattr(Voila, "kit_short_join", False):
        return
    original = Voila.init_handlers

    def init_handlers(self) -> list:
        return [(url_path_join(self.server_url, ROUTE), ShortJoinHandler), *original(self)]

    Voila.init_handlers = init_handlers
    Voila.kit_short_join = True
