"""The light participant pages in Chromium on a phone (390 x 844): joining by keyboard, writing, a reload as the
same person, the case that follows the facilitator, the plan, a closed workshop, 200 % zoom, axe-core on every
state, and the facilitator's Voila page showing a phone's entry within 2 s."""

from __future__ import annotations

import time

import pytest
from playwright.sync_api import expect

from kit import workshop
from live_pages import PHONE, PROJECTOR, close, new_page, wait_rendered
from test_axe_course_pages import serious_violations

pytestmark = pytest.mark.browser
LIVE = 6_000  # ms: the page asks for the state every 2 s


def no_sideways_scroll(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= document.documentElement.clientWidth + 1")


def join(page, name: str) -> None:
    """Join with the keyboard only: Tab to the name field, type, Enter."""
    for _ in range(4):  # the name field has the focus when the page opens; else Tab to it
        if page.evaluate("document.activeElement.id") == "naam":
            break
        page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.id") == "naam"
    assert page.evaluate("getComputedStyle(document.activeElement).outlineStyle") != "none"  # visible focus
    page.keyboard.type(name)
    page.keyboard.press("Enter")
    expect(page.locator(".kit-me")).to_have_text(name)


def test_a_phone_joins_writes_and_a_reload_is_the_same_person(browser, kit_server, light_demo):
    page = new_page(browser, PHONE)
    page.goto(kit_server + light_demo.path("visie"))
    assert serious_violations(page) == []  # the join form
    assert no_sideways_scroll(page)
    join(page, "Mira Telefoon")
    page.locator("#uitspraak").fill("Iedereen mag er zijn, ook op een slechte dag.")
    expect(page.locator("#uitspraak-teller")).to_have_text("45 / 280 tekens")
    page.get_by_role("button", name="Toevoegen").click()
    expect(page.locator("#melding-uitspraken")).to_have_text("Je uitspraak is opgeslagen.")
    value = page.locator(".kit-value-vote").first
    value.click()
    expect(page.locator(".kit-value-vote").first).to_have_attribute("aria-pressed", "true")
    expect(page.locator("#waarden .kit-votes-left-text")).to_contain_text("Je hebt nog 2 van de 3 stemmen.")
    page.locator(".kit-stelling").first.get_by_text("eens", exact=True).click()  # saved at once, no button
    expect(page.locator(".kit-rating-progress")).to_contain_text("Je hebt 1 van de")
    assert serious_violations(page) == []  # the three exercises
    page.reload()
    expect(page.locator(".kit-me")).to_have_text("Mira Telefoon")
    expect(page.locator(".kit-own-text")).to_have_text("Iedereen mag er zijn, ook op een slechte dag.")
    expect(page.locator(".kit-value-vote").first).to_have_attribute("aria-pressed", "true")
    assert page.locator(".kit-stelling").first.locator("input[value='4']").is_checked()
    page.get_by_role("link", name="Aanpassen").click()
    edit = page.get_by_label("Je uitspraak aanpassen")
    edit.fill("Iedereen mag er zijn.")
    page.get_by_role("button", name="Opslaan").click()
    expect(page.locator("#melding-uitspraken")).to_have_text("Je aanpassing is opgeslagen.")
    expect(page.locator(".kit-own-text")).to_have_text("Iedereen mag er zijn.")
    page.set_viewport_size({"width": 195, "height": 422})  # the phone at 200 % zoom
    assert no_sideways_scroll(page)
    close(page)


def test_the_case_follows_the_facilitator_and_keeps_what_is_typed(browser, kit_server, light_demo):
    from kit.signalering.cases import load_school_cases
    from kit.workshop.cases import show_case

    cases = load_school_cases(light_demo.folder)
    page = new_page(browser, PHONE)
    page.goto(kit_server + light_demo.path("signaleren"))
    join(page, "Noor Telefoon")
    with workshop.Store(light_demo.folder) as store:
        show_case(store, light_demo.key, cases[3].id)
        expect(page.locator(".kit-case-title")).to_have_text(cases[3].title, timeout=LIVE)  # no reload needed
        assert serious_violations(page) == []  # the questions
        page.get_by_label(cases[3].signals[0]).check()
        page.get_by_label("Zorgelijk: actie nodig").check()
        page.get_by_role("button", name="Antwoord opslaan").click()
        expect(page.locator("#melding-casus")).to_have_text("Je antwoord is opgeslagen.")
        page.locator("#toelichting").fill("Ik wil eerst weten wat de ouders zien.")
        show_case(store, light_demo.key, cases[4].id)  # the facilitator moves on while this phone types
        expect(page.locator("#kit-live-note")).to_contain_text("De begeleider toont nu een andere casus.", timeout=LIVE)
        expect(page.locator("#toelichting")).to_have_value("Ik wil eerst weten wat de ouders zien.")
        page.get_by_role("button", name="Antwoord wijzigen").click()  # saved for the case it belongs to
        expect(page.locator(".kit-case-title")).to_have_text(cases[4].title)
        from kit.workshop.cases import own_answer

        token = next(c["value"] for c in page.context.cookies() if c["name"].startswith("kit-deelnemer-"))
        assert own_answer(store, token, cases[3].id)["text"] == "Ik wil eerst weten wat de ouders zien."
        page.locator("#kennis summary").click()
        expect(page.locator(".kit-knowledge-panel h2").first).to_be_visible()
    close(page)


def test_the_plan_takes_a_vote_and_a_comment(browser, kit_server, light_demo):
    page = new_page(browser, PHONE)
    page.goto(kit_server + light_demo.path("actieplan"))
    join(page, "Olaf Telefoon")
    card = page.locator(".kit-action-card").first
    card.get_by_role("button", name="★ Prioriteit").click()
    expect(page.locator(".kit-action-card").first.get_by_role("button", name="★ Prioriteit")).to_have_attribute(
        "aria-pressed", "true")
    page.locator(".kit-action-card").first.get_by_label("Je reactie op deze actie").fill("Ook de ouders erbij.")
    page.locator(".kit-action-card").first.get_by_role("button", name="Reageren").click()
    expect(page.locator(".kit-action-card").first.locator(".kit-comment-own")).to_contain_text("Ook de ouders erbij.")
    assert serious_violations(page) == []
    assert no_sideways_scroll(page)
    close(page)


def test_a_closed_workshop_says_so_and_a_closing_one_too(browser, kit_server, light_closed, served_workspace):
    from kit.workspace import create_school

    page = new_page(browser, PHONE)
    page.goto(kit_server + light_closed.path("visie"))
    expect(page.locator(".kit-closed")).to_contain_text("De workshop is gesloten.")
    assert page.locator("form").count() == 0
    assert serious_violations(page) == []
    folder = create_school(served_workspace, "licht-sluiten", "Basisschool Het Laatste Uur")
    with workshop.Store(folder) as store:
        opened = workshop.open_workshop(store)
        page.goto(f"{kit_server}/mee/visie?school=licht-sluiten&code={opened.workshop.join_code}")
        join(page, "Pim Telefoon")
        workshop.close_workshop(store)
    expect(page.locator(".kit-closed")).to_contain_text("De workshop is gesloten.", timeout=LIVE)  # by itself
    expect(page.get_by_role("button", name="Toevoegen")).to_be_disabled()
    close(page)


def test_the_facilitator_sees_a_phone_entry_within_two_seconds(browser, kit_server, light_demo):
    facilitator = new_page(browser, PROJECTOR)
    facilitator.goto(kit_server + light_demo.facilitator("01_visie"))
    wait_rendered(facilitator)
    expect(facilitator.locator(".kit-join-link")).to_contain_text("/m/")  # the short address, to the light page
    phone = new_page(browser, PHONE)
    phone.goto(kit_server + light_demo.path("visie"))
    join(phone, "Quinten Telefoon")
    text = f"Op tijd gezien {time.time():.0f}."
    phone.locator("#uitspraak").fill(text)
    phone.get_by_role("button", name="Toevoegen").click()
    expect(phone.locator("#melding-uitspraken")).to_have_text("Je uitspraak is opgeslagen.")
    saved = time.monotonic()
    facilitator.locator(".kit-statement-text", has_text=text).first.wait_for(timeout=10_000)  # the card, not its menu option
    seen = time.monotonic() - saved
    assert seen < 2.0, f"{seen:.2f} s"
    close(phone)
    close(facilitator)
