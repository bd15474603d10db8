"""No kernel for a course page without a working join code or facilitator key.

``kit serve`` puts this gate in front of Voila's page handler for every course page
(:data:`GATED_NOTEBOOKS`). Before Voila starts a kernel, or hands out a pooled one, the
gate checks the address's ``school`` with its ``code`` or ``key`` against the school's
workshop store, opened read-only (a page never creates a database). Without a working
one the visitor gets a light form rendered here (plain HTML, a GET form that reloads
the same page with ``&code=`` or ``&key=``, no JavaScript) or a Dutch refusal, never a
kernel; so a stranger cannot make the server start kernels either.
In ``kit serve`` an address with a join code for a workshop page goes on to the light
participant page first (:mod:`kit.light.redirect`), which checks the code with this
module's throttle and refusals (:mod:`kit.light.handlers`).

Which page takes what:

* the workshop apps (:data:`LIVE_NOTEBOOKS`): a join code or the facilitator key;
* the start page and the survey analysis (:data:`KEY_NOTEBOOKS`): only the key. A code
  gets the same refusal as a wrong key, whether it is right or not (nothing to probe);
* the plan (:data:`PUBLIC_PLAN_NOTEBOOK`): the key opens the team's page (internal
  version); a right code gets the public version of the plan, rendered without a kernel
  (:mod:`kit.public_plan`), with its Word and PDF files.

* An unknown school id gets exactly the answer a known school without access gets:
  the page never shows the school's name, and every failure has one wording.
* Wrong join codes are slowed down per client (IP address) and per school
  (:class:`Throttle`): after a few wrong tries the client waits, longer each time, and
  is told in Dutch for how long. A right code is answered at once, and a room behind one
  school network that already got in keeps getting in while a stranger is locked out. A
  facilitator key (256 random bits) cannot be guessed and is never slowed down.
* A facilitator key that no longer works (a closed workshop, a newer one, a replaced key) is told so.

The state of the throttle lives in the server process: the gate is the only way to a
workshop page's kernel, and a restart forgets it (a restart also stops every kernel).
"""

from __future__ import annotations

import logging
import math
import os
import posixpath
import sqlite3
import time
from collections import deque
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable

LIVE_NOTEBOOKS = ("01_visie", "02_signaleren", "04_actieplan")  # kit.workshop.cli.LIVE_STEPS, kept import-light
KEY_NOTEBOOKS = ("00_start", "03_enquete")
PUBLIC_PLAN_NOTEBOOK = "05_beleidsplan"  # kit.workshop.cli.PUBLIC_PLAN_STEP
BOARD_NOTEBOOK = "bestuur"  # the board overview: opens with the workspace's board key (kit.bestuur.key)
SCHOOL_NOTEBOOKS = tuple(f"{name}.ipynb" for name in (*LIVE_NOTEBOOKS, *KEY_NOTEBOOKS, PUBLIC_PLAN_NOTEBOOK))
GATED_NOTEBOOKS = (*SCHOOL_NOTEBOOKS, f"{BOARD_NOTEBOOK}.ipynb")
CODE_NOTEBOOKS = tuple(f"{name}.ipynb" for name in (*LIVE_NOTEBOOKS, PUBLIC_PLAN_NOTEBOOK))  # a code opens these
MAX_PARAM = 100  # longer school ids, codes and keys are not looked at (ids are at most 64, keys 43 characters)

log = logging.getLogger("kit.join_gate")


# --- the throttle -----------------------------------------------------------------------------------------


@dataclass
class _Failures:
    times: deque = field(default_factory=lambda: deque(maxlen=64))

    def recent(self, now: float, window: float) -> int:
        while self.times and self.times[0] <= now - window:
            self.times.popleft()
        return len(self.times)


