"""The case exercise in a real Chromium, against ``kit serve`` in a subprocess: the facilitator's Voila page and
the participants' light pages (kit.light), reached through the old participant links (redirected).

A facilitator and three participants: the facilitator puts a case on the screen, the
participants' pages follow it, they answer, and the facilitator's page shows the count,
the spread and the texts within seconds. A participant who joined the vision app is the
same person here; a reload keeps the person and the answer, and changing it keeps history.
"""

from __future__ import annotations

import itertools
import re

import pytest
from playwright.sync_api import expect

from kit import workshop
from kit.signalering.cases import load_cases
from kit.workshop import cases
from live_pages import (LIVE_TIMEOUT, PHONE, PROJECTOR, close, expect_join_gate, join, new_page, screenshot,
                        wait_rendered)

pytestmark = pytest.mark.browser

APP = "/voila/render/02_signaleren.ipynb"
VISIE = "/voila/render/01_visie.ipynb"
CASE = "wat-ik-zag"  # a po case the demo did not answer, so the counts below are exactly ours
_names = itertools.count(1)


@pytest.fixture(scope="module")
def live(served_workspace):
    """The demo school's example workshop, reopened: (school, join code, facilitator key)."""
    with workshop.Store(served_workspace / "demo-school") as store:
        opened = workshop.open_workshop(store)
    return "demo-school", opened.workshop.join_code, opened.facilitator_key


def answer(page, signals: list[int], level: str, steps: list[int], text: str):
    form = page.locator(f".kit-case-{CASE}")
    for n in signals:
        form.locator(".kit-case-signal input").nth(n).check()
    form.get_by_label(level, exact=True).check()
    for n in steps:
        form.locator(".kit-case-step input").nth(n).check()
    form.locator("textarea.kit-case-input").fill(text)
    form.locator(".kit-case-save").click()
    expect(form.locator("#melding-casus")).to_contain_text("Je antwoord is opgeslagen", timeout=LIVE_TIMEOUT)


def row_count(page, table: str, label: str):
    return page.locator(f".kit-spread-{table} tr", has=page.locator("th", has_text=re.compile(f"^{re.escape(label)}$"))
                        ).locator(".kit-count-cell")


