"""The participant's page of the case exercise (Voila, ``?school=<id>&code=<join code>``).

The page follows the case the facilitator shows. For it, the participant answers three
questions: what do you notice (checkboxes), how serious is it (four radio buttons), what
is your next step (checkboxes), plus a short text; "Opslaan" stores the answer, and
saving again changes it (the earlier version stays in the store's history). The
browser keeps the participant token under the same key as the vision and plan apps,
so someone who joined there is the same person here, also after a reload.
"""

from __future__ import annotations

import ipywidgets as w

from kit import workshop
from kit.live.browser import Poller
from kit.live.header import closed_banner, page_header, participant_lead
from kit.live.pages import ParticipantPage
from kit.live.ui import Notice, attempt, button, classed, esc, focus, labelled, markup, safe
from kit.page import Page
from kit.signalering.cases import SERIOUSNESS, Case
from kit.workshop import cases as store_cases
from kit.workshop.cases import ANSWER_TEXT_MAX

POLL_SECONDS = 2.0
CLOSED_TEXT = ("De workshop is gesloten: je kunt de casus nog lezen, maar niet meer antwoorden. Wat je hebt ingevoerd, "
               "is bewaard.")
WAITING = ('<div class="kit-box kit-todo kit-case-waiting" role="status"><strong>Nog even wachten.</strong><p>De '
           'begeleider heeft nog geen casus gekozen. Zodra dat gebeurt, verschijnt die hier vanzelf.</p></div>')


class AnswerForm:
    """The three questions and the text for one case, filled with the participant's own answer (if any)."""

    def __init__(self, app: "CaseParticipantApp", case: Case, number: int, answer: dict | None):
        self.app = app
        self.case = case
        answer = answer or {}
        self.signals = [classed(w.Checkbox(value=s in answer.get("signals", []), description=s, indent=False,
                                           layout=w.Layout(width="auto")), "kit-case-signal") for s in case.signals]
        self.seriousness = classed(w.RadioButtons(
            options=[(label, level) for level, label in SERIOUSNESS.items()], value=answer.get("seriousness"),
            layout=w.Layout(width="auto")), "kit-case-seriousness")
        labelled(self.seriousness, "Hoe ernstig is dit?", shown=False)
        self.steps = [classed(w.Checkbox(value=s in answer.get("next_steps", []), description=s, indent=False,
                                         layout=w.Layout(width="auto")), "kit-case-step") for s in case.next_steps]
        self.text = classed(w.Textarea(value=answer.get("text", ""), rows=3,
                                       placeholder="Kort: waarom kies je dit? Wat wil je nog weten?"), "kit-case-input")
        labelled(self.text, "Toelichting", shown=False)
        self.counter = markup("", "kit-char-count")
        self.save = button("Antwoord wijzigen" if answer else "Antwoord opslaan", "kit-case-save", style="primary")
        self.notice = Notice("kit-case-answer-message")
        self.saved = markup(self._saved_html(bool(answer)), "kit-case-saved")
        self.text.observe(safe(self._count), "value")
        self.save.on_click(safe(lambda _: app.save(self)))
        self.stored = self.values()  # what the store holds for this participant and case
        self._count()
        self.inputs = [*self.signals, self.seriousness, *self.steps, self.text, self.save]
        self.card = markup(f'<div class="kit-case-card"><div class="kit-eyebrow">Casus {number}</div>'
                           f'<h2 class="kit-case-title">{esc(case.title)}</h2>'
                           f'<p class="kit-case-body">{esc(case.text)}</p></div>', "kit-case-card-widget")
        self.widget = classed(w.VBox([
            self.card,
            self.saved,
            self._question("1", "Wat valt je op?", "Kruis aan wat jij ziet; meer dan één mag.",
                           classed(w.VBox(self.signals), "kit-choices"), "kit-q-signals"),
            self._question("2", "Hoe ernstig is dit?", "Kies één antwoord.", self.seriousness, "kit-q-seriousness"),
            self._question("3", "Wat is je volgende stap?", "Kruis aan wat jij zou doen; meer dan één mag.",
                           classed(w.VBox(self.steps), "kit-choices"), "kit-q-steps"),
            self._question("4", "Toelichting", f"Hoogstens {ANSWER_TEXT_MAX} tekens; niet verplicht.",
                           w.VBox([self.text, self.counter]), "kit-q-text"),
            classed(w.HBox([self.save]), "kit-row"),
            self.notice.widget,
        ]), "kit-case-form", f"kit-case-{case.id}")

    @staticmethod
    def _question(number: str, title: str, hint: str, control: w.Widget, css: str) -> w.VBox:
        return classed(w.VBox([markup(f'<h3><span class="kit-nr">{number}</span> {esc(title)}</h3>'
                                      f'<p class="kit-note">{esc(hint)}</p>'), control]), "kit-question", css)

    @staticmethod
    def _saved_html(saved: bool) -> str:
        return ('<p class="kit-note kit-case-has-answer">Je antwoord is bewaard. Je kunt het aanpassen en opnieuw '
                'opslaan.</p>' if saved else "")

    def _count(self, _=None) -> None:
        n = len(self.text.value or "")
        over = " kit-over" if n > ANSWER_TEXT_MAX else ""
        self.counter.value = f'<span class="kit-note{over}">{n} / {ANSWER_TEXT_MAX} tekens</span>'

    def dirty(self) -> bool:
        """True when the form holds input that is not saved yet."""
        return self.values() != self.stored

    def values(self) -> tuple[list[str], int | None, list[str], str]:
        signals = [box.description for box in self.signals if box.value]
        steps = [box.description for box in self.steps if box.value]
        return signals, self.seriousness.value, steps, self.text.value


