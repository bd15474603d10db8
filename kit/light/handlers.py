"""The light participant pages as Tornado handlers in ``kit serve``'s server (beside Voila).

* ``GET /mee/<exercise>?school=<id>&code=<code>``: the page (join form, exercise, or the
  closed workshop), rendered on the server from the store.
* ``POST`` to the same address: one form (``actie``), then a redirect to the page (303,
  POST-redirect-GET), or the page again with the store's Dutch refusal (400).
* ``GET /mee/<exercise>/staat?...``: the live state as JSON (open, current case, a version),
  which the page's small script polls every two seconds.
* ``GET /mee/static/light.css|light.js``: the style (``kit.css`` plus ``light.css``) and the script.

The school and code are checked as :mod:`kit.join_gate` checks them, with its throttle for
wrong codes and its page for a refusal. Forms carry Tornado's ``_xsrf`` token (double submit
with the ``_xsrf`` cookie); a form without a matching one is refused. A request body may hold
:data:`kit.light.limits.BODY_MAX` bytes, every field its own limit. Store calls run in
:mod:`kit.light.stores` threads, never on the event loop Voila's kernels share.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import sqlite3
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import tornado.web
from tornado import httputil

from kit.light import actions, identity, limits, stores, views
from kit.light.routes import NOTEBOOKS, PREFIX, STATE, page_query
from kit.render import TEMPLATES, render

log = logging.getLogger("kit.light")
EXERCISE_RE = "(visie|signaleren|actieplan)"
ASSETS = {"light.css": "text/css; charset=UTF-8", "light.js": "text/javascript; charset=UTF-8"}
POLL_MS = 2000
GENERIC_ERROR = ("Dat lukte niet door een fout in de kit. Probeer het nog eens; lukt het weer niet, meld het dan "
                 "aan de begeleider. Wat je eerder hebt ingevoerd, is bewaard.")
CSP = ("default-src 'none'; style-src 'self' 'unsafe-inline'; script-src 'self'; img-src 'self' data:; "
       "connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'")


def asset(name: str) -> bytes:
    """The bytes of a light asset; ``light.css`` is the kit's stylesheet followed by the light pages' own."""
    light = Path(__file__).parent / "static"
    if name == "light.css":
        return (TEMPLATES / "kit.css").read_bytes() + b"\n" + (light / "light.css").read_bytes()
    return (light / name).read_bytes()


_ASSETS: dict[str, tuple[bytes, str]] = {}


def asset_version() -> str:
    if not _ASSETS:
        for name in ASSETS:
            data = asset(name)
            _ASSETS[name] = (data, hashlib.sha256(data).hexdigest()[:12])
    return "-".join(version for _, version in _ASSETS.values())


class Refusal(Exception):
    """The request stops here with the join page's answer (:class:`kit.join_gate.Answer`)."""

    def __init__(self, answer: Any):
        super().__init__(answer.title)
        self.answer = answer


