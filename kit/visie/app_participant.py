"""The participant's page of the vision workshop (Voila, ``?school=<id>&code=<join code>``).

A participant joins with a pseudonym; the browser keeps the participant token in
``localStorage``, so a reload (or reopening the link) continues as the same person.
Then the three exercises: statements (write, edit, withdraw), values (a fixed number
of votes) and stellingen (helemaal oneens … helemaal eens). Every action is one
committed write to the school's store; nothing lives only in this kernel. A poller
notices when the facilitator closes or reopens the workshop, or hides a statement.
"""

from __future__ import annotations


import ipywidgets as w

from kit import workshop
from kit.page import Page
from kit.live.browser import Poller
from kit.live.header import closed_banner, page_header, participant_lead
from kit.live.pages import ParticipantPage
from kit.live.ui import (Notice, attempt, button, classed, enter_submits, esc, focus, labelled, markup, safe,
                         user_text)
from kit.workshop.statements import MAX_STATEMENTS, STATEMENT_MAX

POLL_SECONDS = 3.0
CLOSED_TEXT = "De workshop is gesloten; er kan niets meer worden ingevoerd. Wat je hebt ingevoerd, is bewaard."


class ParticipantApp(ParticipantPage):
    """One participant's page. Build it, then call :meth:`show` once."""

    def __init__(self, page: Page, store: workshop.Store, code: str, school_name: str):
        super().__init__(page, store, code, school_name, "De begeleider bepaalt of namen op het scherm komen.",
                         on_joined=self._show_exercises, on_join_needed=self._show_join)
        self._started = False
        self._inputs: list[w.DOMWidget] = []
        self._row_inputs: list[w.DOMWidget] = []
        self._editing: int | None = None
        self._confirming: int | None = None
        self._own_seen: list[tuple] = []
        self._syncing = False

        self.header = markup(self._header_html(), "kit-visie-header")
        self.banner = markup("", "kit-closed-banner")
        self.body = classed(w.VBox([]), "kit-participant-body")
        self.root = classed(w.VBox([self.header, self.banner, self.body]), "kit-visie", "kit-participant")
        self.poller = Poller(POLL_SECONDS, self._tick)

    # ----------------------------------------------------------------- page flow

    def start(self) -> None:
        """Begin: ask the browser whether this person already takes part, and start watching the workshop.

        Put :attr:`root` and ``bridge.widget`` on the page (before or after this call).
        """
        self._set_closed(self.closed)
        if not self.closed:
            self._begin()
        self.poller.start()

    def _begin(self) -> None:
        self._started = True
        self.body.children = [markup('<p class="kit-note kit-waiting">Even kijken of je al meedoet …</p>')]
        self.membership.load()

    def _header_html(self, name: str | None = None) -> str:
        return page_header("Visieworkshop sociale veiligheid", self.school_name,
                           participant_lead(name, "Doe mee vanaf je eigen laptop of telefoon."))

    def _show_join(self, card: w.Widget, inputs: list[w.DOMWidget]) -> None:
        self.header.value = self._header_html()
        self._editing = self._confirming = None
        self._inputs, self._row_inputs = inputs, []
        self.body.children = [card]
        self._apply_closed()

    def _show_exercises(self) -> None:
        self.header.value = self._header_html(self.me.pseudonym)
        self._inputs, self._row_inputs = [], []
        self.statement_notice = Notice("kit-statement-message")
        self.own_box = classed(w.VBox([]), "kit-own-statements")
        self.count_label = markup("", "kit-statement-count")
        sections = [self._statements_section(), self._values_section(), self._stellingen_section(),
                    self._switch_section()]
        self.body.children = sections
        self._refresh_own(force=True)
        self._apply_closed()
        focus(self.statement_input)  # joined: the first thing to do is to write a statement

    # ----------------------------------------------------------------- exercise 1: statements

    def _statements_section(self) -> w.VBox:
        self.statement_input = labelled(classed(
            w.Textarea(placeholder="Bijvoorbeeld: Elk kind weet bij wie het terecht kan als het niet goed gaat.",
                       rows=3), "kit-statement-input"),
            "Je uitspraak", hint="Enter voegt toe; Shift+Enter begint een nieuwe regel")
        add = button("Toevoegen", "kit-statement-add", style="primary")
        enter_submits(add, self.statement_input)
        counter = markup(f'<span class="kit-note">0 / {STATEMENT_MAX} tekens</span>', "kit-char-count")

        def count(change):
            n = len(change["new"] or "")
            over = " kit-over" if n > STATEMENT_MAX else ""
            counter.value = f'<span class="kit-note{over}">{n} / {STATEMENT_MAX} tekens</span>'

        self.statement_input.observe(safe(count), "value")

        @safe
        def on_add(_):
            with self.lock:
                text = self.statement_input.value
                if attempt(self.statement_notice, lambda: workshop.add_statement(self.store, self.me.token, text)):
                    self.statement_input.value = ""
                    self.statement_notice.ok("Je uitspraak is opgeslagen.")
                    self._refresh_own(force=True)
                    focus(self.statement_input)  # ready for the next one

        add.on_click(on_add)
        self._inputs += [self.statement_input, add]
        return classed(w.VBox([
            markup('<h2><span class="kit-nr">1</span> Wat is sociale veiligheid voor jou?</h2>'
                   f'<p>Schrijf in korte zinnen wat sociale veiligheid voor jou betekent: één gedachte per '
                   f'uitspraak, hoogstens {MAX_STATEMENTS} uitspraken. Je kunt ze later nog aanpassen of '
                   f'intrekken.</p>'),
            self.statement_input,
            classed(w.HBox([add, counter]), "kit-row"),
            self.statement_notice.widget,
            self.count_label,
            self.own_box,
        ]), "kit-section", "kit-exercise-statements")

    def _refresh_own(self, force: bool = False) -> None:
        own = workshop.own_statements(self.store, self.me.token)
        seen = [(s["id"], s["text"], s["deleted_at"]) for s in own]
        if not force and (seen == self._own_seen or self._editing is not None or self._confirming is not None):
            return
        self._own_seen = seen
        self._row_inputs = []
        active = [s for s in own if not s["deleted_at"]]
        self.count_label.value = (
            f'<p class="kit-note">Je hebt {len(active)} van de {MAX_STATEMENTS} uitspraken gegeven.</p>'
            if own else '<p class="kit-note">Je hebt nog geen uitspraken gegeven.</p>')
        self.own_box.children = [self._own_row(s) for s in own]
        self._apply_closed()

    def _own_row(self, statement: dict) -> w.VBox:
        sid = statement["id"]
        if statement["deleted_at"]:
            return classed(w.VBox([
                user_text(statement["text"], "kit-own-text"),
                markup('<span class="kit-note">De begeleider heeft deze uitspraak verborgen.</span>'),
            ]), "kit-own-statement", "kit-own-hidden")
        if self._editing == sid:
            box = labelled(classed(w.Textarea(value=statement["text"], rows=3), "kit-statement-edit-input"),
                           "Je uitspraak aanpassen", shown=False)
            focus(box)
            save = button("Opslaan", "kit-statement-save", style="primary")
            cancel = button("Annuleren", "kit-statement-cancel")

            @safe
            def on_save(_):
                with self.lock:
                    text = box.value
                    if attempt(self.statement_notice,
                               lambda: workshop.edit_statement(self.store, self.me.token, sid, text)):
                        self._editing = None
                        self.statement_notice.ok("Je aanpassing is opgeslagen.")
                        self._refresh_own(force=True)

            save.on_click(on_save)
            cancel.on_click(safe(lambda _: self._stop_editing()))
            self._row_inputs += [box, save, cancel]
            return classed(w.VBox([box, classed(w.HBox([save, cancel]), "kit-row")]),
                           "kit-own-statement", "kit-editing")
        if self._confirming == sid:
            yes = button("Ja, intrekken", "kit-statement-withdraw-yes", style="danger")
            no = button("Nee", "kit-statement-withdraw-no")
            focus(yes)

            @safe
            def on_yes(_):
                with self.lock:
                    self._confirming = None
                    if attempt(self.statement_notice,
                               lambda: workshop.withdraw_statement(self.store, self.me.token, sid)):
                        self.statement_notice.ok("Je uitspraak is ingetrokken.")
                    self._refresh_own(force=True)

            yes.on_click(on_yes)
            no.on_click(safe(lambda _: self._stop_confirming()))
            self._row_inputs += [yes, no]
            return classed(w.VBox([
                user_text(statement["text"], "kit-own-text"),
                markup('<span class="kit-note">Deze uitspraak intrekken?</span>'),
                classed(w.HBox([yes, no]), "kit-row"),
            ]), "kit-own-statement", "kit-confirming")
        short = " ".join(statement["text"].split())[:60]
        edit = button("Aanpassen", "kit-statement-edit", name=f"Aanpassen: {short}")
        withdraw = button("Intrekken", "kit-statement-withdraw", name=f"Intrekken: {short}")
        edit.on_click(safe(lambda _: self._start_editing(sid)))
        withdraw.on_click(safe(lambda _: self._start_confirming(sid)))
        self._row_inputs += [edit, withdraw]
        return classed(w.VBox([user_text(statement["text"], "kit-own-text"),
                               classed(w.HBox([edit, withdraw]), "kit-row", "kit-row-small")]),
                       "kit-own-statement")

    def _start_editing(self, sid: int) -> None:
        with self.lock:
            self._editing, self._confirming = sid, None
            self.statement_notice.clear()
            self._refresh_own(force=True)

    def _stop_editing(self) -> None:
        with self.lock:
            self._editing = None
            self._refresh_own(force=True)

    def _start_confirming(self, sid: int) -> None:
        with self.lock:
            self._confirming, self._editing = sid, None
            self.statement_notice.clear()
            self._refresh_own(force=True)

    def _stop_confirming(self) -> None:
        with self.lock:
            self._confirming = None
            self._refresh_own(force=True)

    # ----------------------------------------------------------------- exercise 2: values

    def _values_section(self) -> w.VBox:
        budget = self.workshop.votes_per_participant
        mine = set(workshop.own_votes(self.store, self.me.token))
        notice = Notice("kit-vote-message")
        left = markup("", "kit-votes-left")

        def show_left():
            n = budget - len(mine)
            left.value = (f'<p class="kit-votes-left-text"><strong>Je hebt nog {n} van de {budget} '
                          f'{"stem" if budget == 1 else "stemmen"}.</strong></p>')

        cards = []
        for value in workshop.list_values(self.store, self.workshop.id):
            toggle = classed(w.ToggleButton(value=value["id"] in mine, description=value["name"],
                                            tooltip=value["description"]),
                             "kit-value-vote", f"kit-value-{value['id']}")

            def on_toggle(change, value_id=value["id"], toggle=toggle):
                if self._syncing:
                    return
                with self.lock:
                    notice.clear()
                    if change["new"]:
                        ok = attempt(notice, lambda: workshop.cast_vote(self.store, self.me.token, value_id))
                        if ok:
                            mine.add(value_id)
                    else:
                        ok = attempt(notice, lambda: workshop.withdraw_vote(self.store, self.me.token, value_id))
                        if ok:
                            mine.discard(value_id)
                    if not ok:
                        self._syncing = True
                        try:
                            toggle.value = value_id in mine
                        finally:
                            self._syncing = False
                    show_left()

            toggle.observe(safe(on_toggle), "value")
            self._inputs.append(toggle)
            cards.append(classed(w.VBox([toggle, markup(f'<p class="kit-note">{esc(value["description"])}</p>')]),
                                 "kit-value-card"))
        show_left()
        return classed(w.VBox([
            markup('<h2><span class="kit-nr">2</span> Waarden</h2>'
                   f'<p>Welke waarden vind jij het belangrijkst voor een veilige school? Je hebt {budget} '
                   f'{"stem" if budget == 1 else "stemmen"}: klik op een waarde om je stem te geven; nog een keer '
                   f'klikken haalt je stem weer weg.</p>'),
            left,
            classed(w.Box(cards), "kit-value-grid"),
            notice.widget,
        ]), "kit-section", "kit-exercise-values")

    # ----------------------------------------------------------------- exercise 3: stellingen

    def _stellingen_section(self) -> w.VBox:
        ratings = workshop.own_ratings(self.store, self.me.token)
        notice = Notice("kit-rating-message")
        stellingen = workshop.list_stellingen(self.store, self.workshop.id)
        progress = markup("", "kit-rating-progress")
        options = [(label, score) for score, label in workshop.SCALE.items()]

        def show_progress():
            progress.value = (f'<p class="kit-note">Je hebt {len(ratings)} van de {len(stellingen)} stellingen '
                              f'beantwoord.</p>')

        rows = []
        for number, stelling in enumerate(stellingen, start=1):
            scale = labelled(classed(w.ToggleButtons(options=options, value=ratings.get(stelling["id"])),
                                     "kit-scale", f"kit-stelling-{stelling['id']}"),
                             f"{number}. {stelling['text']}", shown=False)  # the answers form a named group

            def on_rate(change, stelling_id=stelling["id"], scale=scale):
                if self._syncing or change["new"] is None:
                    return
                with self.lock:
                    notice.clear()
                    score = change["new"]
                    if attempt(notice, lambda: workshop.rate(self.store, self.me.token, stelling_id, score)):
                        ratings[stelling_id] = score
                    else:
                        self._syncing = True
                        try:
                            scale.value = ratings.get(stelling_id)
                        finally:
                            self._syncing = False
                    show_progress()

            scale.observe(safe(on_rate), "value")
            self._inputs.append(scale)
            rows.append(classed(w.VBox([
                markup(f'<p class="kit-stelling-text"><span class="kit-stelling-nr">{number}.</span> '
                       f'{esc(stelling["text"])}</p>'),
                scale,
            ]), "kit-stelling"))
        show_progress()
        return classed(w.VBox([
            markup('<h2><span class="kit-nr">3</span> Stellingen</h2>'
                   '<p>Hoe eens ben je het met deze stellingen? Er is geen goed of fout antwoord; het gaat om wat '
                   'jij vindt. Je kunt je antwoord veranderen tot de workshop sluit.</p>'),
            progress, *rows, notice.widget,
        ]), "kit-section", "kit-exercise-stellingen")

    # ----------------------------------------------------------------- someone else on this device

    def _switch_section(self) -> w.VBox:
        other = button(f"Ik ben niet {self.me.pseudonym}", "kit-switch-user")

        other.on_click(safe(lambda _: self.membership.leave()))
        return classed(w.VBox([
            markup('<p class="kit-note">Alles wat je invoert, wordt meteen bewaard. Deze browser onthoudt dat jij '
                   'het bent: als je de pagina opnieuw laadt, ga je verder waar je was.</p>'),
            other,
        ]), "kit-section-foot")

    # ----------------------------------------------------------------- closed or open

    def _tick(self) -> None:
        current = workshop.workshop_for_code(self.store, self.code)
        with self.lock:
            if self.closed != (not current.is_open):
                self._set_closed(not current.is_open)
                if not self.closed and not self._started:
                    self._begin()
            if self.me is not None and not self.closed:
                self._refresh_own()

    def _set_closed(self, closed: bool) -> None:
        self.closed = closed
        self.banner.value = closed_banner(closed, CLOSED_TEXT)
        self._apply_closed()

    def _apply_closed(self) -> None:
        for widget in self._inputs + self._row_inputs:
            widget.disabled = self.closed
