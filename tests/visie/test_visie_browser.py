"""The vision workshop in a real Chromium, against ``kit serve`` in a subprocess: the facilitator's Voila page
and the participants' light pages (kit.light).

Participants join from several pages at once and the facilitator's page shows their
input within seconds; a reload continues as the same participant; pages without a
valid code or key cannot write; typed markup stays text and no dialog ever opens.
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from kit import workshop
from live_pages import (LIVE_TIMEOUT, PHONE, PROJECTOR, axe_violations, close, expect_join_gate, join, new_page,
                        screenshot, submit_code, wait_rendered)

pytestmark = pytest.mark.browser


def add_statement(page, text):
    before = page.locator(".kit-own-statement").count()
    page.locator("textarea.kit-statement-input").fill(text)
    page.locator(".kit-statement-add").click()
    expect(page.locator(".kit-own-statement")).to_have_count(before + 1, timeout=LIVE_TIMEOUT)


def choose(page, menu, text):
    """Choose the statement with ``text`` in one of the facilitator's statement menus (options read ``#12 · text``)."""
    option = page.locator(f"{menu} select option", has_text=text[:60])
    expect(option).to_have_count(1, timeout=LIVE_TIMEOUT)
    page.locator(f"{menu} select").select_option(label=option.inner_text())


def no_injection_ran(page):
    assert not page.dialogs, page.dialogs
    assert page.locator("img[src='x']").count() == 0
    assert page.locator(".kit-visie script, .kit-visie svg[onload]").count() == 0
    assert page.locator(".kit-visie b", has_text="vet").count() == 0


INJECTIONS = (
    "<img src=x onerror=alert(1)>",
    '<script>alert("x")</script>',
    '"><svg onload=alert(2)>',
    "<b>vet</b> & {{ 7*7 }}",
)