class LightHandler(tornado.web.RequestHandler):
    """What every light handler shares: the checks of school and code, the headers, the Dutch error pages."""

    exercise = ""

    def set_default_headers(self) -> None:
        self.set_header("Cache-Control", "no-store")
        self.set_header("X-Content-Type-Options", "nosniff")
        self.set_header("Referrer-Policy", "no-referrer")  # the address holds the join code
        self.set_header("X-Frame-Options", "DENY")
        self.set_header("Content-Security-Policy", CSP)

    def check_xsrf_cookie(self) -> None:
        """Checked in :meth:`LightPageHandler.post`, once the body is read (Tornado would check before it)."""

    def param(self, name: str) -> str:
        from kit.join_gate import MAX_PARAM

        value = self.get_query_argument(name, "") or ""
        return value.strip() if len(value) <= MAX_PARAM else "?"

    @property
    def base_url(self) -> str:
        return self.settings.get("base_url", "/")

    def page_path(self) -> str:
        return f"{self.base_url.rstrip('/')}/{PREFIX}/{self.exercise}"

    async def visit(self, *, identify: bool, count_success: bool) -> views.Visit:
        """The visit: school, workshop and (with ``identify``) the participant; or :class:`Refusal`."""
        from kit.join_gate import THROTTLE, Answer, check_access, school_dir, wait_text
        from kit.paths import workspace_path
        from kit.workshop.codes import check_join_code
        from kit.workshop.errors import AccessError

        school, code, client = self.param("school"), self.param("code"), self.request.remote_ip or "?"
        if not school:
            raise Refusal(Answer(400, "Deze pagina opent met de link van de begeleider",
                                 "In het adres staat niet bij welke school deze workshop hoort.",
                                 "Gebruik de link of de QR-code die de begeleider laat zien.", form=False))
        if not code:
            raise Refusal(Answer(200))
        wait = THROTTLE.wait(client, school)
        if wait > 0:
            raise Refusal(Answer(429, "Even wachten", "Er zijn te veel onjuiste codes geprobeerd.",
                                 f"Probeer het {wait_text(wait)} opnieuw.", retry_after=int(wait) + 1))
        folder = school_dir(workspace_path(os.environ.get("KIT_WORKSPACE")), school)
        try:
            canonical = check_join_code(code)
        except AccessError:
            folder = canonical = None
        token = identity.read_token(self, school, canonical) if identify and canonical else None
        try:
            found = await stores.call(_open, folder, canonical, token) if folder is not None else None
        except Exception as exc:  # noqa: BLE001 - a damaged file: nobody gets in, the log says why
            log.warning("Lichte pagina voor %s: de workshop kan niet worden gelezen: %s", school, exc)
            found = None
        if found is None:
            THROTTLE.failed(client, school)
            if THROTTLE.wait(client, school) > 0:  # the gate's own warning (kit.join_gate.decide)
                logging.getLogger("kit.join_gate").warning(
                    "Te veel onjuiste codes van %s voor school %s: deze pogingen worden even geweigerd.", client, school)
            raise Refusal(check_access(None, code, ""))
        if count_success:
            THROTTLE.succeeded(client, school)
        workshop, me = found
        if token and me is None:
            identity.forget(self, school, workshop.join_code)
        query = {name: self.get_query_argument(name) for name in ("bewerk", "intrekken")
                 if self.get_query_argument(name, None)}
        return views.Visit(self.exercise, school, folder, workshop, me, query)

    def refuse(self, answer: Any) -> None:
        from kit.join_gate import page_html

        self.set_status(answer.status or 200)
        if answer.retry_after:
            self.set_header("Retry-After", str(answer.retry_after))
        shown = "" if answer.status == 429 else self.param("code")
        self.set_header("Content-Type", "text/html; charset=UTF-8")
        self.finish(page_html(answer, NOTEBOOKS[self.exercise or "visie"], self.page_path(),
                              self.param("school"), shown))

    def write_error(self, status_code: int, **kwargs: Any) -> None:
        from kit.join_gate import Answer

        texts = {
            403: ("Dit formulier is verlopen", "De kit kon niet controleren dat dit formulier van deze pagina komt.",
                  "Laad de pagina opnieuw en probeer het nog eens. Wat je eerder hebt ingevoerd, is bewaard."),
            413: ("Dit is te veel tekst", "Wat je stuurde, is groter dan een formulier van deze pagina kan zijn.",
                  "Maak de tekst korter en probeer het opnieuw."),
            404: ("Deze pagina bestaat niet", "Op dit adres staat geen pagina van de kit.",
                  "Gebruik de link of de QR-code die de begeleider laat zien."),
        }
        title, message, hint = texts.get(status_code, ("Er ging iets mis", GENERIC_ERROR, ""))
        self.clear_header("Retry-After")
        self.refuse(Answer(status_code, title, message, hint, form=False))


def _open(folder: Path, code: str, token: str | None):
    """In a store thread: the workshop of ``code`` and the participant of ``token`` (None: unknown), or None."""
    from kit import workshop

    store = stores.store_for(folder)
    try:
        found = workshop.workshop_for_code(store, code)
    except workshop.AccessError:
        return None
    except (workshop.WorkshopError, sqlite3.Error):
        stores.drop(folder)
        raise
    me = None
    if token:
        try:
            me = workshop.resume(store, found.join_code, token)
        except workshop.WorkshopError:
            me = None
    return found, me