class Throttle:
    """Wrong tries per client and per school; how long a client must wait before the next try.

    A client (IP address) has ``free_client`` wrong tries within ``window`` seconds; after
    that it waits 1, 2, 4, ... seconds (at most ``max_wait``) after its last wrong try
    before it may try again. A client that got into a school with a right code within
    ``trust`` seconds (a room behind one school network) has ``free_trusted`` wrong tries
    for that school. A school has ``free_school`` wrong tries from all clients together;
    after that clients that did not get in before wait in the same way. Tries refused
    while waiting are not checked and do not count.
    """

    def __init__(self, *, free_client: int = 5, free_trusted: int = 20, free_school: int = 30,
                 window: float = 900.0, max_wait: float = 300.0, trust: float = 12 * 3600.0,
                 clock: Callable[[], float] = time.monotonic, max_entries: int = 50_000):
        self.free_client, self.free_trusted, self.free_school = free_client, free_trusted, free_school
        self.window, self.max_wait, self.trust = window, max_wait, trust
        self.clock = clock
        self.max_entries = max_entries
        self._clients: dict[str, _Failures] = {}
        self._schools: dict[str, _Failures] = {}
        self._trusted: dict[tuple[str, str], float] = {}

    def wait(self, client: str, school: str) -> float:
        """Seconds ``client`` must wait before its next try for ``school`` (0: it may try now)."""
        now = self.clock()
        trusted = self._is_trusted(client, school, now)
        waits = [self._wait(self._clients.get(client), self.free_trusted if trusted else self.free_client, now)]
        if not trusted:
            waits.append(self._wait(self._schools.get(school), self.free_school, now))
        return max(waits)

    def failed(self, client: str, school: str) -> None:
        """Count a wrong code or key from ``client`` for ``school``."""
        now = self.clock()
        self._prune(now)
        self._clients.setdefault(client, _Failures()).times.append(now)
        self._schools.setdefault(school, _Failures()).times.append(now)

    def succeeded(self, client: str, school: str) -> None:
        """``client`` got into ``school`` with a right code or key: from now on it counts as that school's room."""
        self._prune(self.clock())
        self._trusted[(client, school)] = self.clock()

    def _is_trusted(self, client: str, school: str, now: float) -> bool:
        since = self._trusted.get((client, school))
        return since is not None and now - since < self.trust

    def _wait(self, failures: _Failures | None, free: int, now: float) -> float:
        if failures is None:
            return 0.0
        count = failures.recent(now, self.window)
        if count < free:
            return 0.0
        pause = min(2.0 ** (count - free), self.max_wait)
        return max(0.0, failures.times[-1] + pause - now)

    def _prune(self, now: float) -> None:
        """Forget old entries when the tables grow large (a scan from many addresses)."""
        for table in (self._clients, self._schools):
            if len(table) > self.max_entries:
                for name in [n for n, f in table.items() if f.recent(now, self.window) == 0]:
                    del table[name]
        if len(self._trusted) > self.max_entries:
            for pair in [p for p, since in self._trusted.items() if now - since >= self.trust]:
                del self._trusted[pair]


THROTTLE = Throttle()


def wait_text(seconds: float) -> str:
    """``"over 8 seconden"``, ``"over 1 seconde"``, ``"over 3 minuten"``."""
    whole = max(1, math.ceil(seconds))
    if whole < 90:
        return f"over {whole} {'seconde' if whole == 1 else 'seconden'}"
    minutes = math.ceil(whole / 60)
    return f"over {minutes} minuten"


# --- what the gate decides ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Answer:
    """The gate's answer: ``status`` None lets the page open; otherwise this page is sent instead."""

    status: int | None
    title: str = ""
    message: str = ""
    hint: str = ""
    form: bool = True
    retry_after: int = 0
    public_plan: bool = False  # a right code on the plan page: the public version instead of a kernel


OPEN = Answer(None)
NO_ACCESS_CODE = ("Deze deelnamecode werkt niet", "Er is geen workshop met deze deelnamecode.",
                  "Controleer de code op het scherm van de begeleider.")
NO_ACCESS_KEY = ("Deze begeleiderslink werkt niet",
                 "Deze pagina opent alleen met een begeleiderslink die werkt.",
                 "Begeleider: 'kit workshop key' toont de links die werken. Deelnemer: gebruik de link met de "
                 "deelnamecode die de begeleider laat zien.")
NO_ACCESS_BOARD = ("Deze bestuurslink werkt niet",
                   "Het overzicht voor het bestuur opent alleen met de bestuurslink die werkt.",
                   "'kit bestuur' toont de link met de bestuurssleutel.")
PUBLIC_PLAN = Answer(None, public_plan=True)


class ReadOnlyStore:
    """Just enough of :class:`kit.workshop.Store` for the access checks: one read-only connection.

    Never creates a file (``mode=ro``). A file of an older schema is first brought up to date
    by a normal store (it exists already, so nothing is created).
    """

    def __init__(self, school_dir: Path):
        from kit.workshop.migrations import SCHEMA_VERSION
        from kit.workshop.store import DB_NAME, Store

        path = school_dir / DB_NAME
        self._conn = self._connect(path)
        if self._conn.execute("PRAGMA user_version").fetchone()[0] < SCHEMA_VERSION:
            self._conn.close()
            Store(school_dir, create=False).close()
            self._conn = self._connect(path)

    @staticmethod
    def _connect(path: Path) -> sqlite3.Connection:
        conn = sqlite3.connect(f"{path.as_uri()}?mode=ro", uri=True, timeout=5.0, isolation_level=None)
        conn.row_factory = sqlite3.Row
        return conn

    def read(self, action: Callable[[sqlite3.Connection], Any]) -> Any:
        self._conn.execute("BEGIN")
        try:
            return action(self._conn)
        finally:
            self._conn.execute("COMMIT")

    def close(self) -> None:
        self._conn.close()