def test_participants_join_at_once_and_the_facilitator_sees_everything(browser, kit_server, served_workspace,
                                                                       live_workshop, unique_name, artifacts):
    facilitator = new_page(browser, PROJECTOR)
    facilitator.goto(kit_server + live_workshop.facilitator_path)
    participants = [new_page(browser, PHONE if n == 0 else PROJECTOR) for n in range(len(INJECTIONS))]
    for page in participants:  # all pages load at the same time
        page.goto(kit_server + live_workshop.participant_path, wait_until="commit")
    wait_rendered(facilitator)
    names = [unique_name("Collega") for _ in participants]
    texts = [f"{injection} uitspraak van {name}" for injection, name in zip(INJECTIONS, names)]
    for page in participants:
        wait_rendered(page)
    for page, name in zip(participants, names):
        join(page, name)
    for page, text in zip(participants, texts):
        page.locator("textarea.kit-statement-input").fill(text)
        page.locator(".kit-statement-add").click()
    for number, page in enumerate(participants):
        page.locator(".kit-value-eigenaarschap").click()
        page.locator(".kit-stelling-meldcode-weet-ik label").nth(number % 5).click()
    for page, text in zip(participants, texts):
        expect(page.locator(".kit-own-text").first).to_have_text(text, timeout=LIVE_TIMEOUT)
        expect(page.locator(".kit-value-eigenaarschap")).to_have_attribute("aria-pressed", "true")
        expect(page.locator(".kit-votes-left")).to_contain_text("Je hebt nog 2 van de 3 stemmen")
        expect(page.locator(".kit-rating-progress")).to_contain_text("1 van de 10")

    # The facilitator page refreshes by itself and shows every statement, as text.
    groups = facilitator.locator(".kit-statement-groups")
    for text in texts:
        expect(groups.locator(".kit-statement-text", has_text=text)).to_have_count(1, timeout=LIVE_TIMEOUT)
    facilitator.locator(".lm-TabBar-tab", has_text="Waarden").click()
    with workshop.Store(served_workspace / live_workshop.school) as store:
        current = workshop.current_workshop(store)
        votes = next(v for v in workshop.value_ranking(store, current.id) if v["id"] == "eigenaarschap")["votes"]
    expect(facilitator.locator(".kit-rank", has_text="Eigenaarschap").locator(".kit-rank-votes")).to_have_text(
        str(votes), timeout=LIVE_TIMEOUT)
    assert votes >= len(participants)

    # Names only when the facilitator chooses so.
    facilitator.locator(".lm-TabBar-tab", has_text="Uitspraken").click()
    assert facilitator.locator(".kit-statement-by", has_text=names[0]).count() == 0
    facilitator.locator(".kit-show-names input").check()
    expect(facilitator.locator(".kit-statement-by", has_text=names[0])).to_have_count(1, timeout=LIVE_TIMEOUT)
    facilitator.locator(".kit-show-names input").uncheck()
    expect(facilitator.locator(".kit-statement-by")).to_have_count(0, timeout=LIVE_TIMEOUT)

    # Sorting by keyboard with the one set of controls: a new theme, the statement by its number, the theme, Enter.
    theme = unique_name("Thema")
    facilitator.locator(".kit-theme-name input").fill(theme)
    facilitator.locator(".kit-theme-name input").press("Enter")
    theme_menu = facilitator.locator(".kit-statement-theme select")
    expect(theme_menu.locator("option", has_text=theme)).to_have_count(1, timeout=LIVE_TIMEOUT)
    choose(facilitator, ".kit-statement-pick", texts[2])
    theme_menu.focus()
    theme_menu.select_option(label=theme)
    facilitator.keyboard.press("Tab")
    expect(facilitator.locator(".kit-statement-assign")).to_be_focused()
    facilitator.keyboard.press("Enter")
    group = groups.locator(".kit-theme-group", has=facilitator.locator("h3", has_text=theme))
    expect(group.locator(".kit-statement-text", has_text=texts[2])).to_have_count(1, timeout=LIVE_TIMEOUT)
    expect(group.locator(".kit-count")).to_have_text("1")
    expect(facilitator.locator(".kit-toast")).to_contain_text(f"staat nu bij het thema ‘{theme}’")
    with workshop.Store(served_workspace / live_workshop.school) as store:
        current = workshop.current_workshop(store)
        stored = {s["text"]: s for s in workshop.list_statements(store, current.id, include_removed=True)}
        themes = {t["name"]: t["id"] for t in workshop.list_themes(store, current.id)}
    assert stored[texts[2]]["theme_id"] == themes[theme]

    # Hiding a statement is undone with one click; the participant sees that it was hidden.
    choose(facilitator, ".kit-statement-pick", texts[1])
    facilitator.locator(".kit-statement-hide").click()
    hidden = facilitator.locator(".kit-hidden-statements")
    expect(hidden.locator(".kit-statement-text", has_text=texts[1])).to_have_count(1, timeout=LIVE_TIMEOUT)
    expect(participants[1].locator(".kit-own-hidden")).to_have_count(1, timeout=LIVE_TIMEOUT)
    facilitator.locator(".kit-undo").click()
    expect(groups.locator(".kit-statement-text", has_text=texts[1])).to_have_count(1, timeout=LIVE_TIMEOUT)
    # Hidden again, then put back from the hidden statements' own menu.
    choose(facilitator, ".kit-statement-pick", texts[1])
    facilitator.locator(".kit-statement-hide").click()
    expect(hidden.locator(".kit-statement-text", has_text=texts[1])).to_have_count(1, timeout=LIVE_TIMEOUT)
    assert axe_violations(facilitator) == []
    choose(facilitator, ".kit-statement-restore-pick", texts[1])
    facilitator.locator(".kit-statement-restore").click()
    expect(groups.locator(".kit-statement-text", has_text=texts[1])).to_have_count(1, timeout=LIVE_TIMEOUT)
    expect(hidden.locator(".kit-statement-text", has_text=texts[1])).to_have_count(0)

    for page in [facilitator, *participants]:
        no_injection_ran(page)
    screenshot(participants[0], artifacts / "deelnemer-telefoon.png")
    screenshot(facilitator, artifacts / "begeleider-projector.png")
    facilitator.locator(".kit-present").click()
    expect(facilitator.locator(".kit-facilitator.kit-presenting")).to_have_count(1)
    expect(facilitator.locator(".kit-theme-admin")).to_be_hidden()
    screenshot(facilitator, artifacts / "begeleider-presentatie.png")
    for page in [facilitator, *participants]:
        close(page)


