"""Every live page of the course in a real Chromium, checked with axe-core (WCAG 2.1 A and AA): 0 critical and
0 serious violations in every state a person reaches — each tab, each open form, the participant's join form
and the page after joining — and the page's headings in order. Then keyboard use: Enter sends a one-field form,
the focus moves on to what comes next, every focused control shows a visible ring, and choices say whether
they are chosen (aria-pressed). On a phone the answer scale stays one column, in order.

One server for the module (the session's ``kit_server``); the pages load side by side to save time.
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from kit import workshop
from live_pages import LIVE_TIMEOUT, PHONE, axe_violations as violations, close, new_page, wait_rendered

pytestmark = pytest.mark.browser

SCHOOL = "demo-school"
LAPTOP = {"width": 1366, "height": 768}


def heading_skips(page) -> list[str]:
    """Headings that skip a level (an h1 followed by an h3), among the headings a person can see."""
    return page.evaluate("""() => {
        const skips = []; let last = 0;
        for (const h of document.querySelectorAll('h1, h2, h3, h4, h5, h6')) {
            if (!h.getClientRects().length) continue;  // in a tab that is not shown
            const level = Number(h.tagName[1]);
            if (last && level > last + 1) skips.push(`h${last} -> ${h.tagName.toLowerCase()} ${h.textContent.trim()}`);
            last = level;
        }
        return skips;
    }""")


def check(page, state: str, found: dict) -> None:
    """Record the page's axe violations and heading skips under ``state`` (asserted at the end, all together)."""
    problems = violations(page) + heading_skips(page)
    if problems:
        found[state] = problems


def tabs_through(page, name: str, found: dict) -> list[str]:
    """Click every tab of the page's tab bar, checking each; returns the tab titles."""
    tabs = page.locator(".jupyter-widget-tab > .lm-TabBar .lm-TabBar-tab")
    titles = [t.strip() for t in tabs.all_inner_texts()]
    for index, title in enumerate(titles):
        tabs.nth(index).click()
        expect(tabs.nth(index)).to_have_attribute("aria-selected", "true")
        page.wait_for_timeout(300)  # the panel's widgets draw
        check(page, f"{name}, tabblad {title}", found)
    return titles


@pytest.fixture(scope="module")
def live(served_workspace):
    """The demo school's workshop, open, with statements in a theme and out of one, and votes."""
    with workshop.Store(served_workspace / SCHOOL) as store:
        opened = workshop.open_workshop(store)
        key, code = opened.facilitator_key, opened.workshop.join_code
        current = workshop.current_workshop(store)
        values = workshop.list_values(store, current.id)
        theme = workshop.add_theme(store, key, "Melden en luisteren")
        for number, name in enumerate(("Axel", "Birgit", "Cas")):
            me = workshop.join(store, code, f"{name} {current.id}-{number}")
            statement = workshop.add_statement(store, me.token, f"Uitspraak van {name}: iedereen telt mee.")
            if number == 0:
                workshop.assign_theme(store, key, statement, theme)
            workshop.cast_vote(store, me.token, values[number]["id"])
    return code, key


def open_pages(browser, base: str, requests: list[tuple[str, str, dict]]) -> list:
    """Start loading every page at once (the server renders them side by side), then wait for each."""
    pages = []
    for notebook, query, viewport in requests:
        page = new_page(browser, viewport)
        page.goto(f"{base}/voila/render/{notebook}.ipynb?school={SCHOOL}&{query}", wait_until="commit")
        pages.append(page)
    for page in pages:
        wait_rendered(page)
    return pages


def test_every_facilitator_page_tab_and_form_has_no_serious_violations(browser, kit_server, live):
    code, key = live
    found: dict[str, list[str]] = {}
    start, visie, signaleren, enquete, actieplan, beleidsplan = open_pages(browser, kit_server, [
        (name, f"key={key}", LAPTOP) for name in
        ("00_start", "01_visie", "02_signaleren", "03_enquete", "04_actieplan", "05_beleidsplan")])

    check(start, "00_start", found)

    expect(visie.locator(".kit-statement-card")).not_to_have_count(0, timeout=LIVE_TIMEOUT)
    assert tabs_through(visie, "01_visie", found) == ["Uitspraken", "Waarden", "Stellingen", "Visie"]
    visie.locator(".kit-present").click()  # presentation mode, as on the beamer
    expect(visie.locator(".kit-present")).to_have_attribute("aria-pressed", "true")
    check(visie, "01_visie, presentatiemodus", found)

    signaleren.locator(".kit-case-choice select").select_option(index=1)
    signaleren.locator(".kit-case-title").wait_for()
    assert tabs_through(signaleren, "02_signaleren", found) == ["Casus en antwoorden", "Bespreken", "Kennis"]

    check(enquete, "03_enquete", found)
    assert enquete.locator("img").count() > 3

    assert tabs_through(actieplan, "04_actieplan", found) == ["Plan", "Voorstellen", "Tijdlijn", "Checklist",
                                                               "Evaluatie"]
    actieplan.locator(".lm-TabBar-tab", has_text="Tijdlijn").click()
    expect(actieplan.locator(".kit-timeline img")).to_have_attribute("alt", re.compile(r"^Tijdlijn van het actieplan"))
    actieplan.locator(".lm-TabBar-tab", has_text="Plan").click()
    actieplan.locator(".kit-action-edit").first.click()
    form = actieplan.locator(".kit-plan-action .kit-action-form")
    form.wait_for()
    expect(actieplan.get_by_label("Titel", exact=True)).to_be_focused()  # the form opens with the focus in it
    check(actieplan, "04_actieplan, actie bewerken", found)
    actieplan.locator(".kit-action-cancel").click()
    actieplan.locator(".kit-action-add").click()
    actieplan.locator(".kit-new-action .kit-action-form").wait_for()
    check(actieplan, "04_actieplan, eigen actie toevoegen", found)

    beleidsplan.locator(".kit-download-make-openbaar-html").click()
    link = beleidsplan.locator(".kit-download-openbaar-html")
    expect(link).to_have_text(re.compile(r"Opslaan: beleidsplan-openbaar-demo-school\.html \(webpagina, \d+ kB\)"),
                              timeout=60_000)
    check(beleidsplan, "05_beleidsplan, met downloadlink", found)

    for page in (start, visie, signaleren, enquete, actieplan, beleidsplan):
        close(page)
    assert found == {}


