"""The facilitator's page of the vision workshop (Voila, ``?school=<id>&key=<facilitator key>``).

Live results that refresh by themselves: a daemon thread reads one consistent
snapshot of the store every :data:`POLL_SECONDS` and redraws only what changed. The
facilitator groups statements into themes, hides statements (undo is one click),
decides whether names are shown, switches to a calm presentation mode for the
projector, and writes the vision: a draft built from the results, edited, saved as
versions, one marked final. Every change is one write to the shared store.
"""

from __future__ import annotations


import ipywidgets as w
from IPython.display import display

from kit import workshop
from kit.page import Page
from kit.render import render
from kit.visie.charts import SCALE_COLOURS
from kit.visie.draft import build_draft
from kit.live.browser import Poller
from kit.live.confirm import Confirm
from kit.live.header import join_banner, live_stamp, page_header
from kit.live.pages import FacilitatorPage
from kit.visie.results import Results, collect, local_time
from kit.visie.statement_board import StatementBoard
from kit.live.ui import (Notice, attempt, button, classed, enter_submits, esc, labelled, markup, safe,
                         titled_tabs)

POLL_SECONDS = 1.0  # a participant's entry is on the screen within 2 s (benchmarks/bench_light.py)
MESSAGE_SECONDS = 8.0  # a confirmation (with its undo button) stays this long; an error twice as long
DIVIDED_SPREAD = 1.0  # standard deviation on the 1-5 scale from which a stelling counts as divided
TAB_TITLES = ("Uitspraken", "Waarden", "Stellingen", "Visie")
NOTEBOOK = "01_visie.ipynb"


