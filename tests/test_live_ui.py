"""kit.live.ui's accessibility helpers, without a browser: what they put on the widgets for the page's script
(Voila template a11y.html.j2), which the browser tests (test_axe_live_pages.py) then see at work."""

from __future__ import annotations

import ipywidgets as w

from kit.live.ui import button, enter_submits, focus, labelled, markup, titled_tabs


def test_a_label_is_the_control_s_own_description_shown_or_for_screen_readers_only():
    field = labelled(w.Text(), "Titel")
    assert field.description == "Titel" and "kit-stacked" in field._dom_classes
    hidden = labelled(w.Dropdown(options=["a"]), "Status", shown=False)
    assert hidden.description == "Status" and "kit-label-hidden" in hidden._dom_classes
    hinted = labelled(w.Text(), "Eigenaar <b>", hint="wie trekt de actie")
    assert hinted.description_allow_html
    assert hinted.description == 'Eigenaar &lt;b&gt; <span class="kit-form-hint">wie trekt de actie</span>'


def test_a_named_button_keeps_its_label_and_carries_its_distinct_name():
    hide = button("Verbergen", "kit-x", name="Verbergen: uitspraak Iedereen telt mee")
    assert hide.description == "Verbergen" and hide.tooltip == "Verbergen: uitspraak Iedereen telt mee"
    assert "kit-named" in hide._dom_classes
    assert "kit-named" not in button("Opslaan")._dom_classes


def test_each_focus_request_is_a_new_class_and_the_old_one_goes():
    box = w.Textarea()
    focus(box)
    first = [c for c in box._dom_classes if c.startswith("kit-focus-")]
    focus(box)
    second = [c for c in box._dom_classes if c.startswith("kit-focus-")]
    assert len(first) == len(second) == 1 and first != second


def test_enter_in_the_fields_presses_their_own_button():
    name, full, join = w.Text(), w.Text(), button("Meedoen")
    other, add = w.Text(), button("Toevoegen")
    enter_submits(join, name, full)
    enter_submits(add, other)
    number = next(c for c in join._dom_classes if c.startswith("kit-submit-")).rsplit("-", 1)[1]
    assert f"kit-enter-{number}" in name._dom_classes and f"kit-enter-{number}" in full._dom_classes
    assert f"kit-enter-{number}" not in other._dom_classes


def test_every_tab_panel_opens_with_a_heading_named_as_its_tab():
    tabs = titled_tabs(w.Tab(children=[w.VBox([markup("<h3>Thema</h3>")]), w.VBox([])]), ["Uitspraken", "Visie"])
    assert [tabs.get_title(i) for i in range(2)] == ["Uitspraken", "Visie"]
    first = tabs.children[0].children[0]
    assert first.value == '<h2 class="kit-visually-hidden">Uitspraken</h2>' and len(tabs.children[0].children) == 2
    titled_tabs(tabs, ["Uitspraken", "Visie"])  # twice: still one heading
    assert len(tabs.children[0].children) == 2


def test_the_timeline_in_words_lists_each_dated_action():
    from kit.plan.charts import timeline_alt

    actions = [{"title": "Pleinwacht", "start": "2026-09-01", "deadline": "2027-03-12", "status": "planned"},
               {"title": "Zonder datum"},
               {"title": "Lessen", "deadline": "2027-04-16", "status": "done"}]
    text = timeline_alt(actions, "2026-2027")
    assert text.startswith("Tijdlijn van het actieplan 2026-2027")
    assert "1. Pleinwacht: 1-9-2026 tot 12-3-2027 (gepland)" in text and "3. Lessen: 16-4-2027" in text
    assert "Zonder datum" not in text