def school_dir(workspace: Path, school: str) -> Path | None:
    """The folder of a school with a workshop store, or None (unknown, malformed, or no workshop yet)."""
    from kit.workshop.store import DB_NAME
    from kit.workspace import is_valid_id, school_path

    if not is_valid_id(school):
        return None
    try:
        folder = school_path(workspace, school)
    except Exception:  # noqa: BLE001 - a symlink out of the workspace: no access, same answer
        return None
    return folder if (folder / DB_NAME).is_file() else None


def check_access(folder: Path | None, code: str, key: str, workshop_page: bool = True) -> Answer:
    """Whether ``code`` or ``key`` opens the school in ``folder`` (None: no such school).

    A ``workshop_page`` needs a workshop: there the key of a school that has not held one
    yet is told so.
    """
    from kit.workshop.errors import AccessError, RevokedKeyError, WorkshopError
    from kit.workshop.keys import NoWorkshopError
    from kit.workshop.session import facilitator_access, workshop_for_code, workshop_for_key

    if folder is None:
        return _refused(code, key)
    store = None
    try:
        store = ReadOnlyStore(folder)
        if key:
            (workshop_for_key if workshop_page else facilitator_access)(store, key)
        else:
            workshop_for_code(store, code)
        return OPEN
    except RevokedKeyError as exc:
        return Answer(403, "Deze begeleiderslink werkt niet meer", exc.message, exc.hint or "")
    except NoWorkshopError as exc:  # only a working key of this school gets here: nothing to probe
        return Answer(403, "Er is nog geen workshop", exc.message, exc.hint or "", form=False)
    except AccessError:
        return _refused(code, key)
    except (WorkshopError, sqlite3.Error) as exc:  # damaged or too new a file: nobody gets in, say it in the log
        log.warning("Toegangscontrole voor %s lukt niet: %s", folder.name, exc)
        return _refused(code, key)
    finally:
        if store is not None:
            store.close()


def _refused(code: str, key: str) -> Answer:
    title, message, hint = NO_ACCESS_KEY if key else NO_ACCESS_CODE
    if code and not key:
        from kit.workshop.codes import check_join_code
        from kit.workshop.errors import AccessError

        try:
            check_join_code(code)
        except AccessError as exc:  # a typing slip gets the form's own explanation
            message, hint = exc.message, exc.hint or ""
    return Answer(403, title, message, hint)


def decide(workspace: Path, client: str, school: str, code: str, key: str,
           throttle: Throttle = THROTTLE, notebook: str = GATED_NOTEBOOKS[0]) -> Answer:
    """The gate's whole decision for one request of a course page (``notebook``, e.g. ``01_visie.ipynb``)."""
    if notebook == f"{BOARD_NOTEBOOK}.ipynb":
        return board_access(workspace, key)
    if not school:
        return Answer(400, "Deze pagina opent met de link van de begeleider",
                      "In het adres staat niet bij welke school deze pagina hoort.",
                      "Gebruik de link of de QR-code die de begeleider laat zien.", form=False)
    if not code and not key:
        return Answer(200)
    workshop_page = notebook.removesuffix(".ipynb") in LIVE_NOTEBOOKS
    if key:  # 256 random bits: no one guesses a key, so a facilitator is never kept waiting
        return check_access(school_dir(workspace, school), "", key, workshop_page)
    if notebook not in CODE_NOTEBOOKS:  # the team's pages: a code, right or wrong, gets the refusal of a wrong key
        return Answer(403, *NO_ACCESS_KEY)
    wait = throttle.wait(client, school)
    if wait > 0:
        return Answer(429, "Even wachten", "Er zijn te veel onjuiste codes geprobeerd.",
                      f"Probeer het {wait_text(wait)} opnieuw.", retry_after=math.ceil(wait))
    answer = check_access(school_dir(workspace, school), code, "")
    if answer is OPEN:
        throttle.succeeded(client, school)
        if not workshop_page:
            return PUBLIC_PLAN
    else:
        throttle.failed(client, school)
        if throttle.wait(client, school) > 0:
            log.warning("Te veel onjuiste codes van %s voor school %s: deze pogingen worden even geweigerd.",
                        client, school[:MAX_PARAM])
    return answer


