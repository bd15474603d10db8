"""axe-core in Chromium on the pages and documents of the signalling step (the participant's page is the light
page, kit.light), the join gate and the facilitator's script: 0 critical and 0 serious WCAG 2.1 A/AA violations."""

from __future__ import annotations

from pathlib import Path

import axe_playwright_python
import pytest

from kit import workshop
from live_pages import PHONE, close, join, new_page, wait_rendered

pytestmark = pytest.mark.browser

AXE_JS = (Path(axe_playwright_python.__file__).parent / "axe.min.js").read_text(encoding="utf-8")
TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
APP = "/voila/render/02_signaleren.ipynb"


def serious_violations(page) -> list[str]:
    page.evaluate(AXE_JS)  # not a <script> tag: the light pages' Content-Security-Policy allows none
    result = page.evaluate("tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", TAGS)
    return [f"{v['id']} ({v['impact']}): {v['nodes'][0]['target']}" for v in result["violations"]
            if v["impact"] in ("critical", "serious")]


@pytest.fixture(scope="module")
def live(served_workspace):
    with workshop.Store(served_workspace / "demo-school") as store:
        opened = workshop.open_workshop(store)
    return "demo-school", opened.workshop.join_code, opened.facilitator_key


def test_the_case_pages_and_the_join_gate_have_no_serious_violations(browser, kit_server, live):
    school, code, key = live
    facilitator = new_page(browser)
    facilitator.goto(f"{kit_server}{APP}?school={school}&key={key}")
    wait_rendered(facilitator)
    facilitator.locator(".kit-case-choice select").select_option(index=1)
    facilitator.locator(".kit-case-title").wait_for()
    assert serious_violations(facilitator) == []
    participant = new_page(browser, PHONE)
    participant.goto(f"{kit_server}{APP}?school={school}&code={code}")
    wait_rendered(participant)
    assert serious_violations(participant) == []  # the join form
    join(participant, "Axe")
    participant.locator(".kit-case-form").wait_for()
    assert serious_violations(participant) == []  # the questions
    gate = new_page(browser, PHONE)
    gate.goto(f"{kit_server}{APP}?school={school}")
    assert serious_violations(gate) == []
    gate.keyboard.type(code)  # keyboard only: the code field has the focus, Enter sends the form
    gate.keyboard.press("Enter")
    wait_rendered(gate)
    light = new_page(browser, PHONE)  # pages without a kernel: the key form, the public plan for a code
    for path in (f"/voila/render/00_start.ipynb?school={school}",
                 f"/voila/render/05_beleidsplan.ipynb?school={school}&code={code}"):
        light.goto(f"{kit_server}{path}")
        assert serious_violations(light) == [], path
    for page in (facilitator, participant, gate, light):
        close(page)


def test_the_documents_of_the_course_have_no_serious_violations(browser, served_workspace, tmp_path):
    from kit.draaiboek.school import render_document, school_view
    from kit.signalering.kaart import kaart_html
    from kit.survey.build_sheets import write_build_sheets

    school = served_workspace / "demo-school"
    documents = {"draaiboek.html": render_document(school_view(school)), "kaart.html": kaart_html(school)}
    for name, html in documents.items():
        (tmp_path / name).write_text(html, encoding="utf-8")
    sheets = [p for p in write_build_sheets(school) if p.suffix == ".html"]
    assert sheets
    page = new_page(browser)
    for path in [tmp_path / name for name in documents] + sheets:
        page.goto(path.as_uri())
        assert serious_violations(page) == [], path.name
    close(page)
