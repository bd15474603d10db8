"""The statements on the facilitator's vision page without a browser: cards as HTML in one widget per theme group,
the actions through one fixed set of controls, and a widget count that does not grow with the statements."""

from __future__ import annotations

import re

import pytest
from ipywidgets.widgets import widget as widget_module

from kit import workshop
from kit.page import Page
from kit.visie.app_facilitator import FacilitatorApp
from kit.visie.results import NO_THEME, ThemeGroup
from kit.visie.statement_board import NO_THEME_VALUE, card_html, group_html, hidden_html, statement_label

EVIL = '<img src=x onerror=alert(1)> & "quotes"'


def _statement(number, text, pseudonym="Anna", theme_id=None):
    return {"id": 100 + number, "number": number, "text": text, "pseudonym": pseudonym, "theme_id": theme_id}


def test_cards_are_numbered_escaped_and_named_only_when_asked():
    card = card_html(_statement(12, EVIL, pseudonym="<b>Bob</b>"), show_names=False)
    assert "<img" not in card and "&lt;img src=x onerror=alert(1)&gt; &amp; &quot;quotes&quot;" in card
    assert ">#12</span>" in card and "Bob" not in card and "kit-statement-by" not in card
    named = card_html(_statement(12, EVIL, pseudonym="<b>Bob</b>"), show_names=True)
    assert '<div class="kit-statement-by">&lt;b&gt;Bob&lt;/b&gt;</div>' in named
    assert statement_label(_statement(3, "  Iedereen\nhoort   erbij. " + "x" * 100)) == (
        "#3 · Iedereen hoort erbij. " + "x" * 47 + "…")  # 70 characters of text


def test_a_group_shows_its_title_count_and_cards_and_says_when_it_is_empty():
    theme = {"id": 7, "name": "Erbij <horen>"}
    html = group_html(ThemeGroup(theme, [_statement(1, "Een"), _statement(4, "Vier")]), show_names=False)
    assert '<h3>Erbij &lt;horen&gt; <span class="kit-count">2</span></h3>' in html
    assert re.findall(r'<li class="kit-statement-card" data-number="(\d+)"', html) == ["1", "4"]
    assert "Nog geen uitspraken onder dit thema." in group_html(ThemeGroup(theme, []), show_names=False)
    assert "Zodra deelnemers iets schrijven" in group_html(ThemeGroup(None, []), show_names=False)
    assert hidden_html([], show_names=False) == ""
    hidden = hidden_html([_statement(2, "Weg")], show_names=False)
    assert 'Verborgen uitspraken <span class="kit-count">1</span>' in hidden and ">Weg</div>" in hidden


@pytest.fixture
def live(workspace):
    """A school with an open workshop, four statements by two participants, and its facilitator page (no kernel)."""
    from kit.workspace import create_school

    folder = create_school(workspace, "obs-de-linde", "OBS De Linde")
    with workshop.Store(folder) as store:
        opened = workshop.open_workshop(store)
        people = [workshop.join(store, opened.workshop.join_code, name) for name in ("Anna", "Bob")]
        for number, text in enumerate(("Iedereen hoort erbij.", EVIL, "We grijpen in.", "Ouders doen mee.")):
            workshop.add_statement(store, people[number % 2].token, text)
        key = opened.facilitator_key
        app = FacilitatorApp(Page(folder, folder / "output", True, "obs-de-linde", {}), store, key, "OBS De Linde")
        app.refresh()
        yield app, store, key, people, opened.workshop


def _stored(store, workshop_):
    return {s["text"]: s for s in workshop.list_statements(store, workshop_.id, include_removed=True)}


def _cards(html):
    return re.findall(r'data-number="(\d+)"', html)


def test_the_facilitator_sorts_hides_and_restores_through_the_fixed_controls(live):
    app, store, key, people, current = live
    board = app.board
    [unthemed] = board.groups.values()
    assert _cards(unthemed.value) == ["1", "2", "3", "4"] and "<img" not in unthemed.value
    assert [label for label, _ in board.pick.options][:2] == ["#1 · Iedereen hoort erbij.",
                                                             '#2 · <img src=x onerror=alert(1)> & "quotes"']
    assert board.pick.value == board.pick.options[0][1]

    # A theme, then statement #1 under it: the next statement without a theme is chosen by itself.
    app.theme_name.value = "Erbij horen"
    app._add_theme()
    theme_id = workshop.list_themes(store, current.id)[0]["id"]
    assert list(board.theme.options) == [(NO_THEME, NO_THEME_VALUE), ("Erbij horen", theme_id)]
    board.theme.value = theme_id
    board.assign.click()
    assert _stored(store, current)["Iedereen hoort erbij."]["theme_id"] == theme_id
    assert 'Uitspraak #1 staat nu bij het thema ‘Erbij horen’.' in app.notice.widget.value
    assert board.pick.label.startswith("#2 ·")
    themed = board.groups[theme_id]
    assert _cards(themed.value) == ["1"] and 'Erbij horen <span class="kit-count">1</span>' in themed.value
    assert _cards(board.groups[None].value) == ["2", "3", "4"]
    assert [g.value for g in app.board.group_box.children] == [themed.value, board.groups[None].value]

    # Hiding #3, undone with one click; hidden again, then put back with the hidden statements' own menu.
    board.pick.value = next(v for label, v in board.pick.options if label.startswith("#3 "))
    board.hide.click()
    assert _stored(store, current)["We grijpen in."]["deleted_at"]
    assert "Uitspraak #3 verborgen." in app.notice.widget.value and app.undo.layout.display == ""
    assert _cards(board.hidden_list.value) == ["3"] and board.hidden_box.layout.display == ""
    assert board.pick.label.startswith("#4 ·")  # the next one by number
    app.undo.click()
    assert _stored(store, current)["We grijpen in."]["deleted_at"] is None
    assert board.hidden_list.value == "" and board.hidden_box.layout.display == "none"
    board.pick.value = next(v for label, v in board.pick.options if label.startswith("#3 "))
    board.hide.click()
    assert [label for label, _ in board.hidden_pick.options] == ["#3 · We grijpen in."]
    board.restore.click()
    assert _stored(store, current)["We grijpen in."]["deleted_at"] is None
    assert "Uitspraak #3 teruggezet." in app.notice.widget.value and board.restore.disabled

    # Names only when the facilitator chooses so.
    assert "kit-statement-by" not in board.groups[None].value
    app.names.value = True
    assert '<div class="kit-statement-by">Bob</div>' in board.groups[None].value


def test_new_statements_add_no_widgets_and_an_unchanged_group_sends_nothing(live):
    app, store, key, people, current = live
    more = [workshop.join(store, current.join_code, f"Collega {n}") for n in range(30)]
    app.refresh()
    before = len(widget_module._instances)
    changes = []
    for group in app.board.groups.values():
        group.observe(lambda change: changes.append(change), "value")
    for person in more:
        for number in range(3):
            workshop.add_statement(store, person.token, f"Uitspraak {number} van {person.pseudonym}.")
    app.refresh()
    assert len(widget_module._instances) == before  # 90 more statements, not one widget more
    assert len(changes) == 1 and len(_cards(app.board.groups[None].value)) == 94
    assert len(app.board.pick.options) == 94
    app.refresh(force=True)
    assert len(changes) == 1  # redrawn with the same content: nothing sent