def board_access(workspace: Path, key: str) -> Answer:
    """The board overview: the key form without a key, open with the board key, else one refusal."""
    from kit.bestuur.key import board_key_works

    if not key:
        return Answer(200)
    return OPEN if board_key_works(workspace, key) else Answer(403, *NO_ACCESS_BOARD)


# --- the page ----------------------------------------------------------------------------------------------


def step_title(notebook: str) -> str:
    """``"1. Visie op sociale veiligheid"`` for ``01_visie.ipynb``; ``"Startpagina"`` for the start page."""
    from kit.course import STEPS

    stem = notebook.removesuffix(".ipynb")
    if stem == "00_start":
        return "Startpagina"
    if stem == BOARD_NOTEBOOK:
        return "Overzicht voor het bestuur"
    return next((f"{s.number}. {s.title}" for s in STEPS if s.notebook == stem), "Workshop")


def page_html(answer: Answer, notebook: str, action: str, school: str, code: str, kind: str = "") -> str:
    """The join page, the key form (the team's pages) or a refusal, as a whole HTML document.

    ``kind`` (``code``, ``key``, ``plan`` or ``board``) follows from ``notebook`` unless given.
    """
    from kit.render import render, stylesheet

    stem = notebook.removesuffix(".ipynb")
    kind = kind or ("code" if stem in LIVE_NOTEBOOKS else "plan" if stem == PUBLIC_PLAN_NOTEBOOK
            else "board" if stem == BOARD_NOTEBOOK else "key")
    return render("join_gate.html.j2", answer=answer, step=step_title(notebook), action=action, kind=kind,
                  school=school[:MAX_PARAM], code=code[:12] if kind in ("code", "plan") else "", css=stylesheet())


def gated(path: str | None) -> str | None:
    """The gated notebook ``path`` asks for (however written: ``./``, ``x/../``), else None."""
    if not path:
        return None
    name = posixpath.basename(posixpath.normpath("/" + path.strip()))
    return name if name in GATED_NOTEBOOKS else None


def install_join_gate() -> None:
    """Put the gate in front of Voila's page handler (once)."""
    from voila.tornado.handler import TornadoVoilaHandler

    if getattr(TornadoVoilaHandler, "kit_join_gate", False):
        return
    original = TornadoVoilaHandler.get

    async def get(self, path=None):
        notebook = gated(path)
        if notebook is not None:
            answer = _answer_request(self, notebook)
            if answer.public_plan:
                from kit.public_plan import send_public_plan

                return await send_public_plan(self, _param(self, "school"), _param(self, "code"))
            if answer.status is not None:
                return _send(self, answer, notebook)
            typed = _canonical_address(self)
            if typed is not None:  # "egj t9e" from the form: the address keeps the code as it is shown
                return self.redirect(typed)
        return await original(self, path)

    TornadoVoilaHandler.get = get
    TornadoVoilaHandler.kit_join_gate = True


def _param(handler: Any, name: str) -> str:
    value = handler.get_query_argument(name, "") or ""
    return value.strip() if len(value) <= MAX_PARAM else "?"  # too long: never valid, never echoed whole


def _canonical_address(handler: Any) -> str | None:
    """The same address with the join code in canonical form, when it was typed otherwise; else None."""
    from urllib.parse import urlencode

    from kit.workshop.codes import check_join_code

    code = _param(handler, "code")
    if not code or _param(handler, "key"):
        return None
    canonical = check_join_code(code)  # the gate let it through, so it is well-formed
    if canonical == handler.get_query_argument("code"):
        return None
    query = [(name, canonical if name == "code" else value.decode("utf-8", "replace"))
             for name, values in handler.request.query_arguments.items() for value in values[-1:]]
    return f"{handler.request.path}?{urlencode(query)}"


def _answer_request(handler: Any, notebook: str) -> Answer:
    from kit.paths import workspace_path

    return decide(workspace_path(os.environ.get("KIT_WORKSPACE")), handler.request.remote_ip or "?",
                  _param(handler, "school"), _param(handler, "code"), _param(handler, "key"), notebook=notebook)


def _send(handler: Any, answer: Answer, notebook: str) -> None:
    handler.set_status(answer.status)
    handler.set_header("Content-Type", "text/html; charset=UTF-8")
    handler.set_header("Cache-Control", "no-store")
    handler.set_header("X-Content-Type-Options", "nosniff")
    handler.set_header("Referrer-Policy", "no-referrer")  # the address may hold a code or key
    if answer.retry_after:
        handler.set_header("Retry-After", str(answer.retry_after))
    shown_code = "" if answer.status == 429 else _param(handler, "code")
    handler.finish(page_html(answer, notebook, handler.request.path, _param(handler, "school"), shown_code))