def scale_layout(page, selector: str) -> str:
    """How the buttons of an answer scale lie: "row", "column" or "mixed" (and "out of order" when jumbled)."""
    boxes = [b.bounding_box() for b in page.locator(selector).locator("button").all()]
    if len({round(b["y"]) for b in boxes}) == 1:
        return "row" if [b["x"] for b in boxes] == sorted(b["x"] for b in boxes) else "out of order"
    if len({round(b["x"]) for b in boxes}) == 1:
        return "column" if [b["y"] for b in boxes] == sorted(b["y"] for b in boxes) else "out of order"
    return "mixed"


def test_participants_on_a_phone_join_by_keyboard_on_the_light_pages(browser, kit_server, live):
    """The participants' links lead to the light pages (kit.light): the join form opens ready to type, Enter
    joins, and axe finds nothing serious before and after. Writing, voting and the answer scale by keyboard
    on those pages: tests/light/test_light_browser.py."""
    code, _ = live
    found: dict[str, list[str]] = {}
    pages = []
    for name in ("01_visie", "02_signaleren", "04_actieplan"):
        page = new_page(browser, PHONE)
        page.goto(f"{kit_server}/voila/render/{name}.ipynb?school={SCHOOL}&code={code}")
        assert "/mee/" in page.url  # the old participant link leads to the light page
        pages.append(page)
        name_field = page.locator(".kit-join-name input")
        expect(name_field).to_be_focused()  # the join form opens ready to type
        check(page, f"{name}, deelnemen", found)
        page.keyboard.type(f"Toetsenbord {name}")
        page.keyboard.press("Enter")  # Enter sends the join form
        expect(page.locator(".kit-me")).to_have_text(f"Toetsenbord {name}", timeout=LIVE_TIMEOUT)
        check(page, f"{name}, na het deelnemen", found)
    for page in pages:
        close(page)
    assert found == {}


FOCUS_RING = """() => {
    const el = document.activeElement;
    const style = getComputedStyle(el);
    return {tag: el.tagName, text: (el.textContent || el.value || '').trim().slice(0, 30),
            style: style.outlineStyle, width: parseFloat(style.outlineWidth), color: style.outlineColor};
}"""


def test_a_facilitator_works_by_keyboard_with_a_visible_focus_everywhere(browser, kit_server, live):
    """The vision page by Tab, Space and Enter only: every stop shows a ring; presentation mode and a new theme."""
    _, key = live
    page, = open_pages(browser, kit_server, [("01_visie", f"key={key}", LAPTOP)])
    expect(page.locator(".kit-present")).to_be_visible(timeout=LIVE_TIMEOUT)  # the page is built
    page.bring_to_front()
    seen, rings = [], []
    page.locator("body").focus()
    for _ in range(40):
        page.keyboard.press("Tab")
        ring = page.evaluate(FOCUS_RING)
        if ring["tag"] == "BODY":  # between the page's parts (Voila's own wrappers), no control
            continue
        seen.append(ring)
        rings.append(ring["style"] != "none" and ring["width"] >= 2)
        if "kit-theme-name" in (page.evaluate("document.activeElement.closest('.kit-theme-name') ? "
                                              "'kit-theme-name' : ''")):
            break
    assert all(rings), [s for s, ok in zip(seen, rings) if not ok]
    assert any(s["text"] == "Presentatiemodus" for s in seen) and any(s["text"] == "Uitspraken" for s in seen), seen

    page.keyboard.type("Samen afspreken")
    page.keyboard.press("Enter")  # Enter adds the theme
    expect(page.get_by_role("button", name="Verwijderen: thema Samen afspreken")).to_have_count(
        1, timeout=LIVE_TIMEOUT)  # the new theme, its buttons named after it

    present = page.locator(".kit-present")
    present.focus()
    page.keyboard.press("Space")
    expect(present).to_have_attribute("aria-pressed", "true")
    expect(page.locator(".kit-visie.kit-presenting")).to_have_count(1)
    page.keyboard.press("Space")
    expect(present).to_have_attribute("aria-pressed", "false")
    close(page)
