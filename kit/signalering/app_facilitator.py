"""The facilitator's page of the case exercise (Voila, ``?school=<id>&key=<facilitator key>``).

The facilitator picks the case the room sees (a menu, previous and next); the case is
shown large for the projector. A daemon thread reads the store every
:data:`POLL_SECONDS`: how many answered, the spread of seriousness, signals and next
steps, and the participants' texts (escaped, without names). The discussion notes sit on
their own tab, so they are not on the projector by accident; the "Kennis" tab holds the
knowledge texts and the school's signaleringskaart as a download.
"""

from __future__ import annotations


import ipywidgets as w
from IPython.display import display

from kit import workshop
from kit.live.browser import Poller
from kit.live.download import Download, make_download
from kit.live.header import join_banner, live_stamp, page_header
from kit.live.pages import FacilitatorPage
from kit.live.ui import Notice, attempt, button, classed, esc, markup, safe, titled_tabs
from kit.page import Page
from kit.signalering.cases import Case
from kit.signalering.results import case_result, result_html
from kit.workshop import cases as store_cases

POLL_SECONDS = 1.0  # a participant's entry is on the screen within 2 s (benchmarks/bench_light.py)
NOTEBOOK = "02_signaleren.ipynb"
TAB_TITLES = ("Casus en antwoorden", "Bespreken", "Kennis")
NO_CASE = "__geen__"


def case_html(case: Case, number: int, total: int) -> str:
    """The case as the room sees it: number, title and text (large)."""
    return (f'<div class="kit-case-card"><div class="kit-eyebrow">Casus {number} van {total}</div>'
            f'<h2 class="kit-case-title">{esc(case.title)}</h2><p class="kit-case-body">{esc(case.text)}</p></div>')


def notes_html(case: Case) -> str:
    """The facilitator's discussion notes for the case."""
    return (f'<h2>Bespreken: {esc(case.title)}</h2><p class="kit-case-notes">{esc(case.notes)}</p>'
            '<p class="kit-note">Alleen voor de begeleider: deze aantekeningen staan niet op de pagina van de '
            'deelnemers.</p>')


