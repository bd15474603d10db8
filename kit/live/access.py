"""Who may do what on a live page: the facilitator key, the join code, or neither.

Codes and keys come from the URL and are checked by the store (form first, then
whether they exist); a failure is a Dutch message and never opens a write path.
Pages never create a workshop database: only ``kit workshop open`` does. Each app
(vision, action plan) describes itself with an :class:`App` and shares this logic.
"""

from __future__ import annotations

import importlib
import json
from dataclasses import dataclass
from typing import Any, Callable

import ipywidgets as w
from IPython.display import Javascript, display

from kit import workshop
from kit.errors import KitError
from kit.live.ui import Notice, attempt, button, classed, enter_submits, esc, focus, labelled, markup, safe
from kit.page import Page, friendly, query, show_error
from kit.profile import load_profile

NO_WORKSHOP = "Voor deze school is nog geen workshop gestart."


@dataclass(frozen=True)
class App:
    """One live app: its words on the code form and how to build its two pages.

    ``facilitator(page, store, key, school_name)`` shows the facilitator page (raising
    ``workshop.AccessError`` for a wrong key); ``participant(page, store, code, school_name)``
    builds the participant app (with ``root``, ``bridge``, ``code`` and ``start()``);
    ``report(page)`` shows the static report under papermill.
    """

    eyebrow: str
    intro: str
    classes: tuple[str, ...]
    facilitator: Callable[[Page, workshop.Store, str, str], Any]
    participant: Callable[[Page, workshop.Store, str, str], Any]
    report: Callable[[Page], Any]


def package_app(package: str, participant: str, *, eyebrow: str, intro: str, classes: tuple[str, ...]) -> App:
    """An :class:`App` laid out the kit's way: ``<package>.app_facilitator.show_facilitator``,
    ``<package>.app_participant.<participant>`` and ``<package>.report.show_report``, each imported
    only when the page needs it."""
    return App(eyebrow, intro, classes, facilitator=lazy(f"{package}.app_facilitator", "show_facilitator"),
               participant=lazy(f"{package}.app_participant", participant),
               report=lazy(f"{package}.report", "show_report"))


def show(page: Page | None, app: App):
    """The right thing for how the page is opened: the report under papermill, a live page under Voila."""
    if page is None:  # open_page already showed why the page cannot be opened
        return None
    if not page.live:
        return friendly(app.report)(page)
    params = query()
    return friendly(open_live)(page, app, params.get("code", ""), params.get("key", ""))


def school_name(page: Page) -> str:
    """The school's name from its profile; its id when the profile cannot be read."""
    try:
        return load_profile(page.school_dir).naam
    except KitError:
        return page.school_id


def open_store(page: Page) -> workshop.Store | None:
    """The school's workshop store, or None when no workshop was ever started (no file is created)."""
    from kit.live.report import existing_store

    return existing_store(page.school_dir)


def lazy(module: str, name: str) -> Callable[..., Any]:
    """A callable that imports ``module`` only when called, then calls its ``name`` with the same arguments.

    An :class:`App` names its pages this way, so a kernel imports only the page it shows.
    """

    def call(*args: Any, **kwargs: Any) -> Any:
        return getattr(importlib.import_module(module), name)(*args, **kwargs)

    call.__qualname__ = call.__name__ = f"{module}.{name}"
    return call


def open_live(page: Page, app: App, code: str = "", key: str = ""):
    """Show the facilitator page (key), the participant page (code) or the code form (neither)."""
    name = school_name(page)
    store = open_store(page)
    if key:
        if store is None:
            show_error(f"{NO_WORKSHOP}\nStart er een met: kit workshop open {page.school_id}",
                       title="Deze begeleiderslink werkt (nog) niet")
            return None
        try:
            return app.facilitator(page, store, key, name)
        except workshop.AccessError as exc:
            gone = isinstance(exc, workshop.RevokedKeyError)
            title = "Deze begeleiderslink werkt niet meer" if gone else "Deze begeleiderslink werkt niet"
            show_error(str(exc), title=title)
            return None
    landing = CodeForm(page, store, name, app)
    if code:
        landing.try_code(code, from_url=True)
    landing.show()
    return landing


class CodeForm:
    """The page without a (valid) join code: it asks for the code; nobody can write here."""

    def __init__(self, page: Page, store: workshop.Store | None, name: str, app: App):
        self.page = page
        self.store = store
        self.name = name
        self.kind = app
        self.app = None
        self.code = labelled(classed(w.Text(placeholder="bijvoorbeeld ABC234"), "kit-code-input"), "Deelnamecode")
        self.go = button("Verder", "kit-code-submit", style="primary")
        enter_submits(self.go, self.code)
        focus(self.code)
        self.notice = Notice("kit-code-message")
        self.script = w.Output(layout=w.Layout(display="none"))
        self.go.on_click(safe(lambda _: self.try_code(self.code.value)))
        self.form = classed(w.VBox([
            markup(f'<div class="kit-eyebrow">{esc(app.eyebrow)}</div>'
                   f'<h1 class="kit-school-name">{esc(name)}</h1>'),
            classed(w.VBox([
                markup(f"<h2>Meedoen</h2><p>{esc(app.intro)}</p>"),
                classed(w.HBox([self.code, self.go]), "kit-row"),
                self.notice.widget,
            ]), "kit-section", "kit-code-form"),
        ]), *app.classes, "kit-no-access")
        self.root = w.VBox([self.form, self.script])

    def show(self) -> None:
        display(self.root)

    def try_code(self, code: str, from_url: bool = False) -> None:
        def action():
            if self.store is None:
                raise workshop.AccessError(NO_WORKSHOP, hint="Vraag de begeleider om de juiste link.")
            self.app = self.kind.participant(self.page, self.store, code, self.name)

        if not attempt(self.notice, action):
            if from_url:
                self.code.value = code[:12]
            return
        if not from_url:
            self._remember_code(self.app.code)
        self.root.children = [self.app.root, self.app.bridge.widget, self.script]
        self.app.start()

    def _remember_code(self, code: str) -> None:
        """Put the code in the address bar, so a reload or a bookmark keeps it."""
        with self.script:
            display(Javascript(
                "(function(){var u=new URL(window.location.href);u.searchParams.set('code',%s);"
                "window.history.replaceState(null,'',u.toString());})();" % json.dumps(code)))
