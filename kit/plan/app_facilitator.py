"""The facilitator's page of the action plan (Voila, ``?school=<id>&key=<facilitator key>``).

Tabs: the plan (a table of actions: edit in a form, move up or down, remove; one-click
undo of the last change), the proposals (accept one with its reason), the timeline,
the legal checklist and the evaluation of earlier targets. A daemon thread reads the
store every :data:`POLL_SECONDS`, so participants' votes and comments (and another
facilitator tab) appear by themselves. Every change is one write to the shared store,
kept in the action's history.
"""

from __future__ import annotations

import base64
from dataclasses import replace
from typing import Callable

import ipywidgets as w
from IPython.display import display

from kit import workshop
from kit.page import Page
from kit.plan import store as plan
from kit.plan.checklist import load_checklist, summary_counts
from kit.plan.catalogue import load_catalogue
from kit.plan.charts import timeline_alt
from kit.plan.evaluation import evaluate_targets
from kit.plan.facts import Facts, gather_facts, target_text
from kit.plan.form import ActionForm, owner_options
from kit.plan.model import PRIORITIES, STATUSES, short_date, smart_warnings
from kit.plan.proposals import build_overview
from kit.render import render
from kit.live.browser import Poller
from kit.live.header import join_banner, live_stamp, page_header
from kit.live.pages import FacilitatorPage
from kit.live.ui import Notice, attempt, button, classed, esc, focus, markup, safe, titled_tabs

POLL_SECONDS = 1.0  # a participant's entry is on the screen within 2 s (benchmarks/bench_light.py)
TAB_TITLES = ("Plan", "Voorstellen", "Tijdlijn", "Checklist", "Evaluatie")
NOTEBOOK = "04_actieplan.ipynb"


def _count(n: int, one: str, many: str) -> str:
    return f"{n} {one if n == 1 else many}"


def _warnings_html(action: dict, today) -> str:
    warnings = smart_warnings(action, today)
    return "".join(f'<div class="kit-warning">{esc(x["text"])}</div>' for x in warnings)


class ActionRow:
    """One action in the plan table: a summary line, its buttons, its editor (when open) and its comments."""

    def __init__(self, app: "PlanFacilitatorApp", action_id: int):
        self.app = app
        self.id = action_id
        self.shown: tuple | None = None
        self.comments_shown: tuple | None = None
        self.form: ActionForm | None = None
        self.summary = markup("", "kit-plan-cells")
        up = button("↑", "kit-action-up", name="Eén plaats omhoog")
        down = button("↓", "kit-action-down", name="Eén plaats omlaag")
        edit = button("Bewerken", "kit-action-edit", name="Bewerken")
        remove = button("Verwijderen", "kit-action-remove", name="Verwijderen (terug te zetten)")
        self._named = (up, down, edit, remove)
        up.on_click(safe(lambda _: app.move(self.id, -1)))
        down.on_click(safe(lambda _: app.move(self.id, +1)))
        edit.on_click(safe(lambda _: app.start_editing(self.id)))
        remove.on_click(safe(lambda _: app.remove(self.id)))
        self.buttons = classed(w.HBox([up, down, edit, remove]), "kit-row", "kit-action-buttons")
        self.editor = classed(w.VBox([]), "kit-action-editor")
        self.comments = classed(w.VBox([]), "kit-action-comments")
        self.widget = classed(w.VBox([self.summary, self.buttons, self.editor, self.comments]), "kit-plan-action",
                              f"kit-action-{action_id}")

    def update(self, action: dict, number: int, votes: int, comments: list[dict]) -> None:
        today = self.app.facts.today
        shown = (number, tuple(sorted((k, str(v)) for k, v in action.items())), votes, today)
        if shown != self.shown:
            self.shown = shown
            self.summary.value = render_cells(action, number, votes, self.app.facts, len(comments))
            what = f"actie {number}, {action.get('title') or ''}".strip(", ")  # distinct names per row
            for widget, name in zip(self._named, ("Eén plaats omhoog", "Eén plaats omlaag", "Bewerken",
                                                  "Verwijderen (terug te zetten)")):
                widget.tooltip = f"{name}: {what}"
        visible = tuple((c["id"], c["text"], c["hidden"]) for c in comments)
        if visible != self.comments_shown:
            self.comments_shown = visible
            self.comments.children = [self._comment(c) for c in comments]

    def _comment(self, comment: dict) -> w.HBox:
        text = markup(f'<div class="kit-usertext kit-comment-text">{esc(comment["text"])}</div>', "kit-comment-body")
        if comment["hidden"]:
            toggle = button("Weer tonen", "kit-comment-show", name=f"Weer tonen: reactie {_short(comment['text'])}")
            toggle.on_click(safe(lambda _: self.app.hide_comment(comment["id"], hidden=False)))
            return classed(w.HBox([text, toggle]), "kit-comment", "kit-comment-hidden")
        toggle = button("Verbergen", "kit-comment-hide", name=f"Verbergen: reactie {_short(comment['text'])}")
        toggle.on_click(safe(lambda _: self.app.hide_comment(comment["id"], hidden=True)))
        return classed(w.HBox([text, toggle]), "kit-comment")

    def open_editor(self, form: ActionForm, save: w.Button, cancel: w.Button, notice: Notice) -> None:
        self.form = form
        self.editor.children = [form.widget, classed(w.HBox([save, cancel]), "kit-row"), notice.widget]
        self.widget.add_class("kit-editing")
        focus(form.title)

    def close_editor(self) -> None:
        self.form = None
        self.editor.children = []
        self.widget.remove_class("kit-editing")