class CaseFacilitatorApp(FacilitatorPage):
    """The facilitator's page. Build it, then call :meth:`show` once."""

    notebook = NOTEBOOK

    def __init__(self, page: Page, store: workshop.Store, key: str, school_name: str):
        super().__init__(page, store, key, school_name)
        from kit.signalering.cases import load_school_cases

        self.cases = load_school_cases(page.school_dir)
        self.seen: tuple | None = None
        self.current: str | None = None
        self._syncing = False
        self.header = markup(page_header("Signaleren en handelen · begeleider", school_name), "kit-case-header")
        self.notice = Notice("kit-case-message", transient=8.0)
        self.choice = classed(w.Dropdown(options=self._options(), value=NO_CASE, description="Casus",
                                         layout=w.Layout(width="auto")), "kit-case-choice")
        self.previous = button("← Vorige", "kit-case-previous", tooltip="De vorige casus tonen")
        self.next = button("Volgende →", "kit-case-next", tooltip="De volgende casus tonen")
        self.choice.observe(safe(self._chosen), "value")
        self.previous.on_click(safe(lambda _: self._step(-1)))
        self.next.on_click(safe(lambda _: self._step(+1)))
        self.case_box = markup("", "kit-case-shown")
        self.results_box = markup("", "kit-case-results")
        self.notes_box = markup("", "kit-case-notes-panel")
        toolbar = classed(w.HBox([self.previous, self.choice, self.next]), "kit-row", "kit-case-nav")
        self.tabs = classed(w.Tab(children=[
            classed(w.VBox([self.case_box, self.results_box]), "kit-panel", "kit-panel-case"),
            classed(w.VBox([self.notes_box]), "kit-panel", "kit-panel-notes"),
            self._knowledge_panel(),
        ]), "kit-tabs")
        titled_tabs(self.tabs, TAB_TITLES)
        self.root = classed(w.VBox([self.nav, self.header, self.join_info, classed(w.HBox([self.stats, self.updated]),
                                                                          "kit-toolbar"),
                                    toolbar, self.notice.widget, self.tabs]), "kit-signalering", "kit-case-facilitator")
        self.poller = Poller(POLL_SECONDS, self.guarded(self.refresh))

    def _options(self) -> list[tuple[str, str]]:
        return [("Kies een casus …", NO_CASE)] + [(f"{n}. {c.title}", c.id) for n, c in enumerate(self.cases, 1)]

    def _knowledge_panel(self) -> w.VBox:
        from kit.signalering.knowledge import knowledge_html

        make = make_download("Signaleringskaart (PDF) maken", self._make_kaart,
                             tooltip="Maak de signaleringskaart van deze school om te downloaden",
                             failed="De signaleringskaart kon niet worden gemaakt door een fout in de kit. De details "
                                    "staan in het serverlog.",
                             button_classes=("kit-kaart-make",), result_classes=("kit-kaart-link",))
        return classed(w.VBox([
            markup('<p class="kit-note">De signaleringskaart is één A4 voor de teamkamer: signalen, eerste stappen '
                   'en bij wie je terechtkunt, met de namen uit het schoolprofiel.</p>'),
            make,
            markup(knowledge_html(self.page.school_dir), "kit-knowledge-panel"),
        ]), "kit-panel", "kit-panel-knowledge")

    def _make_kaart(self) -> Download:
        from kit.signalering.kaart import write_kaart

        path = write_kaart(self.page.school_dir, self.page.output_dir)
        return Download(path.name, path.read_bytes())

    # ----------------------------------------------------------------- showing and refreshing

    def show(self) -> None:
        self.refresh(force=True)
        display(self.root)
        self.poller.start()

    def refresh(self, force: bool = False) -> None:
        """Read the store; redraw what changed (called by the poller and after every action)."""
        current = workshop.workshop_for_key(self.store, self.key)
        shown = store_cases.shown_case(self.store, current.id)
        participants = len(workshop.list_participants(self.store, current.id))
        answers = store_cases.list_answers(self.store, current.id, shown) if shown else []
        seen = (current, shown, participants, tuple((a["id"], a["updated_at"]) for a in answers))
        with self.lock:
            if seen == self.seen and not force:
                return
            self.seen, self.workshop, self.current = seen, current, shown
            self._render(participants, answers)
            self.updated.value = live_stamp()

    def _case(self, case_id: str | None) -> tuple[int, Case] | None:
        for number, case in enumerate(self.cases, start=1):
            if case.id == case_id:
                return number, case
        return None

    def _render(self, participants: int, answers: list[dict]) -> None:
        self.join_info.value = join_banner(self.link, self.workshop.join_code, self.workshop.is_open,
                                           "Doe mee op je laptop of telefoon:",
                                           "Deelnemers zien de casus nog, maar kunnen niet meer antwoorden.",
                                           warn_local=True)
        found = self._case(self.current)
        self._syncing = True
        try:
            self.choice.value = found[1].id if found else NO_CASE
        finally:
            self._syncing = False
        self.previous.disabled = found is None or found[0] == 1
        self.next.disabled = found is not None and found[0] == len(self.cases)
        if found is None:
            self.stats.value = f'<p class="kit-stats-line">{participants} deelnemers</p>'
            self.case_box.value = ('<div class="kit-box kit-todo"><strong>Er staat nog geen casus op het scherm.'
                                   '</strong><p>Kies hierboven een casus, of klik op Volgende voor de eerste. De '
                                   'deelnemers zien hem meteen.</p></div>')
            self.results_box.value = ""
            self.notes_box.value = '<p class="kit-note">Kies eerst een casus.</p>'
            return
        number, case = found
        result = case_result(case, answers)
        self.stats.value = (f'<p class="kit-stats-line">{participants} deelnemers · <strong>{result.answered}'
                            f'</strong> antwoorden op deze casus</p>')
        self.case_box.value = case_html(case, number, len(self.cases))
        self.results_box.value = f'<h2>Antwoorden</h2>{result_html(result, participants)}'
        self.notes_box.value = notes_html(case)

    # ----------------------------------------------------------------- choosing a case

    def _chosen(self, change: dict) -> None:
        if self._syncing or change["new"] in (None, NO_CASE) or change["new"] == self.current:
            return
        self._show(change["new"])

    def _step(self, delta: int) -> None:
        found = self._case(self.current)
        index = (found[0] - 1 + delta) if found else 0
        if 0 <= index < len(self.cases):
            self._show(self.cases[index].id)

    def _show(self, case_id: str) -> None:
        with self.lock:
            self.notice.clear()
            if attempt(self.notice, lambda: store_cases.show_case(self.store, self.key, case_id)):
                attempt(self.notice, lambda: self.refresh(force=True))


show_facilitator = CaseFacilitatorApp.shown