class FacilitatorApp(FacilitatorPage):
    """The facilitator's page for the workshop that ``key`` opens. Build it, then call :meth:`show` once."""

    notebook = NOTEBOOK

    def __init__(self, page: Page, store: workshop.Store, key: str, school_name: str):
        super().__init__(page, store, key, school_name)
        self.results: Results | None = None
        self.show_names = False
        self._undo = None
        self._versions_seen: list | None = None

        self.header = markup(self._header_html(), "kit-visie-header", "kit-facilitator-header")
        self.names = classed(w.Checkbox(value=False, description="Namen tonen", indent=False), "kit-show-names")
        self.present = classed(w.ToggleButton(value=False, description="Presentatiemodus",
                                              tooltip="Groot en rustig beeld voor de beamer"), "kit-present")
        self.open_close = button("Workshop sluiten", "kit-workshop-toggle")
        self.undo = button("Ongedaan maken", "kit-undo")
        self.undo.layout.display = "none"
        self.notice = Notice("kit-facilitator-message", transient=MESSAGE_SECONDS, on_clear=self._hide_undo)
        # Closing asks first, right beside the button; what happened shows there too.
        self.close_confirm = Confirm("Workshop sluiten? Deelnemers kunnen daarna niets meer invoeren; alles blijft "
                                     "bewaard en u kunt hem weer openen.", "Ja, sluiten", self._close, "kit-admin",
                                     "kit-close-confirm")
        self.close_notice = Notice("kit-close-message", transient=MESSAGE_SECONDS)
        self.names.observe(safe(self._names_changed), "value")
        self.present.observe(safe(self._present_changed), "value")
        self.open_close.on_click(safe(self._toggle_open))
        self.undo.on_click(safe(self._undo_last))

        classed(self.names, "kit-admin")
        classed(self.open_close, "kit-admin")
        toolbar = classed(w.HBox([self.present, self.names, self.open_close, self.updated]), "kit-toolbar")
        message = classed(w.HBox([self.notice.widget, self.undo]), "kit-row", "kit-admin", "kit-toast")
        closing = classed(w.VBox([self.close_confirm.widget, self.close_notice.widget]), "kit-admin",
                          "kit-close-box")
        self.tabs = classed(w.Tab(children=[self._statements_panel(), self._values_panel(),
                                            self._stellingen_panel(), self._vision_panel()]), "kit-tabs")
        titled_tabs(self.tabs, TAB_TITLES)
        self.root = classed(w.VBox([self.nav, self.header, self.join_info, self.stats, toolbar, closing, message,
                                    self.tabs]),
                            "kit-visie", "kit-facilitator")
        self.poller = Poller(POLL_SECONDS, self.guarded(self.refresh))

    def _header_html(self) -> str:
        return page_header("Visieworkshop sociale veiligheid · begeleider", self.school_name)

    # ----------------------------------------------------------------- panels

    def _statements_panel(self) -> w.VBox:
        self.theme_name = labelled(classed(w.Text(placeholder="Naam van een nieuw thema"), "kit-theme-name"),
                                   "Nieuw thema", shown=False)
        add = button("Thema toevoegen", "kit-theme-add", style="primary")
        enter_submits(add, self.theme_name)
        add.on_click(safe(lambda _: self._add_theme()))
        self.theme_list = classed(w.VBox([]), "kit-theme-list")
        self._themes_seen: list | None = None
        self.board = StatementBoard(self)
        themes = classed(w.VBox([
            markup('<p class="kit-note">Orden de uitspraken in thema\'s: maak een thema, kies een uitspraak (op '
                   'nummer) en het thema, en kies "Thema toewijzen"; daarna staat de volgende uitspraak zonder '
                   'thema al klaar. Verbergen kan altijd ongedaan worden gemaakt.</p>'),
            classed(w.HBox([self.theme_name, add]), "kit-row"),
            self.theme_list,
        ]), "kit-admin", "kit-theme-admin")
        return classed(w.VBox([themes, self.board.actions, self.board.group_box, self.board.hidden_box]),
                       "kit-panel", "kit-panel-statements")

    def _values_panel(self) -> w.VBox:
        self.values_html = markup("", "kit-values-live")
        return classed(w.VBox([self.values_html]), "kit-panel", "kit-panel-values")

    def _stellingen_panel(self) -> w.VBox:
        self.stellingen_html = markup("", "kit-stellingen-live")
        return classed(w.VBox([self.stellingen_html]), "kit-panel", "kit-panel-stellingen")

    def _vision_panel(self) -> w.VBox:
        self.vision_text = labelled(classed(w.Textarea(value="", rows=16, placeholder="De tekst van de visie"),
                                            "kit-vision-text"), "De tekst van de visie", shown=False)
        draft = button("Concept maken uit de resultaten", "kit-vision-draft",
                       tooltip="Zet een concept op basis van de waarden, thema's en stellingen in het tekstvak")
        save = button("Opslaan als nieuwe versie", "kit-vision-save", style="primary")
        final = button("Opslaan als definitieve visie", "kit-vision-final", style="success")
        self.vision_notice = Notice("kit-vision-message", transient=MESSAGE_SECONDS)
        self.vision_undo = button("Ongedaan maken", "kit-vision-undo",
                                  tooltip="Zet de tekst terug die in het tekstvak stond")
        self.vision_undo.layout.display = "none"
        self.vision_undo.on_click(safe(lambda _: self._undo_replace()))
        self._replaced_text: str | None = None
        self.versions_box = classed(w.VBox([]), "kit-vision-versions")
        draft.on_click(safe(lambda _: self._make_draft()))
        save.on_click(safe(lambda _: self._save_vision(final=False)))
        final.on_click(safe(lambda _: self._save_vision(final=True)))
        self.vision_status = markup("", "kit-vision-status")
        return classed(w.VBox([
            markup('<p class="kit-note kit-admin">Schrijf de visie samen met het team. "Concept maken" zet een '
                   'eerste tekst in het vak, gebouwd uit de waarden met de meeste stemmen, de thema\'s en de '
                   'stellingen waarover het team het eens is. Elke keer opslaan bewaart een nieuwe versie; één '
                   'versie markeer je als definitief. Die komt in het beleidsplan.</p>'),
            self.vision_status,
            classed(w.HBox([draft, self.vision_undo]), "kit-row", "kit-admin"),
            self.vision_text,
            classed(w.HBox([save, final]), "kit-row", "kit-admin"),
            self.vision_notice.widget,
            self.versions_box,
        ]), "kit-panel", "kit-panel-vision")

    # ----------------------------------------------------------------- showing and refreshing

    def show(self) -> None:
        self.refresh()
        vision = self.results.vision
        self.vision_text.value = vision["text"] if vision else build_draft(self.results, self.school_name)
        display(self.root)
        self.poller.start()

    def refresh(self, force: bool = False) -> None:
        """Read the store; redraw what changed (called by the poller and after every action)."""
        results = collect(self.store, self.workshop.id)
        with self.lock:
            if results == self.results and not force:
                return
            self.results = results
            self._render()
            self.updated.value = live_stamp()

    def _render(self) -> None:
        r = self.results
        self.workshop = r.workshop
        state = "open" if r.workshop.is_open else "gesloten"
        self.open_close.description = "Workshop sluiten" if r.workshop.is_open else "Workshop heropenen"
        self.join_info.value = self._join_html()
        self.stats.value = (
            f'<p class="kit-stats-line"><span class="kit-badge kit-badge-{"klaar" if r.workshop.is_open else "open"}">'
            f'Workshop {state}</span> {len(r.participants)} deelnemers · {len(r.statements)} uitspraken · '
            f'{r.votes} stemmen · {r.rated_by} hebben stellingen beoordeeld</p>')
        self._render_statements()
        voters = len({name for v in r.ranking for name in v["voters"]})
        self.values_html.value = render(
            "visie_values.html.j2", ranking=r.ranking, total=r.votes, voters=voters, show_names=self.show_names,
            max_votes=max([v["votes"] for v in r.ranking] + [1]))
        stellingen = [{**s, "divided": s["n"] >= 3 and s["spread"] >= DIVIDED_SPREAD} for s in r.stellingen]
        self.stellingen_html.value = render(
            "visie_stellingen.html.j2", stellingen=stellingen, scale=workshop.SCALE, colours=SCALE_COLOURS,
            rated=any(s["n"] for s in stellingen))
        self._render_versions()

    def _join_html(self) -> str:
        return join_banner(self.link, self.results.workshop.join_code, self.results.workshop.is_open,
                           "Doe mee op je laptop of telefoon:",
                           "Deelnemers zien dat en kunnen niets meer invoeren.", warn_local=True)

    def _render_statements(self) -> None:
        self.board.render(self.results, self.show_names)
        self._render_theme_list()

    def _render_theme_list(self) -> None:
        r = self.results
        seen = [(t["id"], t["name"], bool(t["deleted_at"])) for t in r.themes + r.deleted_themes]
        if seen == self._themes_seen:  # new widgets only when the themes changed
            return
        self._themes_seen = seen
        rows = []
        for theme in r.themes:
            name = labelled(classed(w.Text(value=theme["name"]), "kit-theme-rename-input"),
                            f"Naam van thema {theme['name']}", shown=False)
            rename = button("Hernoemen", "kit-theme-rename", name=f"Hernoemen: thema {theme['name']}")
            delete = button("Verwijderen", "kit-theme-delete", name=f"Verwijderen: thema {theme['name']}")
            enter_submits(rename, name)
            rename.on_click(safe(lambda _, tid=theme["id"], box=name: self._rename_theme(tid, box.value)))
            delete.on_click(safe(lambda _, tid=theme["id"]: self._delete_theme(tid)))
            rows.append(classed(w.HBox([name, rename, delete]), "kit-row", "kit-theme-row"))
        for theme in r.deleted_themes:
            restore = button("Terugzetten", "kit-theme-restore", name=f"Terugzetten: thema {theme['name']}")
            restore.on_click(safe(lambda _, tid=theme["id"]: self._restore_theme(tid)))
            rows.append(classed(w.HBox([
                markup(f'<span class="kit-note">Verwijderd thema: {esc(theme["name"])}</span>'), restore,
            ]), "kit-row", "kit-theme-row"))
        self.theme_list.children = rows

    def _render_versions(self) -> None:
        versions = self.results.versions
        seen = [(v["id"], v["final"]) for v in versions]
        if seen == self._versions_seen:
            return
        self._versions_seen = seen
        final = self.results.final_vision
        if final:
            self.vision_status.value = (f'<div class="kit-box kit-visie-final kit-vision-final-note"><strong>Definitieve visie: versie '
                                        f'{final["number"]}</strong>, vastgesteld op {local_time(final["saved_at"])}.'
                                        '</div>')
        elif versions:
            self.vision_status.value = ('<div class="kit-box kit-todo"><strong>Nog geen definitieve visie.</strong> '
                                        f'Er {"is 1 versie" if len(versions) == 1 else f"zijn {len(versions)} versies"}'
                                        ' opgeslagen.</div>')
        else:
            self.vision_status.value = ""
        rows = [markup(f'<h3>Opgeslagen versies <span class="kit-count">{len(versions)}</span></h3>')] if versions else []
        for version in reversed(versions):
            load = button("In tekstvak zetten", "kit-vision-load",
                          name=f"In tekstvak zetten: versie {version['number']}")
            load.on_click(safe(lambda _, text=version["text"]: self._load_version(text)))
            label = (f'<span class="kit-version-label">Versie {version["number"]} · '
                     f'{local_time(version["saved_at"])}'
                     + (' <span class="kit-badge kit-badge-klaar">definitief</span>' if version["final"] else "")
                     + "</span>")
            children = [markup(label), load]
            if not version["final"]:
                mark = button("Maak definitief", "kit-vision-mark-final",
                              name=f"Maak definitief: versie {version['number']}")
                mark.on_click(safe(lambda _, vid=version["id"]: self._mark_final(vid)))
                children.append(mark)
            rows.append(classed(w.HBox(children), "kit-row", "kit-version-row"))
        self.versions_box.children = rows

    # ----------------------------------------------------------------- facilitator actions

    def _act(self, action, done: str = "", notice: Notice | None = None, undo=None) -> bool:
        notice = notice or self.notice
        with self.lock:
            ok = attempt(notice, action)
            if ok:
                if done:
                    notice.ok(done)
                self._undo = undo
                self.undo.layout.display = "" if undo else "none"
                attempt(None, lambda: self.refresh(force=True))
            return ok

    def hide_statement(self, statement_id: int, done: str = "Uitspraak verborgen.") -> bool:
        return self._act(lambda: workshop.delete_statement(self.store, self.key, statement_id), done,
                         undo=("statement", statement_id))

    def restore_statement(self, statement_id: int, done: str = "Uitspraak teruggezet.") -> bool:
        return self._act(lambda: workshop.restore_statement(self.store, self.key, statement_id), done)

    def assign(self, statement_id: int, theme_id: int | None, done: str = "") -> bool:
        return self._act(lambda: workshop.assign_theme(self.store, self.key, statement_id, theme_id), done)

    def _add_theme(self) -> None:
        name = self.theme_name.value
        if self._act(lambda: workshop.add_theme(self.store, self.key, name), "Thema toegevoegd."):
            self.theme_name.value = ""

    def _rename_theme(self, theme_id: int, name: str) -> None:
        self._act(lambda: workshop.rename_theme(self.store, self.key, theme_id, name), "Thema hernoemd.")

    def _delete_theme(self, theme_id: int) -> None:
        self._act(lambda: workshop.delete_theme(self.store, self.key, theme_id),
                  "Thema verwijderd; de uitspraken staan nu bij 'nog zonder thema'.", undo=("theme", theme_id))

    def _restore_theme(self, theme_id: int) -> None:
        self._act(lambda: workshop.restore_theme(self.store, self.key, theme_id), "Thema teruggezet.")

    def _undo_last(self, _=None) -> None:
        kind, item = self._undo or (None, None)
        if kind == "statement":
            self._act(lambda: workshop.restore_statement(self.store, self.key, item), "Teruggezet.")
        elif kind == "theme":
            self._act(lambda: workshop.restore_theme(self.store, self.key, item), "Teruggezet.")

    def _hide_undo(self) -> None:
        with self.lock:
            self._undo = None
            self.undo.layout.display = "none"

    def _toggle_open(self, _=None) -> None:
        if self.workshop.is_open:
            if self.close_confirm.asking:
                self.close_confirm.cancel()
            else:
                self.close_notice.clear()
                self.close_confirm.ask()
            return

        def reopen():
            latest = workshop.current_workshop(self.store)
            if latest is None or latest.id != self.workshop.id:
                raise workshop.WorkshopError("Er is na deze workshop een nieuwe gestart; deze kan niet meer open.")
            workshop.open_workshop(self.store)
            self.renew_key()

        self._act(reopen, "De workshop is weer open.", notice=self.close_notice)

    def _close(self) -> None:
        def close():
            workshop.close_workshop(self.store)
            self.renew_key()

        self._act(close, "De workshop is gesloten. Deelnemers kunnen niets meer invoeren; alles is bewaard. "
                  "Weer openen kan met de knop hierboven. De begeleiderslink in de adresbalk werkt niet meer; "
                  "deze pagina werkt gewoon door. Een nieuwe link geeft kit workshop key.", notice=self.close_notice)

    def _names_changed(self, change: dict) -> None:
        with self.lock:
            self.show_names = bool(change["new"])
            self._render()

    def _present_changed(self, change: dict) -> None:
        if change["new"]:
            self.root.add_class("kit-presenting")
            self.present.description = "Presentatie stoppen"
        else:
            self.root.remove_class("kit-presenting")
            self.present.description = "Presentatiemodus"

    def _make_draft(self) -> None:
        with self.lock:
            self._replace_text(build_draft(self.results, self.school_name),
                               "Het concept staat in het tekstvak. Pas het samen aan en sla het op.")

    def _load_version(self, text: str) -> None:
        with self.lock:
            self._replace_text(text, "Die versie staat in het tekstvak.")

    def _replace_text(self, text: str, done: str) -> None:
        """Put ``text`` in the vision box; what was there can be put back with "Ongedaan maken"."""
        before = self.vision_text.value
        self.vision_text.value = text
        if before.strip() and before != text:
            self._replaced_text = before
            self.vision_undo.layout.display = ""
            self.vision_notice.ok(done + " Wat er stond, zet u terug met Ongedaan maken.")
        else:
            self._replaced_text = None
            self.vision_undo.layout.display = "none"
            self.vision_notice.ok(done)

    def _undo_replace(self) -> None:
        with self.lock:
            if self._replaced_text is None:
                return
            self.vision_text.value, self._replaced_text = self._replaced_text, None
            self.vision_undo.layout.display = "none"
            self.vision_notice.ok("De vorige tekst staat weer in het tekstvak.")

    def _save_vision(self, final: bool) -> None:
        text = self.vision_text.value
        done = ("Opgeslagen als definitieve visie. Deze tekst komt in het beleidsplan." if final
                else "Opgeslagen als nieuwe versie.")
        if self._act(lambda: workshop.save_vision(self.store, self.key, text, final=final), done,
                     notice=self.vision_notice):
            self._replaced_text = None
            self.vision_undo.layout.display = "none"

    def _mark_final(self, version_id: int) -> None:
        self._act(lambda: workshop.mark_final(self.store, self.key, version_id),
                  "Deze versie is nu de definitieve visie.", notice=self.vision_notice)


show_facilitator = FacilitatorApp.shown