def render_cells(action: dict, number: int, votes: int, facts: Facts, comments: int = 0) -> str:
    """The summary line of an action as table-like cells (everything typed is escaped)."""
    target = target_text(facts.labels, action.get("target")) or action.get("target_text") or ""
    owner = esc(action["owner"]) if action.get("owner") else '<span class="kit-missing">geen eigenaar</span>'
    deadline = (esc(short_date(action["deadline"])) if action.get("deadline")
                else '<span class="kit-missing">geen deadline</span>')
    reaction = f' · {comments} {"reactie" if comments == 1 else "reacties"}' if comments else ""
    return (
        f'<div class="kit-cells">'
        f'<div class="kit-cell kit-cell-nr">{number}</div>'
        f'<div class="kit-cell kit-cell-title"><strong class="kit-action-title">{esc(action["title"])}</strong>'
        + (f'<div class="kit-note kit-action-target">Doel: {esc(target)}</div>' if target else "")
        + (f'<details class="kit-why"><summary>Waarom</summary><div class="kit-note kit-action-reason">'
           f'{esc(action["reason"])}</div></details>' if action.get("reason") else "")
        + _warnings_html(action, facts.today) + "</div>"
        f'<div class="kit-cell kit-cell-owner" data-label="Eigenaar">{owner}</div>'
        f'<div class="kit-cell kit-cell-deadline" data-label="Deadline">{deadline}</div>'
        f'<div class="kit-cell kit-cell-status" data-label="Status">'
        f'<span class="kit-badge kit-status-{action["status"]}">{STATUSES[action["status"]]}</span>'
        f'<div class="kit-note">prioriteit {PRIORITIES[action["priority"]]}</div></div>'
        f'<div class="kit-cell kit-cell-votes" data-label="Stemmen"><span class="kit-votes">★ {votes}</span>'
        f'<span class="kit-note">{reaction}</span></div>'
        "</div>")


HEADER_CELLS = ('<div class="kit-cells kit-cells-head"><div class="kit-cell kit-cell-nr">Nr</div>'
                '<div class="kit-cell kit-cell-title">Actie</div><div class="kit-cell kit-cell-owner">Eigenaar</div>'
                '<div class="kit-cell kit-cell-deadline">Deadline</div>'
                '<div class="kit-cell kit-cell-status">Status</div>'
                '<div class="kit-cell kit-cell-votes">Stemmen</div></div>')