@tornado.web.stream_request_body
class LightPageHandler(LightHandler):
    """The page of one exercise, and its forms."""

    def initialize(self) -> None:
        self._chunks: list[bytes] = []
        self._size = 0
        self._too_big = False

    def prepare(self) -> None:
        if self.request.method != "POST":
            return
        length = self.request.headers.get("Content-Length", "")
        if length.isdigit() and int(length) > limits.BODY_MAX:
            self._too_big = True
            self.send_error(413)
            return
        self.request.connection.set_max_body_size(limits.BODY_MAX)

    def data_received(self, chunk: bytes) -> None:
        self._size += len(chunk)
        if self._size <= limits.BODY_MAX:
            self._chunks.append(chunk)
        else:
            self._too_big = True

    async def get(self, exercise: str) -> None:
        self.exercise = exercise
        try:
            visit = await self.visit(identify=True, count_success=True)
        except Refusal as refusal:
            return self.refuse(refusal.answer)
        if self.param("code") != visit.code:  # "abc 234" typed in the form: the address shows the code as it is
            return self.redirect(f"{self.page_path()}?{page_query(visit.school_id, visit.code)}")
        flash = None
        place, key = self.get_query_argument("klaar", ""), self.get_query_argument("melding", "")
        if place:
            flash = {"place": place[:40], "message": actions.MESSAGES.get(key, "")}
        await self.show(visit, flash=flash)

    async def post(self, exercise: str) -> None:
        self.exercise = exercise
        if self._too_big:
            return self.send_error(413)
        self.request.body = b"".join(self._chunks)
        arguments: dict[str, list[bytes]] = {}
        httputil.parse_body_arguments(self.request.headers.get("Content-Type", ""), self.request.body, arguments, {})
        for name, values in arguments.items():
            self.request.body_arguments.setdefault(name, []).extend(values)
            self.request.arguments.setdefault(name, []).extend(values)
        tornado.web.RequestHandler.check_xsrf_cookie(self)  # 403 (Dutch page) without the form's token
        try:
            visit = await self.visit(identify=True, count_success=True)
        except Refusal as refusal:
            return self.refuse(refusal.answer)
        from kit.errors import KitError

        action = (arguments.get("actie") or [b""])[0].decode("utf-8", "replace")[:limits.SHORT]
        if action == actions.LEAVE:
            identity.forget(self, visit.school_id, visit.code)
            return self.redirect(self.page_url(visit), status=303)
        fields: dict[str, list[str]] = {}
        try:
            fields = limits.form_fields(arguments)
            limits.check_fields(fields)
            done = await stores.call(lambda: actions.run(visit, stores.store_for(visit.folder), fields))
        except KitError as exc:
            self.set_status(400)
            place = actions.place_of(action, fields)
            error = {"place": place, "message": exc.message, "hint": exc.hint or ""}
            return await self.show(visit, error=error, typed=fields)
        if done.joined is not None:
            identity.remember(self, visit.school_id, visit.code, done.joined.token)
        self.redirect(self.page_url(visit, done.place, done.message), status=303)

    def page_url(self, visit: views.Visit, place: str = "", message: str = "") -> str:
        query = page_query(visit.school_id, visit.code)
        if place and place != "boven":
            extra = {"klaar": place, **({"melding": message} if message else {})}
            return f"{self.page_path()}?{query}&{urlencode(extra)}#{place}"
        return f"{self.page_path()}?{query}"

    async def show(self, visit: views.Visit, **extra: Any) -> None:
        """Render the exercise's page for ``visit`` (with a message or a refusal and what was typed)."""
        xsrf = self.xsrf_token.decode("ascii")
        base = self.base_url.rstrip("/")
        links = {"action": f"{self.page_path()}?{page_query(visit.school_id, visit.code)}",
                 "state_url": f"{self.page_path()}/{STATE}?{page_query(visit.school_id, visit.code)}",
                 "assets": f"{base}/{PREFIX}/static", "asset_version": asset_version(), "xsrf": xsrf,
                 "poll_ms": POLL_MS}
        if visit.me is not None and "typed" not in extra:
            extra["typed"] = {}

        def build() -> str:
            context = views.page(visit, stores.store_for(visit.folder))
            return render(f"light_{visit.exercise}.html.j2", **context, **links,
                          **{"flash": None, "error": None, "typed": {}, **extra})

        html = await stores.call(build)
        self.set_header("Content-Type", "text/html; charset=UTF-8")
        self.finish(html)


class LightStateHandler(LightHandler):
    """``/mee/<exercise>/staat``: ``{"open": true, "casus": "c3", "versie": "..."}`` for the page's script."""

    async def get(self, exercise: str) -> None:
        self.exercise = exercise
        self.set_header("Content-Type", "application/json; charset=UTF-8")
        try:
            visit = await self.visit(identify=False, count_success=False)
        except Refusal as refusal:
            self.set_status(refusal.answer.status if refusal.answer.status not in (None, 200) else 400)
            return self.finish(json.dumps({"fout": refusal.answer.message or refusal.answer.title}))
        state = await stores.call(lambda: views.state(visit, stores.store_for(visit.folder)))
        self.finish(json.dumps(state))


class LightAssetHandler(tornado.web.RequestHandler):
    """The light pages' stylesheet and script, from memory, cached by the browser (the address holds a version)."""

    def get(self, name: str) -> None:
        if name not in ASSETS:
            raise tornado.web.HTTPError(404)
        asset_version()
        data, version = _ASSETS[name]
        self.set_header("Content-Type", ASSETS[name])
        self.set_header("X-Content-Type-Options", "nosniff")
        self.set_header("Cache-Control", "public, max-age=86400")
        self.set_header("ETag", f'"{version}"')
        if self.request.headers.get("If-None-Match") == f'"{version}"':
            self.set_status(304)
            return self.finish()
        self.finish(data)


def light_handlers(base_url: str = "/") -> list[tuple]:
    """The light pages' routes under the server's ``base_url``."""
    root = f"{base_url.rstrip('/')}/{PREFIX}"
    return [
        (rf"{root}/static/([a-z]+\.(?:css|js))", LightAssetHandler),
        (rf"{root}/{EXERCISE_RE}/{STATE}", LightStateHandler),
        (rf"{root}/{EXERCISE_RE}/?", LightPageHandler),
    ]


def install_light_pages() -> None:
    """Serve the light participant pages from Voila's server (once): routes added before Voila's own."""
    from voila.app import Voila

    if getattr(Voila, "kit_light_pages", False):
        return
    original = Voila.init_handlers

    def init_handlers(self):
        return light_handlers(self.server_url or self.base_url or "/") + original(self)

    Voila.init_handlers = init_handlers
    Voila.kit_light_pages = True