def test_a_reload_continues_as_the_same_participant(browser, kit_server, live_workshop, unique_name):
    page = new_page(browser, PHONE)
    page.goto(kit_server + live_workshop.participant_path)
    wait_rendered(page)
    name = unique_name("Herlader")
    join(page, name)
    add_statement(page, "Eerst bedacht")
    page.locator(".kit-statement-edit").click()
    page.locator("textarea.kit-statement-edit-input").fill("Beter verwoord na nadenken")
    page.locator(".kit-statement-save").click()
    expect(page.locator(".kit-own-text")).to_have_text(["Beter verwoord na nadenken"], timeout=LIVE_TIMEOUT)
    add_statement(page, "Deze trek ik weer in")
    page.locator(".kit-own-statement", has_text="Deze trek ik").locator(".kit-statement-withdraw").click()
    page.locator(".kit-statement-withdraw-yes").click()
    expect(page.locator(".kit-own-statement")).to_have_count(1, timeout=LIVE_TIMEOUT)
    page.locator(".kit-value-vertrouwen").click()
    expect(page.locator(".kit-votes-left")).to_contain_text("nog 2 van de 3", timeout=LIVE_TIMEOUT)
    page.locator(".kit-stelling-plein-iedere-collega label", has_text="helemaal eens").click()
    expect(page.locator(".kit-rating-progress")).to_contain_text("1 van de 10", timeout=LIVE_TIMEOUT)

    page.reload()
    wait_rendered(page)
    expect(page.locator(".kit-me")).to_have_text(name, timeout=LIVE_TIMEOUT)
    expect(page.locator(".kit-own-text")).to_have_text(["Beter verwoord na nadenken"])
    expect(page.locator(".kit-value-vertrouwen")).to_have_attribute("aria-pressed", "true")
    expect(page.locator(".kit-votes-left")).to_contain_text("nog 2 van de 3")
    expect(page.locator(".kit-stelling-plein-iedere-collega input[value='5']")).to_be_checked()
    assert page.locator(".kit-join-name").count() == 0

    # Someone else on the same device starts fresh.
    page.locator(".kit-switch-user").click()
    expect(page.locator(".kit-join-name")).to_have_count(1, timeout=LIVE_TIMEOUT)
    page.reload()
    wait_rendered(page)
    expect(page.locator(".kit-join-name")).to_have_count(1, timeout=LIVE_TIMEOUT)
    close(page)