class ProposalCard:
    """One proposal: what, why (with the figure), suggested owner and target, and "Overnemen"."""

    def __init__(self, app: "PlanFacilitatorApp", proposal_id: str):
        self.app = app
        self.id = proposal_id
        self.shown: tuple | None = None
        self.body = markup("", "kit-proposal-body")
        self.accept = button("Overnemen in het plan", "kit-proposal-accept", style="primary")
        self.accept.on_click(safe(lambda _: app.accept(self.id)))
        self.widget = classed(w.VBox([self.body, self.accept]), "kit-proposal-card", f"kit-proposal-{proposal_id}")

    def update(self, proposal: dict) -> None:
        shown = (proposal["in_plan"], proposal["reason"], proposal["owner"], proposal["target_label"])
        if shown == self.shown:
            return
        self.shown = shown
        taken = ' <span class="kit-badge kit-badge-klaar">in het plan</span>' if proposal["in_plan"] else ""
        target = proposal["target_label"] or proposal["target_text"]
        months = proposal["horizon_months"]
        self.body.value = (
            f'<h3>{esc(proposal["title"])}{taken}</h3>'
            f'<p class="kit-proposal-why"><span>Waarom:</span> {esc(proposal["reason"])}</p>'
            f'<p class="kit-proposal-what">{esc(proposal["description"])}</p>'
            f'<p class="kit-note">Eigenaar: {esc(proposal["owner"])} · {months} {"maand" if months == 1 else "maanden"}'
            f' · prioriteit {esc(proposal["priority_label"])}</p>'
            f'<p class="kit-note">Doel: {esc(target)}</p>')
        self.accept.disabled = proposal["in_plan"]
        self.accept.description = "Staat in het plan" if proposal["in_plan"] else "Overnemen in het plan"
        if proposal["in_plan"]:
            self.widget.add_class("kit-proposal-taken")
        else:
            self.widget.remove_class("kit-proposal-taken")