class CaseParticipantApp(ParticipantPage):
    """One participant's page. Build it, then call :meth:`start` once (with :attr:`root` on the page)."""

    def __init__(self, page: Page, store: workshop.Store, code: str, school_name: str):
        super().__init__(page, store, code, school_name,
                         "Daarna beantwoord je bij elke casus drie vragen. De begeleider ziet de antwoorden zonder "
                         "namen.", on_joined=self._joined, on_join_needed=self._show_join)
        from kit.signalering.cases import load_school_cases

        self.cases = load_school_cases(page.school_dir)
        self.case_id: str | None = None
        self.form: AnswerForm | None = None
        self.drafts: dict[str, AnswerForm] = {}  # unsaved answers of cases the facilitator moved away from
        self.join_inputs: list[w.DOMWidget] = []
        self.header = markup(self._header_html(), "kit-case-header")
        self.banner = markup("", "kit-closed-banner")
        self.body = classed(w.VBox([]), "kit-participant-body")
        self.knowledge = classed(w.VBox([]), "kit-knowledge-box")
        self.knowledge_toggle = classed(w.ToggleButton(value=False, description="Kennis lezen",
                                                       tooltip="Lees de kennis over signaleren en handelen"),
                                        "kit-knowledge-toggle")
        self.knowledge_toggle.observe(safe(self._toggle_knowledge), "value")
        self.root = classed(w.VBox([self.header, self.banner, self.body,
                                    classed(w.VBox([self.knowledge_toggle, self.knowledge]), "kit-section-foot")]),
                            "kit-signalering", "kit-case-participant")
        self.poller = Poller(POLL_SECONDS, self._tick)

    def _header_html(self) -> str:
        return page_header("Signaleren en handelen", self.school_name,
                           participant_lead(self.me.pseudonym if self.me else None,
                                            "Doe mee vanaf je eigen laptop of telefoon."))

    # ----------------------------------------------------------------- page flow

    def start(self) -> None:
        self._set_closed(self.closed)
        self.body.children = [markup('<p class="kit-note kit-waiting">Even kijken of je al meedoet …</p>')]
        self.membership.load()
        self.poller.start()

    def _show_join(self, card: w.Widget, inputs: list[w.DOMWidget]) -> None:
        self.header.value = self._header_html()
        self.form, self.case_id = None, None
        self.join_inputs = inputs
        self.body.children = [card]
        self._apply_closed()

    def _joined(self) -> None:
        self.header.value = self._header_html()
        self.join_inputs = []
        self.case_id = None
        self._follow(store_cases.shown_case(self.store, self.workshop.id), force=True)

    def _toggle_knowledge(self, change: dict) -> None:
        from kit.signalering.knowledge import knowledge_html

        if change["new"]:
            self.knowledge.children = [markup(knowledge_html(self.page.school_dir), "kit-knowledge-panel")]
            self.knowledge_toggle.description = "Kennis verbergen"
        else:
            self.knowledge.children = []
            self.knowledge_toggle.description = "Kennis lezen"

    # ----------------------------------------------------------------- live

    def _tick(self) -> None:
        current = workshop.workshop_for_code(self.store, self.code)
        shown = store_cases.shown_case(self.store, current.id)
        with self.lock:
            if self.closed != (not current.is_open):
                self._set_closed(not current.is_open)
            if self.me is not None:
                self._follow(shown)

    def _follow(self, case_id: str | None, force: bool = False) -> None:
        """Show the facilitator's current case (only when it changed: what someone is typing stays)."""
        if case_id == self.case_id and not force:
            return
        if self.form is not None and self.form.dirty():  # never throw away what someone typed
            self.drafts[self.form.case.id] = self.form
        self.case_id = case_id
        found = next(((n, c) for n, c in enumerate(self.cases, start=1) if c.id == case_id), None)
        if found is None:
            self.form = None
        else:
            number, case = found
            self.form = self.drafts.pop(case.id, None) or AnswerForm(
                self, case, number, store_cases.own_answer(self.store, self.me.token, case.id))
        self._show_body()

    def _show_body(self) -> None:
        """The current case's form (or the waiting text), under a note for each unsaved earlier answer."""
        notes = [self._draft_note(draft) for draft in self.drafts.values()]
        self.body.children = notes + [self.form.widget if self.form else markup(WAITING)]
        self._apply_closed()
        if self.form is not None:
            focus(self.form.card)  # the case to read first, then its questions

    def _draft_note(self, draft: AnswerForm) -> w.Widget:
        keep = button("Nu opslaan", "kit-case-draft-save", style="primary",
                      name=f"Nu opslaan: je antwoord op {draft.case.title}")
        drop = button("Weggooien", "kit-case-draft-drop", name=f"Weggooien: je antwoord op {draft.case.title}")

        @safe
        def on_keep(_):
            with self.lock:
                if self.save(draft):
                    self.drafts.pop(draft.case.id, None)
                    self._show_body()

        @safe
        def on_drop(_):
            with self.lock:
                self.drafts.pop(draft.case.id, None)
                self._show_body()

        keep.on_click(on_keep)
        drop.on_click(on_drop)
        note = classed(w.VBox([
            markup(f'<p class="kit-msg kit-msg-warn" role="status">De begeleider toont nu een andere casus. Je '
                   f'antwoord op <strong>{esc(draft.case.title)}</strong> is nog niet opgeslagen.</p>'),
            classed(w.HBox([keep, drop]), "kit-row"), draft.notice.widget,
        ]), "kit-case-draft")
        note.inputs = [keep, drop]
        return note

    def save(self, form: AnswerForm) -> bool:
        """Store the form's answer; True when it is stored (a Dutch message in the form says how it went)."""
        with self.lock:
            form.notice.clear()
            values = form.values()
            changed: list[bool] = []
            if not attempt(form.notice, lambda: changed.append(store_cases.save_answer(
                    self.store, self.me.token, form.case.id, *values))):
                return False
            form.stored = values
            form.notice.ok("Je antwoord is opgeslagen." if changed[0] else "Je antwoord was al zo opgeslagen.")
            form.save.description = "Antwoord wijzigen"
            form.saved.value = form._saved_html(True)
            return True

    def _set_closed(self, closed: bool) -> None:
        self.closed = closed
        self.banner.value = closed_banner(closed, CLOSED_TEXT)
        self._apply_closed()

    def _apply_closed(self) -> None:
        drafts = [widget for child in self.body.children for widget in getattr(child, "inputs", [])]
        for widget in self.join_inputs + drafts + (self.form.inputs if self.form else []):
            widget.disabled = self.closed