def test_three_participants_answer_and_the_facilitator_sees_the_spread(browser, kit_server, served_workspace, live,
                                                                      artifacts):
    school, code, key = live
    case = next(c for c in load_cases("po") if c.id == CASE)
    number = [c.id for c in load_cases("po")].index(CASE) + 1
    facilitator = new_page(browser, PROJECTOR)
    facilitator.goto(f"{kit_server}{APP}?school={school}&key={key}")

    # The first participant joined in the vision app; here the browser knows them without asking again.
    first = new_page(browser, PHONE)
    first.goto(f"{kit_server}{VISIE}?school={school}&code={code}")
    wait_rendered(first)
    names = [f"Casus{next(_names)}" for _ in range(3)]
    join(first, names[0])
    first.goto(f"{kit_server}{APP}?school={school}&code={code}")
    others = [new_page(browser, PROJECTOR) for _ in range(2)]
    for page in others:
        page.goto(f"{kit_server}{APP}?school={school}&code={code}", wait_until="commit")
    participants = [first, *others]
    for page in participants:
        wait_rendered(page)
    expect(first.locator(".kit-me")).to_have_text(names[0], timeout=LIVE_TIMEOUT)
    assert first.locator(".kit-join-name").count() == 0
    for page, name in zip(others, names[1:]):
        join(page, name)

    # The facilitator puts the case on the screen; every participant's page follows by itself.
    wait_rendered(facilitator)
    facilitator.locator(".kit-case-choice select").select_option(label=f"{number}. {case.title}")
    expect(facilitator.locator(".kit-case-title")).to_have_text(case.title, timeout=LIVE_TIMEOUT)
    for page in participants:
        expect(page.locator(f".kit-case-{CASE} .kit-case-title")).to_have_text(case.title, timeout=LIVE_TIMEOUT)

    texts = ["Fatima beschermen: niet beloven dat het geheim blijft.", "<img src=x onerror=alert(1)> melden",
             "Jesse eerst spreken"]
    answer(first, [0, 1, 2], "Zorgelijk: actie nodig", [0, 3], texts[0])
    answer(others[0], [1], "Ernstig: direct handelen", [3], texts[1])
    answer(others[1], [0, 1], "Zorgelijk: actie nodig", [2, 3], texts[2])

    # Within seconds the facilitator sees how many answered, the spread and the texts (as text).
    expect(facilitator.locator(".kit-answered-count")).to_have_text("3", timeout=LIVE_TIMEOUT)
    expect(row_count(facilitator, "ernst", "Zorgelijk: actie nodig")).to_have_text("2")
    expect(row_count(facilitator, "ernst", "Ernstig: direct handelen")).to_have_text("1")
    expect(row_count(facilitator, "ernst", "Geen zorg")).to_have_text("0")
    expect(row_count(facilitator, "signalen", case.signals[1])).to_have_text("3")
    expect(row_count(facilitator, "signalen", case.signals[0])).to_have_text("2")
    expect(row_count(facilitator, "stappen", case.next_steps[3])).to_have_text("3")
    for text in texts:
        expect(facilitator.locator(".kit-case-text", has_text=text)).to_have_count(1)
    assert facilitator.locator("img[src='x']").count() == 0 and not facilitator.dialogs
    for name in names:  # no names beside the answers
        assert facilitator.locator(".kit-case-results", has_text=name).count() == 0
    facilitator.locator(".lm-TabBar-tab", has_text="Bespreken").click()
    expect(facilitator.locator(".kit-case-notes")).to_contain_text("omstander")
    screenshot(participants[0], artifacts / "deelnemer-telefoon.png", full_height=2300)
    facilitator.locator(".lm-TabBar-tab", has_text="Casus en antwoorden").click()
    screenshot(facilitator, artifacts / "begeleider-projector.png", full_height=1900)

    # A reload: the same person, with their answer; changing it keeps the earlier version.
    page = others[1]
    page.reload()
    wait_rendered(page)
    expect(page.locator(".kit-me")).to_have_text(names[2], timeout=LIVE_TIMEOUT)
    form = page.locator(f".kit-case-{CASE}")
    expect(form.locator(".kit-case-save")).to_have_text("Antwoord wijzigen", timeout=LIVE_TIMEOUT)
    expect(form.locator("textarea.kit-case-input")).to_have_value(texts[2])
    expect(form.locator(".kit-case-signal input").nth(1)).to_be_checked()
    expect(form.get_by_label("Zorgelijk: actie nodig", exact=True)).to_be_checked()
    form.get_by_label("Ernstig: direct handelen", exact=True).check()
    form.locator(".kit-case-save").click()
    expect(form.locator("#melding-casus")).to_contain_text("Je antwoord is opgeslagen", timeout=LIVE_TIMEOUT)
    expect(row_count(facilitator, "ernst", "Ernstig: direct handelen")).to_have_text("2", timeout=LIVE_TIMEOUT)
    expect(facilitator.locator(".kit-answered-count")).to_have_text("3")
    with workshop.Store(served_workspace / school) as store:
        current = workshop.current_workshop(store)
        mine = [a for a in cases.list_answers(store, current.id, CASE) if a["text"] == texts[2]]
        assert len(mine) == 1
        assert [v["seriousness"] for v in cases.answer_history(store, current.id)[mine[0]["id"]]] == [3, 4]

    # The knowledge: a tab for the facilitator with the kaart to download, a button for participants.
    facilitator.locator(".lm-TabBar-tab", has_text="Kennis").click()
    facilitator.locator(".kit-kaart-make").click()
    link = facilitator.locator(".kit-kaart-link a")
    expect(link).to_have_text(re.compile(r"Opslaan: signaleringskaart\.pdf \(PDF, \d+ kB\)"), timeout=30_000)
    with facilitator.expect_download() as download:
        link.click()
    assert download.value.suggested_filename == "signaleringskaart.pdf"
    assert open(download.value.path(), "rb").read(4) == b"%PDF"
    page.locator(".kit-knowledge-toggle").click()
    expect(page.locator(".kit-knowledge-panel h2").first).to_have_text("Signalen herkennen", timeout=LIVE_TIMEOUT)
    assert page.locator(".kit-knowledge-panel h3").count() >= 10  # every topic of signaleren.yaml
    for p in [facilitator, *participants]:
        assert not p.dialogs
        close(p)