class PlanFacilitatorApp(FacilitatorPage):
    """The facilitator's page. Build it, then call :meth:`show` once."""

    notebook = NOTEBOOK

    def __init__(self, page: Page, store: workshop.Store, key: str, school_name: str):
        super().__init__(page, store, key, school_name)
        self.facts = gather_facts(page.school_dir, store=store, strict=False)
        self.year = self.facts.plan_year
        self._checklist = load_checklist()
        self._catalogue = load_catalogue()
        self.overview = build_overview(self.facts, self._checklist, self._catalogue)
        self.owners = owner_options(self.facts.profile, self.overview["proposals"])
        self.snapshot: dict | None = None
        self.rows: dict[int, ActionRow] = {}
        self.cards: dict[str, ProposalCard] = {}
        self.editing: int | None = None  # action id, or 0 for a new action
        self._undo: list[tuple[str, Callable[[], object]]] = []
        self._timeline_dirty = True
        self._seen_overview: tuple | None = None

        survey = (self.facts.findings or {}).get("year")
        lead = f"Schooljaar {self.year}" + (f" · enquête {survey}" if survey else " · nog geen enquête")
        self.header = markup(page_header("Actieplan sociale veiligheid · begeleider", school_name,
                                         f'<p class="kit-lead">{esc(lead)}</p>'), "kit-plan-header")
        self.undo_button = button("Ongedaan maken", "kit-undo")
        self.undo_button.layout.display = "none"
        # A message stays in view at the bottom of the window and goes after a few seconds, with its undo
        # button (the next action shows the undo again while there is something to undo).
        self.notice = Notice("kit-plan-message", transient=12.0,
                             on_clear=lambda: setattr(self.undo_button.layout, "display", "none"))
        self.undo_button.on_click(safe(lambda _: self.undo()))
        self.tabs = classed(w.Tab(children=[self._plan_panel(), self._proposals_panel(), self._timeline_panel(),
                                            self._checklist_panel(), self._evaluation_panel()]), "kit-tabs")
        titled_tabs(self.tabs, TAB_TITLES)
        self.tabs.observe(safe(lambda change: self._tab_changed()), "selected_index")
        top = classed(w.HBox([self.stats, self.updated]), "kit-toolbar")
        message = classed(w.HBox([self.notice.widget, self.undo_button]), "kit-row", "kit-message-row", "kit-toast")
        self.root = classed(w.VBox([self.nav, self.header, self.join_info, top, message, self.tabs]), "kit-plan",
                            "kit-plan-facilitator")
        self.poller = Poller(POLL_SECONDS, self.guarded(self.refresh))

    # ----------------------------------------------------------------- panels

    def _plan_panel(self) -> w.VBox:
        add = button("Eigen actie toevoegen", "kit-action-add", style="primary")
        add.on_click(safe(lambda _: self.start_editing(0)))
        self.new_box = classed(w.VBox([]), "kit-new-action")
        self.rows_box = classed(w.VBox([]), "kit-plan-rows")
        self.empty = markup("", "kit-plan-empty-note")
        self.removed_box = classed(w.VBox([]), "kit-removed-actions")
        return classed(w.VBox([
            markup('<p class="kit-note">Neem voorstellen over (tabblad Voorstellen) of voeg een eigen actie toe. '
                   'Met Bewerken vult u eigenaar, deadline en doel in; elke wijziging wordt bewaard en is terug te '
                   'zien in de geschiedenis. Deelnemers zien het plan live en kunnen reageren en stemmen.</p>'),
            classed(w.HBox([add]), "kit-row"),
            self.new_box,
            markup(HEADER_CELLS, "kit-plan-head"),
            self.empty,
            self.rows_box,
            self.removed_box,
        ]), "kit-panel", "kit-panel-plan")

    def _proposals_panel(self) -> w.VBox:
        self.proposals_intro = markup("", "kit-proposals-intro")
        self.proposals_box = classed(w.Box([]), "kit-proposal-grid")
        return classed(w.VBox([self.proposals_intro, self.proposals_box]), "kit-panel", "kit-panel-proposals")

    def _timeline_panel(self) -> w.VBox:
        self.timeline = markup("", "kit-timeline")  # an <img> with a text alternative (w.Image has no alt)
        self.timeline_note = markup("", "kit-timeline-note")
        return classed(w.VBox([self.timeline_note, self.timeline]), "kit-panel", "kit-panel-timeline")

    def _checklist_panel(self) -> w.VBox:
        self.checklist_html = markup("", "kit-checklist-live")
        return classed(w.VBox([self.checklist_html]), "kit-panel", "kit-panel-checklist")

    def _evaluation_panel(self) -> w.VBox:
        self.evaluation_html = markup("", "kit-evaluation-live")
        return classed(w.VBox([self.evaluation_html]), "kit-panel", "kit-panel-evaluation")

    # ----------------------------------------------------------------- showing and refreshing

    def show(self) -> None:
        self.refresh(force=True)
        if self.facts.survey_problem:
            self.notice.error("De enquête-export van deze school kon niet worden gelezen; de voorstellen uit de "
                              "enquête ontbreken daarom. Stap 3 (Enquête) zegt wat er mis is.")
        if not self.snapshot["actions"] and self.overview["proposals"]:
            self.tabs.selected_index = 1
        display(self.root)
        self.poller.start()

    def refresh(self, force: bool = False) -> None:
        """Read the store; redraw what changed (called by the poller and after every action)."""
        snapshot = plan.plan_snapshot(self.store, self.year)
        current = workshop.workshop_for_key(self.store, self.key)
        with self.lock:
            if snapshot == self.snapshot and current == self.workshop and not force:
                return
            self.snapshot, self.workshop = snapshot, current
            self.facts = replace(self.facts, actions=plan.list_actions(self.store))
            self.overview = build_overview(self.facts, self._checklist, self._catalogue)
            self._render()
            self.updated.value = live_stamp()

    def _render(self) -> None:
        s = self.snapshot
        self.join_info.value = self._join_html()
        votes = sum(s["votes"].values())
        comments = sum(1 for items in s["comments"].values() for c in items if not c["hidden"])
        open_proposals = sum(1 for p in self.overview["proposals"] if not p["in_plan"])
        warned = sum(1 for a in s["actions"] if smart_warnings(a, self.facts.today))
        self.stats.value = (
            f'<p class="kit-stats-line"><strong>{len(s["actions"])}</strong> acties · <strong>{warned}</strong> nog '
            f'niet SMART · <strong>{open_proposals}</strong> voorstellen open · {_count(votes, "stem", "stemmen")} · '
            f'{_count(comments, "reactie", "reacties")}</p>')
        self._render_rows()
        self._render_proposals()
        self._render_checklist_and_evaluation()
        self._timeline_dirty = True
        if self.tabs.selected_index == 2:
            self._render_timeline()

    def _join_html(self) -> str:
        return join_banner(self.link, self.workshop.join_code, self.workshop.is_open,
                           "Bekijk het plan, reageer en stem op je laptop of telefoon:",
                           "Deelnemers kunnen het plan bekijken, maar niet reageren of stemmen.")

    def _render_rows(self) -> None:
        s = self.snapshot
        live = {a["id"] for a in s["actions"]}
        for action_id in list(self.rows):
            if action_id not in live and action_id != self.editing:
                del self.rows[action_id]
        children = []
        for number, action in enumerate(s["actions"], start=1):
            row = self.rows.get(action["id"])
            if row is None:
                row = self.rows[action["id"]] = ActionRow(self, action["id"])
            row.update(action, number, s["votes"].get(action["id"], 0),
                       s["comments"].get(action["id"], []))
            children.append(row.widget)
        if [c.model_id for c in self.rows_box.children] != [c.model_id for c in children]:
            self.rows_box.children = children
        self.empty.value = ("" if s["actions"] else
                            '<div class="kit-box kit-todo"><strong>Er staan nog geen acties in het plan.</strong>'
                            '<p>Neem een voorstel over of voeg een eigen actie toe.</p></div>')
        removed_rows = []
        if s["removed"]:
            removed_rows.append(markup(f'<h3 class="kit-removed-title">Verwijderde acties <span class="kit-count">'
                                       f'{len(s["removed"])}</span></h3>'))
        for action in s["removed"]:
            restore = button("Terugzetten", "kit-action-restore", name=f"Terugzetten: {action['title']}")
            restore.on_click(safe(lambda _, aid=action["id"]: self.restore(aid)))
            removed_rows.append(classed(w.HBox([markup(f'<span class="kit-removed-name">{esc(action["title"])}</span>'),
                                                restore]), "kit-row", "kit-removed-row"))
        seen = tuple((a["id"], a["title"]) for a in s["removed"])
        if seen != getattr(self, "_removed_seen", None):
            self._removed_seen = seen
            self.removed_box.children = removed_rows

    def _render_proposals(self) -> None:
        proposals = self.overview["proposals"]
        seen = tuple((p["id"], p["in_plan"]) for p in proposals)
        if seen == self._seen_overview:
            return
        self._seen_overview = seen
        open_count = sum(1 for p in proposals if not p["in_plan"])
        self.proposals_intro.value = (
            f'<p>De kit stelt <strong>{len(proposals)}</strong> acties voor op grond van de enquête, de wettelijke '
            f'checklist en de waarden uit de visie; <strong>{open_count}</strong> staan nog niet in het plan. Bij '
            'elk voorstel staat waarom. Overnemen zet het in het plan; daarna past u het aan.</p>'
            if proposals else '<p class="kit-note">De regels van de kit geven voor deze school geen voorstellen. '
                              'Voeg eigen acties toe in het tabblad Plan.</p>')
        cards = []
        for proposal in sorted(proposals, key=lambda p: p["in_plan"]):
            card = self.cards.get(proposal["id"])
            if card is None:
                card = self.cards[proposal["id"]] = ProposalCard(self, proposal["id"])
            card.update(proposal)
            cards.append(card.widget)
        self.proposals_box.children = cards

    def _render_checklist_and_evaluation(self) -> None:
        checklist = self.overview["checklist"]
        counts = summary_counts(checklist)
        self.checklist_html.value = (
            f'<p>Wat de wet en de Inspectie vragen: <strong>{counts["met"]}</strong> voldaan, <strong>'
            f'{counts["missing"]}</strong> ontbreekt, <strong>{counts["to_check"]}</strong> te controleren. De kit '
            'kijkt in het schoolprofiel, de enquête en het plan, en zegt niet meer dan die laten zien.</p>'
            + render("plan_checklist.html.j2", checklist=checklist))
        evaluation = evaluate_targets(self.facts)
        self.evaluation_html.value = render("plan_evaluation.html.j2", evaluation=evaluation)

    def _tab_changed(self) -> None:
        if self.tabs.selected_index == 2 and self._timeline_dirty:
            with self.lock:
                self._render_timeline()

    def _render_timeline(self) -> None:
        from kit.charts import png_bytes
        from kit.plan.charts import timeline_chart

        actions = self.snapshot["actions"]
        self._timeline_dirty = False
        if not any(a.get("start") or a.get("deadline") for a in actions):
            self.timeline_note.value = '<p class="kit-note">Nog geen actie heeft een start of een deadline.</p>'
            self.timeline.layout.display = "none"
            return
        self.timeline_note.value = ('<p class="kit-note">Elke balk loopt van de start tot de deadline; de kleur is de '
                                    'status. De stippellijn is vandaag.</p>')
        data = png_bytes(timeline_chart(actions, self.year, self.facts.today))
        self.timeline.value = (f'<img src="data:image/png;base64,{base64.b64encode(data).decode("ascii")}" '
                               f'alt="{esc(timeline_alt(actions, self.year))}">')
        self.timeline.layout.display = ""

    # ----------------------------------------------------------------- actions

    def _act(self, action: Callable[[], object], done: str = "", undo: tuple[str, Callable] | None = None,
             notice: Notice | None = None) -> bool:
        notice = notice or self.notice
        with self.lock:
            result: list = []
            ok = attempt(notice, lambda: result.append(action()))
            if ok:
                if done:
                    notice.ok(done)
                if undo is not None:
                    self._undo.append(undo)
                self._show_undo()
                attempt(None, lambda: self.refresh(force=True))
            return ok

    def _show_undo(self) -> None:
        if self._undo:
            self.undo_button.description = f"Ongedaan maken: {self._undo[-1][0]}"
            self.undo_button.layout.display = ""
        else:
            self.undo_button.layout.display = "none"

    def undo(self) -> None:
        with self.lock:
            if not self._undo:
                return
            label, inverse = self._undo.pop()
            self._act(inverse, f"Ongedaan gemaakt: {label}.")
            self._show_undo()

    def accept(self, proposal_id: str) -> None:
        proposal = next((p for p in self.overview["proposals"] if p["id"] == proposal_id), None)
        if proposal is None:
            self.notice.error("Dit voorstel is er niet meer.")
            return
        created: list[int] = []

        def action():
            created.append(plan.accept_proposal(self.store, self.key, self.year, proposal))

        if self._act(action, f"'{proposal['title']}' staat nu in het plan. Vul aan met Bewerken."):
            self._undo.append(("voorstel overgenomen", lambda: plan.remove_action(self.store, self.key, created[0])))
            self._show_undo()

    def move(self, action_id: int, offset: int) -> None:
        self._act(lambda: plan.move_action(self.store, self.key, action_id, offset),
                  undo=("verplaatst", lambda: plan.move_action(self.store, self.key, action_id, -offset)))

    def remove(self, action_id: int) -> None:
        if self.editing == action_id:
            self.stop_editing()
        self._act(lambda: plan.remove_action(self.store, self.key, action_id),
                  "Actie verwijderd. Ongedaan maken kan met de knop hiernaast of met Terugzetten onderaan.",
                  undo=("actie verwijderd", lambda: plan.restore_action(self.store, self.key, action_id)))

    def restore(self, action_id: int) -> None:
        self._act(lambda: plan.restore_action(self.store, self.key, action_id), "Actie teruggezet.",
                  undo=("actie teruggezet", lambda: plan.remove_action(self.store, self.key, action_id)))

    def hide_comment(self, comment_id: int, hidden: bool) -> None:
        self._act(lambda: plan.hide_comment(self.store, self.key, comment_id, hidden=hidden),
                  "Reactie verborgen." if hidden else "Reactie weer zichtbaar.",
                  undo=("reactie verborgen" if hidden else "reactie getoond",
                        lambda: plan.hide_comment(self.store, self.key, comment_id, hidden=not hidden)))

    # ----------------------------------------------------------------- editing

    def start_editing(self, action_id: int) -> None:
        with self.lock:
            self.stop_editing()
            if action_id:
                action = next((a for a in self.snapshot["actions"] if a["id"] == action_id), None)
                if action is None:
                    return
            else:
                action = {"target": None}
            form = ActionForm(action, self.facts.labels, self.year, self.owners)
            notice = Notice("kit-form-message")
            save = button("Opslaan", "kit-action-save", style="primary")
            cancel = button("Annuleren", "kit-action-cancel")
            save.on_click(safe(lambda _: self._save(action_id, form, notice)))
            cancel.on_click(safe(lambda _: self.stop_editing()))
            self.editing = action_id
            if action_id:
                self.rows[action_id].open_editor(form, save, cancel, notice)
            else:
                self.new_box.children = [markup("<h3>Eigen actie</h3>"), form.widget,
                                         classed(w.HBox([save, cancel]), "kit-row"), notice.widget]
                self.new_box.add_class("kit-editing")

    def stop_editing(self) -> None:
        with self.lock:
            if self.editing and self.editing in self.rows:
                self.rows[self.editing].close_editor()
            self.new_box.children = []
            self.new_box.remove_class("kit-editing")
            self.editing = None

    def _save(self, action_id: int, form: ActionForm, notice: Notice) -> None:
        values = form.values()
        if not action_id:
            created: list[int] = []

            def add():
                created.append(plan.add_action(self.store, self.key, self.year, values))

            if self._act(add, notice=notice):
                self._undo.append(("actie toegevoegd", lambda: plan.remove_action(self.store, self.key, created[0])))
                self.stop_editing()
                self.notice.ok("De actie staat in het plan.")
                self._show_undo()
            return
        before = next((a for a in self.snapshot["actions"] if a["id"] == action_id), None)
        previous = {k: before[k] for k in values} if before else {}
        changed: list[bool] = []

        def edit():
            changed.append(plan.update_action(self.store, self.key, action_id, values))

        if self._act(edit, notice=notice):
            self.stop_editing()
            if changed and changed[0]:
                self._undo.append(("wijziging",
                                   lambda: plan.update_action(self.store, self.key, action_id, previous)))
                self.notice.ok("Opgeslagen.")
            else:
                self.notice.ok("Er was niets gewijzigd.")
            self._show_undo()


show_facilitator = PlanFacilitatorApp.shown


def _short(text: str, limit: int = 50) -> str:
    """The start of a comment, to tell its buttons apart from those of the others."""
    text = " ".join(text.split())
    return text if len(text) <= limit else text[:limit - 1].rstrip() + "…"
