"""The participant's page of the action plan (Voila, ``?school=<id>&code=<join code>``).

A participant sees the plan live, gives up to :data:`kit.plan.store.PRIORITY_VOTES`
priority votes and comments on actions. The browser keeps the participant token in
``localStorage`` under the same key as the vision workshop, so someone who joined the
workshop there continues here as the same person (and a reload keeps them). Every vote
and comment is one committed write; a poller keeps the page in step with the store.
"""

from __future__ import annotations

import ipywidgets as w

from kit import workshop
from kit.page import Page
from kit.plan import store as plan
from kit.plan.cards import card_html, participant_year
from kit.plan.facts import load_labels
from kit.plan.store import COMMENT_MAX, PRIORITY_VOTES
from kit.live.browser import Poller
from kit.live.header import closed_banner, page_header, participant_lead
from kit.live.pages import ParticipantPage
from kit.live.ui import Notice, attempt, button, classed, enter_submits, esc, focus, labelled, markup, safe

POLL_SECONDS = 3.0
CLOSED_TEXT = "De workshop is gesloten: je kunt het plan bekijken, maar niet meer reageren of stemmen."


class ActionCard:
    """One action as a participant sees it: the action, a priority vote and the comments."""

    def __init__(self, app: "PlanParticipantApp", action_id: int):
        self.app = app
        self.id = action_id
        self.shown: tuple | None = None
        self.comments_shown: tuple | None = None
        self.body = markup("", "kit-card-body")
        self.vote = classed(w.ToggleButton(value=False, description="★ Prioriteit",
                                           tooltip="Geef deze actie een van je stemmen"), "kit-plan-vote", "kit-named")
        self.comment = labelled(classed(w.Textarea(placeholder="Je reactie op deze actie", rows=2),
                                        "kit-comment-input"), "Je reactie op deze actie", shown=False)
        self.send = button("Reageren", "kit-comment-send", name="Reageren op deze actie")
        enter_submits(self.send, self.comment)
        self.notice = Notice("kit-comment-message")
        self.comments = classed(w.VBox([]), "kit-card-comments")
        self.vote.observe(safe(self._vote_changed), "value")
        self.send.on_click(safe(lambda _: self._send()))
        self.inputs = [self.vote, self.comment, self.send]
        self.form = classed(w.VBox([self.comment, self.send]), "kit-comment-form")
        self.widget = classed(w.VBox([self.body, self.vote, self.comments, self.form, self.notice.widget]),
                              "kit-action-card", f"kit-action-{action_id}")
        self._syncing = False

    def update(self, action: dict, number: int, votes: int, comments: list[dict], mine: bool) -> None:
        shown = (number, tuple(sorted((k, str(v)) for k, v in action.items())), votes)
        if shown != self.shown:
            self.shown = shown
            self.body.value = card_html(action, number, votes, self.app.labels)
            title = f"actie {number}, {action.get('title') or ''}".strip(", ")  # distinct names per card
            self.vote.tooltip = f"Prioriteit: {title}"
            self.comment.description = f"Je reactie op {title}"
            self.send.tooltip = f"Reageren op {title}"
        if self.vote.value != mine:
            self._syncing = True
            try:
                self.vote.value = mine
            finally:
                self._syncing = False
        me = self.app.me.id if self.app.me else None
        visible = [c for c in comments if not c["hidden"]]
        seen = tuple((c["id"], c["text"], c["participant_id"] == me) for c in visible)
        if seen != self.comments_shown:
            self.comments_shown = seen
            self.comments.children = [markup(
                f'<div class="kit-comment{" kit-comment-own" if c["participant_id"] == me else ""}">'
                f'<div class="kit-usertext kit-comment-text">{esc(c["text"])}</div>'
                + ('<span class="kit-note">jouw reactie</span>' if c["participant_id"] == me else "")
                + "</div>") for c in visible]

    def _vote_changed(self, change: dict) -> None:
        if self._syncing:
            return
        self.app.vote(self, change["new"])

    def _send(self) -> None:
        self.app.send_comment(self)