def test_an_unsaved_answer_survives_when_the_facilitator_moves_on(browser, kit_server, served_workspace, live):
    """What a participant typed is never thrown away: when the case changes, the form stays, with a note, until saved."""
    school, code, key = live
    po_cases = load_cases("po")
    case = next(c for c in po_cases if c.id == CASE)
    other = next(c for c in po_cases if c.id != CASE)
    label = {c.id: f"{n}. {c.title}" for n, c in enumerate(po_cases, start=1)}
    facilitator = new_page(browser, PROJECTOR)
    facilitator.goto(f"{kit_server}{APP}?school={school}&key={key}")
    wait_rendered(facilitator)
    facilitator.locator(".kit-case-choice select").select_option(label=label[CASE])
    participant = new_page(browser, PHONE)
    participant.goto(f"{kit_server}{APP}?school={school}&code={code}")
    wait_rendered(participant)
    name = f"Concept{next(_names)}"
    join(participant, name)
    form = participant.locator(f".kit-case-{CASE}")
    expect(form.locator(".kit-case-title")).to_have_text(case.title, timeout=LIVE_TIMEOUT)
    form.get_by_label("In de gaten houden", exact=True).check()
    form.locator("textarea.kit-case-input").fill("Nog niet opgeslagen, wel belangrijk")

    facilitator.locator(".kit-case-choice select").select_option(label=label[other.id])
    note = participant.locator("#kit-live-note")
    expect(note).to_contain_text("De begeleider toont nu een andere casus. Je antwoord is nog niet opgeslagen",
                                 timeout=LIVE_TIMEOUT)
    expect(form.locator("textarea.kit-case-input")).to_have_value("Nog niet opgeslagen, wel belangrijk")
    form.locator(".kit-case-save").click()  # saved for the case it answers; then the new case
    expect(participant.locator(f".kit-case-{other.id} .kit-case-title")).to_have_text(other.title,
                                                                                        timeout=LIVE_TIMEOUT)
    expect(note).to_be_empty()
    with workshop.Store(served_workspace / school) as store:
        current = workshop.current_workshop(store)
        mine = [a for a in cases.list_answers(store, current.id, CASE)
                if a["text"] == "Nog niet opgeslagen, wel belangrijk"]
        assert len(mine) == 1 and mine[0]["seriousness"] == 2

    # Back to the first case: the saved answer is there, ready to change.
    facilitator.locator(".kit-case-choice select").select_option(label=label[CASE])
    expect(form.locator(".kit-case-save")).to_have_text("Antwoord wijzigen", timeout=LIVE_TIMEOUT)
    expect(form.locator("textarea.kit-case-input")).to_have_value("Nog niet opgeslagen, wel belangrijk")
    for page in (facilitator, participant):
        assert not page.dialogs
        close(page)


def test_without_a_code_or_with_a_wrong_key_nobody_can_write(browser, kit_server, live):
    school, code, key = live
    page = new_page(browser, PHONE)
    page.goto(f"{kit_server}{APP}?school={school}")
    expect_join_gate(page)  # kit serve's join page: no kernel without a code
    expect(page.locator("main")).to_contain_text("2. Signaleren en handelen")
    assert page.locator(".kit-case-form, .kit-join-name, .kit-case-choice").count() == 0
    page.goto(f"{kit_server}{APP}?school={school}&key={'x' * 43}")
    expect_join_gate(page, "Deze begeleiderslink werkt niet")
    assert page.locator(".kit-case-facilitator, .kit-case-choice").count() == 0
    close(page)
