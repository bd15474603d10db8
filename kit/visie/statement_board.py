"""The statements on the facilitator's vision page: each theme group is one HTML widget, the actions a fixed set of controls.

A whole staff writes at once (200 people, 600 statements within a minute). With one set of
widgets per statement (text, labelled theme menu, buttons, boxes: about 16 models each) the
poller thread created hundreds of models a second; the widget manager in the browser then
failed ("widget model not found", "Could not process update msg") and a group that failed once
never drew again. Here the number of widgets does not grow with the statements:

* every theme group (and the hidden statements) is one HTML widget with all its cards as HTML,
  numbered (``#12``), user text escaped, redrawn only when what it shows changed;
* the actions go through one set of native, labelled controls: "Uitspraak" (the statement, by
  number and text), "Thema" with "Thema toewijzen", "Verbergen", and for a hidden statement its
  own menu with "Terugzetten". After an assignment the next statement without a theme is chosen,
  so sorting a room's statements is: choose the theme, press the button, again.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import ipywidgets as w

from kit.live.ui import button, classed, esc, labelled, markup, safe
from kit.visie.results import NO_THEME, Results, ThemeGroup

if TYPE_CHECKING:  # pragma: no cover
    from kit.visie.app_facilitator import FacilitatorApp

NO_THEME_VALUE = 0
LABEL_CHARS = 70  # a statement's text in the menus is cut to this many characters


def short(text: str, limit: int = LABEL_CHARS) -> str:
    """The start of a statement on one line, to tell it apart in a menu."""
    text = " ".join(text.split())
    return text if len(text) <= limit else text[:limit - 1].rstrip() + "…"


def statement_label(statement: dict) -> str:
    """How a statement is named in the menus: its number and the start of its text (``#12 · Iedereen …``)."""
    return f'#{statement["number"]} · {short(statement["text"])}'


def card_html(statement: dict, show_names: bool) -> str:
    """One statement card: its number, its text (escaped) and, when names are shown, the pseudonym."""
    by = f'<div class="kit-statement-by">{esc(statement["pseudonym"])}</div>' if show_names else ""
    return (f'<li class="kit-statement-card" data-number="{statement["number"]}">'
            f'<span class="kit-statement-number"><span class="kit-visually-hidden">Uitspraak </span>'
            f'#{statement["number"]}</span>'
            f'<div class="kit-statement-text"><div class="kit-usertext">{esc(statement["text"])}</div>{by}</div>'
            f'</li>')


def group_html(group: ThemeGroup, show_names: bool) -> str:
    """A theme group: its heading with the count, and its cards as a list (or a note that it is empty)."""
    count = len(group.statements)
    head = f'<div class="kit-group-head"><h3>{esc(group.title)} <span class="kit-count">{count}</span></h3></div>'
    if not count:
        note = ("Nog geen uitspraken onder dit thema." if group.theme
                else "Nog geen uitspraken. Zodra deelnemers iets schrijven, verschijnt het hier vanzelf.")
        return f'{head}<p class="kit-note">{note}</p>'
    cards = "".join(card_html(s, show_names) for s in group.statements)
    return f'{head}<ul class="kit-card-grid">{cards}</ul>'


def hidden_html(hidden: list[dict], show_names: bool) -> str:
    """The hidden statements, for the facilitator only (empty when there are none)."""
    if not hidden:
        return ""
    cards = "".join(card_html(s, show_names) for s in hidden)
    return (f'<h3 class="kit-hidden-title">Verborgen uitspraken <span class="kit-count">{len(hidden)}</span></h3>'
            f'<ul class="kit-card-grid">{cards}</ul>')


class StatementBoard:
    """The statements panel's live part: groups of cards, and the controls that act on one chosen statement."""

    def __init__(self, app: "FacilitatorApp"):
        self.app = app
        self.results: Results | None = None
        self.groups: dict[int | None, w.HTML] = {}
        self._order: list[int | None] = []

        self.pick = labelled(classed(w.Dropdown(options=[], value=None), "kit-statement-pick"), "Uitspraak")
        self.theme = labelled(classed(w.Dropdown(options=[(NO_THEME, NO_THEME_VALUE)], value=NO_THEME_VALUE),
                                      "kit-statement-theme"), "Thema")
        self.assign = button("Thema toewijzen", "kit-statement-assign", style="primary",
                             tooltip="Zet de gekozen uitspraak bij het gekozen thema")
        self.hide = button("Verbergen", "kit-statement-hide", name="Verbergen: de gekozen uitspraak")
        self.assign.on_click(safe(lambda _: self._assign()))
        self.hide.on_click(safe(lambda _: self._hide()))
        self.actions = classed(w.HBox([self.pick, self.theme, self.assign, self.hide]),
                               "kit-admin", "kit-statement-actions")

        self.group_box = classed(w.VBox([]), "kit-statement-groups")

        self.hidden_list = markup("", "kit-hidden-list")
        self.hidden_pick = labelled(classed(w.Dropdown(options=[], value=None), "kit-statement-restore-pick"),
                                    "Verborgen uitspraak")
        self.restore = button("Terugzetten", "kit-statement-restore", name="Terugzetten: de gekozen verborgen uitspraak")
        self.restore.on_click(safe(lambda _: self._restore()))
        self.restore_row = classed(w.HBox([self.hidden_pick, self.restore]), "kit-row", "kit-statement-actions")
        self.hidden_box = classed(w.VBox([self.hidden_list, self.restore_row]), "kit-admin", "kit-hidden-statements")
        self.hidden_box.layout.display = "none"

    # ----------------------------------------------------------------- drawing

    def render(self, results: Results, show_names: bool) -> None:
        """Bring the page up to ``results``; only widgets whose content changed send anything to the browser."""
        self.results = results
        order = []
        for group in results.groups():
            key = group.theme["id"] if group.theme else None
            widget = self.groups.get(key)
            if widget is None:
                widget = self.groups[key] = markup("", "kit-theme-group")
            html = group_html(group, show_names)
            if widget.value != html:
                widget.value = html
            order.append(key)
        if order != self._order:
            self._order = order
            self.group_box.children = [self.groups[key] for key in order]
        html = hidden_html(results.hidden, show_names)
        if self.hidden_list.value != html:
            self.hidden_list.value = html
        self.hidden_box.layout.display = "" if results.hidden else "none"
        self._set_options(self.pick, [(statement_label(s), s["id"]) for s in results.statements])
        self._set_options(self.theme, [(NO_THEME, NO_THEME_VALUE)] + [(t["name"], t["id"]) for t in results.themes])
        self._set_options(self.hidden_pick, [(statement_label(s), s["id"]) for s in results.hidden])
        for control in (self.assign, self.hide):
            control.disabled = not results.statements
        self.restore.disabled = not results.hidden

    def _set_options(self, menu: w.Dropdown, options: list[tuple[str, int]], choose: int | None = None) -> None:
        """New options for ``menu`` (when they changed), keeping the chosen value where it still exists.

        A chosen statement that is gone (hidden, withdrawn) gives way to the next one by number.
        """
        current = menu.value if choose is None else choose
        if list(menu.options) == options and menu.value == current:
            return
        values = [value for _, value in options]
        if current in values:
            value = current
        elif not values:
            value = None
        elif current is None or menu is self.theme:
            value = values[0]
        else:
            later = [v for v in values if v > current]
            value = later[0] if later else values[-1]
        with menu.hold_sync():
            if list(menu.options) != options:
                menu.options = options
            menu.value = value

    # ----------------------------------------------------------------- acting on the chosen statement

    def _chosen(self) -> dict | None:
        statement_id = self.pick.value
        return next((s for s in self.results.statements if s["id"] == statement_id), None) if self.results else None

    def _assign(self) -> None:
        statement = self._chosen()
        if statement is None:
            self.app.notice.error("Kies eerst een uitspraak.")
            return
        theme_id = None if self.theme.value in (None, NO_THEME_VALUE) else self.theme.value
        theme = next((t["name"] for t in self.results.themes if t["id"] == theme_id), NO_THEME)
        done = (f'Uitspraak #{statement["number"]} staat nu bij het thema ‘{theme}’.' if theme_id
                else f'Uitspraak #{statement["number"]} staat nu bij ‘{NO_THEME}’.')
        if self.app.assign(statement["id"], theme_id, done):
            self.choose_next_without_theme(statement["number"])

    def choose_next_without_theme(self, after: int) -> None:
        """Choose the first statement after number ``after`` (wrapping round) that has no theme yet."""
        waiting = [s for s in self.results.statements if not s["theme_id"]]
        following = [s for s in waiting if s["number"] > after] or waiting
        if following:
            with self.app.lock:
                self._set_options(self.pick, list(self.pick.options), choose=following[0]["id"])

    def _hide(self) -> None:
        statement = self._chosen()
        if statement is None:
            self.app.notice.error("Kies eerst een uitspraak.")
            return
        self.app.hide_statement(statement["id"], f'Uitspraak #{statement["number"]} verborgen.')

    def _restore(self) -> None:
        statement_id = self.hidden_pick.value
        statement = next((s for s in self.results.hidden if s["id"] == statement_id), None) if self.results else None
        if statement is None:
            self.app.notice.error("Kies eerst een verborgen uitspraak.")
            return
        self.app.restore_statement(statement["id"], f'Uitspraak #{statement["number"]} teruggezet.')