def test_pages_without_a_valid_code_or_key_cannot_write(browser, kit_server, live_workshop, closed_workshop):
    school = live_workshop.school
    page = new_page(browser, PHONE)
    # No code: kit serve's join page asks for it; no kernel, nothing to write with.
    page.goto(f"{kit_server}/voila/render/01_visie.ipynb?school={school}")
    expect_join_gate(page)
    expect(page.locator("main")).to_contain_text("De code van zes tekens staat op het scherm van de begeleider")
    assert page.locator(".kit-statement-input, .kit-join-name, .kit-value-vote, .kit-scale").count() == 0
    submit_code(page, "<img src=x onerror=alert(1)>")
    expect_join_gate(page, "Deze deelnamecode klopt niet")
    assert page.locator(".kit-join-name").count() == 0
    no_injection_ran(page)
    # The right code (typed as people do) opens the join form and goes into the address.
    submit_code(page, live_workshop.code.lower()[:3] + " " + live_workshop.code.lower()[3:])
    wait_rendered(page)
    expect(page.locator(".kit-join-name")).to_have_count(1, timeout=LIVE_TIMEOUT)
    expect(page).to_have_url(re.compile(f"code={live_workshop.code}"))

    # A wrong or unknown code in the address: a Dutch message and the form.
    for code in ("ZZZZZZ", "%3Cscript%3Ealert(1)%3C/script%3E"):
        page.goto(f"{kit_server}/voila/render/01_visie.ipynb?school={school}&code={code}")
        expect_join_gate(page, "deelnamecode")
        assert page.locator(".kit-statement-input, .kit-join-name").count() == 0
        no_injection_ran(page)

    # A wrong facilitator key: no facilitator functions at all.
    for key in ("x" * 43, "kort", live_workshop.key[:-1] + ("A" if live_workshop.key[-1] != "A" else "B")):
        page.goto(f"{kit_server}/voila/render/01_visie.ipynb?school={school}&key={key}")
        expect_join_gate(page, "Deze begeleiderslink werkt niet")
        assert page.locator(".kit-facilitator, .kit-statement-hide, .kit-vision-save").count() == 0
        body = page.locator("body").inner_text()
        assert "Traceback" not in body and "/workspace" not in body

    # A closed workshop says so and accepts nothing. The wrong codes above (and other tests' from this
    # address) may have this client waiting a few seconds first, as the throttle says on the page.
    page.goto(kit_server + closed_workshop.participant_path)
    for _ in range(4):
        waiting = re.search(r"over (\d+) seconden?", page.locator("body").inner_text())
        if "Even wachten" not in page.locator("body").inner_text() or waiting is None:
            break
        page.wait_for_timeout(int(waiting.group(1)) * 1000 + 300)
        page.goto(kit_server + closed_workshop.participant_path)
    wait_rendered(page)
    expect(page.locator(".kit-closed")).to_contain_text("De workshop is gesloten", timeout=LIVE_TIMEOUT)
    assert page.locator(".kit-join-name, .kit-statement-input").count() == 0
    no_injection_ran(page)
    close(page)


def test_the_facilitator_writes_the_vision_from_a_draft(browser, kit_server, served_workspace, closed_workshop,
                                                        artifacts):
    page = new_page(browser, PROJECTOR)
    page.goto(kit_server + closed_workshop.facilitator_path)
    wait_rendered(page)
    expect(page.locator(".kit-join-info")).to_contain_text("De workshop is gesloten")
    page.locator(".lm-TabBar-tab", has_text="Visie").click()
    page.locator(".kit-vision-draft").click()
    text = page.locator(".kit-vision-text textarea")
    expect(text).to_have_value(re.compile("Visie op sociale veiligheid van Basisschool Het Slot"), timeout=LIVE_TIMEOUT)
    page.locator(".kit-vision-save").click()
    expect(page.locator(".kit-version-row")).to_have_count(1, timeout=LIVE_TIMEOUT)
    text.fill("Onze visie: <script>alert(1)</script> iedereen hoort erbij.")
    page.locator(".kit-vision-final").click()
    expect(page.locator(".kit-version-row")).to_have_count(2, timeout=LIVE_TIMEOUT)
    expect(page.locator(".kit-vision-status")).to_contain_text("Definitieve visie: versie 2")
    page.locator(".kit-version-row", has_text="Versie 1").locator(".kit-vision-mark-final").click()
    expect(page.locator(".kit-vision-status")).to_contain_text("Definitieve visie: versie 1", timeout=LIVE_TIMEOUT)
    with workshop.Store(served_workspace / closed_workshop.school) as store:
        current = workshop.current_workshop(store)
        versions = workshop.list_vision_versions(store, current.id)
    assert [v["final"] for v in versions] == [True, False]
    assert versions[1]["text"] == "Onze visie: <script>alert(1)</script> iedereen hoort erbij."
    screenshot(page, artifacts / "begeleider-visie.png")
    no_injection_ran(page)
    close(page)