class PlanParticipantApp(ParticipantPage):
    """One participant's page. Build it, then call :meth:`start` once (with :attr:`root` on the page)."""

    def __init__(self, page: Page, store: workshop.Store, code: str, school_name: str):
        super().__init__(
            page, store, code, school_name,
            f"Daarna kun je op acties reageren en {PRIORITY_VOTES} stemmen geven aan de acties die jij het "
            "belangrijkst vindt.", on_joined=self._joined, on_join_needed=self._show_join)
        self.year = participant_year(page.school_dir, store)
        self.labels = load_labels(page.school_dir)
        self.cards: dict[int, ActionCard] = {}
        self.mine: set[int] = set()
        self.snapshot: dict | None = None
        self.header = markup(self._header_html(), "kit-plan-header")
        self.banner = markup("", "kit-closed-banner")
        self.votes_left = markup("", "kit-votes-left")
        self.vote_notice = Notice("kit-vote-message")
        self.join_box = classed(w.VBox([]), "kit-join-box")
        self.join_inputs: list[w.DOMWidget] = []
        self.cards_box = classed(w.VBox([]), "kit-action-cards")
        cards_heading = markup('<h2 class="kit-visually-hidden">Acties in het plan</h2>', "kit-tab-heading")
        self.root = classed(w.VBox([self.header, self.banner, self.join_box, self.votes_left, self.vote_notice.widget,
                                    cards_heading, self.cards_box]), "kit-plan", "kit-plan-participant")
        self.poller = Poller(POLL_SECONDS, self.refresh)

    def _header_html(self) -> str:
        return page_header(f"Actieplan sociale veiligheid · schooljaar {self.year}", self.school_name,
                           participant_lead(self.me.pseudonym if self.me else None,
                                            "Het actieplan van de school, live."))

    # ----------------------------------------------------------------- page flow

    def start(self) -> None:
        self._set_closed(self.closed)
        self.refresh(force=True)
        self.join_box.children = [markup('<p class="kit-note kit-waiting">Even kijken of je al meedoet …</p>')]
        self.membership.load()
        self.poller.start()

    def _show_join(self, card: w.Widget, inputs: list[w.DOMWidget]) -> None:
        self.header.value = self._header_html()
        self.join_inputs = inputs
        self.join_box.children = [card]
        self._apply_inputs()

    def _joined(self) -> None:
        self.header.value = self._header_html()
        self.join_box.children = []
        self.refresh(force=True)
        focus(self.votes_left)  # joined: how many votes there are to give, then the actions

    # ----------------------------------------------------------------- live

    def refresh(self, force: bool = False) -> None:
        snapshot = plan.plan_snapshot(self.store, self.year)
        current = workshop.workshop_for_code(self.store, self.code)
        mine = plan.own_priority_votes(self.store, self.me.token) if self.me else set()
        with self.lock:
            if current.is_open == (not self.closed) and snapshot == self.snapshot and mine == self.mine and not force:
                return
            if current.is_open == self.closed:
                self._set_closed(not current.is_open)
            self.snapshot, self.mine = snapshot, mine
            self._render()

    def _render(self) -> None:
        s = self.snapshot
        live = {a["id"] for a in s["actions"]}
        for action_id in list(self.cards):
            if action_id not in live:
                del self.cards[action_id]
        children = []
        for number, action in enumerate(s["actions"], start=1):
            card = self.cards.get(action["id"])
            if card is None:
                card = self.cards[action["id"]] = ActionCard(self, action["id"])
            card.update(action, number, s["votes"].get(action["id"], 0), s["comments"].get(action["id"], []),
                        action["id"] in self.mine)
            children.append(card.widget)
        if not children:
            children = [markup('<div class="kit-box kit-todo"><strong>Er staan nog geen acties in het plan.</strong>'
                               '<p>Zodra de begeleider acties in het plan zet, verschijnen ze hier vanzelf.</p></div>')]
        if [c.model_id for c in self.cards_box.children] != [c.model_id for c in children]:
            self.cards_box.children = children
        if self.me:
            left = PRIORITY_VOTES - len(self.mine)
            self.votes_left.value = (f'<p class="kit-votes-left-text"><strong>Je hebt nog {left} van de '
                                     f'{PRIORITY_VOTES} stemmen.</strong> Klik op ★ Prioriteit bij de acties die jij '
                                     'het belangrijkst vindt; nog een keer klikken haalt je stem weg.</p>')
        else:
            self.votes_left.value = ""
        self._apply_inputs()

    def _set_closed(self, closed: bool) -> None:
        self.closed = closed
        self.banner.value = closed_banner(closed, CLOSED_TEXT)
        self._apply_inputs()

    def _apply_inputs(self) -> None:
        for widget in self.join_inputs:
            widget.disabled = self.closed
        blocked = self.closed or self.me is None
        for card in self.cards.values():
            for widget in card.inputs:
                widget.disabled = blocked
            card.vote.layout.display = "none" if self.me is None else ""
            card.form.layout.display = "none" if blocked else ""

    # ----------------------------------------------------------------- votes and comments

    def vote(self, card: ActionCard, on: bool) -> None:
        with self.lock:
            self.vote_notice.clear()
            if on:
                ok = attempt(self.vote_notice, lambda: plan.cast_priority_vote(self.store, self.me.token, card.id))
            else:
                ok = attempt(self.vote_notice, lambda: plan.withdraw_priority_vote(self.store, self.me.token, card.id))
            if not ok:
                card._syncing = True
                try:
                    card.vote.value = card.id in self.mine
                finally:
                    card._syncing = False
            attempt(None, lambda: self.refresh(force=True))

    def send_comment(self, card: ActionCard) -> None:
        with self.lock:
            text = card.comment.value
            if attempt(card.notice, lambda: plan.add_comment(self.store, self.me.token, card.id, text)):
                card.comment.value = ""
                card.notice.ok("Je reactie is opgeslagen.")
                attempt(None, lambda: self.refresh(force=True))


__all__ = ["PlanParticipantApp", "COMMENT_MAX"]
