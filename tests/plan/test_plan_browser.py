"""The action plan app in Voila, in a real Chromium, against ``kit serve`` in a subprocess."""

from __future__ import annotations

import re
import shutil

import pytest

from kit import workshop
from kit.paths import EXAMPLES_DIR
from kit.plan import store as plan

pytestmark = pytest.mark.browser

HOSTILE = "<img src=x onerror=alert(1)> Pleinwacht & co"
OWNER = "Juf <b>Anna</b>"
APP = "/voila/render/04_actieplan.ipynb"


@pytest.fixture
def plan_school(served_workspace, request):
    """A school of its own in the served workspace (the demo's profile and surveys), with an open workshop."""
    school_id = "plan-" + re.sub(r"[^a-z0-9]+", "-", request.node.name.lower()).strip("-")[:40]
    folder = served_workspace / school_id
    shutil.copytree(EXAMPLES_DIR / "demo-school", folder, ignore=shutil.ignore_patterns("*.yaml"))
    profile = (EXAMPLES_DIR / "demo-school" / "school.yaml").read_text(encoding="utf-8")
    (folder / "school.yaml").write_text(profile.replace("id: demo-school", f"id: {school_id}"), encoding="utf-8")
    with workshop.Store(folder) as store:
        opened = workshop.open_workshop(store, new=True)
    return school_id, folder, opened


def watch_dialogs(page) -> list[str]:
    dialogs: list[str] = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    return dialogs


def test_facilitator_accepts_edits_reloads_and_undoes(page, open_app, plan_school):
    from playwright.sync_api import expect

    school_id, folder, opened = plan_school
    dialogs = watch_dialogs(page)  # before goto: an injected handler would fire on first render
    url = f"{APP}?school={school_id}&key={opened.facilitator_key}"
    open_app(url)
    page.get_by_role("tab", name="Voorstellen").click()
    first = page.locator(".kit-proposal-card").first
    proposal_id = re.search(r"kit-proposal-(?!card)([a-z0-9-]+)", first.get_attribute("class")).group(1)
    card = page.locator(f".kit-proposal-{proposal_id}")  # it moves to the end once it is in the plan
    expect(card).to_contain_text("Waarom:")
    expect(card).to_contain_text("(n = ")
    title = card.locator("h3").inner_text().strip()
    card.locator(".kit-proposal-accept").click()
    expect(page.locator(".kit-plan-message")).to_contain_text("staat nu in het plan")
    expect(card.locator(".kit-proposal-accept")).to_be_disabled()

    page.get_by_role("tab", name="Plan").click()
    row = page.locator(".kit-plan-action", has_text=title)
    row.locator(".kit-action-edit").click()
    form = row.locator(".kit-action-form")
    form.locator(".kit-field-title input").fill(HOSTILE)
    form.locator(".kit-field-owner input").fill(OWNER)
    form.locator(".kit-field-deadline input").fill("2027-03-15")
    row.locator(".kit-action-save").click()
    expect(page.locator(".kit-plan-message")).to_contain_text("Opgeslagen")

    with workshop.Store(folder) as store:
        [action] = plan.list_actions(store)
        assert (action["title"], action["owner"], action["deadline"]) == (HOSTILE, OWNER, "2027-03-15")
        assert [h["change"] for h in plan.action_history(store, action["id"])] == ["created", "edited"]

    page.reload()
    page.locator("#loading").wait_for(state="detached", timeout=90_000)
    row = page.locator(f".kit-action-{action['id']}")
    expect(row.locator(".kit-action-title")).to_have_text(HOSTILE)
    expect(row.locator(".kit-cell-owner")).to_contain_text(OWNER)
    expect(row.locator(".kit-cell-deadline")).to_contain_text("15-3-2027")
    assert page.locator("img[src='x']").count() == 0 and row.locator("b").count() == 0

    row.locator(".kit-action-remove").click()
    expect(page.locator(".kit-plan-action")).to_have_count(0)
    expect(page.locator(".kit-removed-row")).to_contain_text(HOSTILE)
    page.locator(".kit-undo").click()
    expect(page.locator(".kit-plan-action")).to_have_count(1)
    expect(page.locator(".kit-plan-message")).to_contain_text("Ongedaan gemaakt")
    assert not dialogs


def test_participant_sees_the_plan_votes_and_comments_as_text(page, kit_server, plan_school):
    from playwright.sync_api import expect

    school_id, folder, opened = plan_school
    with workshop.Store(folder) as store:
        action_id = plan.add_action(store, plan.LOCAL, "2026-2027", {"title": HOSTILE, "owner": OWNER})
    dialogs = watch_dialogs(page)
    page.goto(f"{kit_server}{APP}?school={school_id}&code={opened.workshop.join_code}")  # to the light page
    page.locator(".kit-join-name input").fill("Bram")
    page.locator(".kit-join-button").click()
    card = page.locator(f".kit-action-{action_id}")
    expect(card.locator(".kit-action-title")).to_have_text(HOSTILE)
    card.locator(".kit-plan-vote").click()
    expect(page.locator(".kit-votes-left")).to_contain_text("Je hebt nog 2 van de 3 stemmen")
    card.locator("textarea.kit-comment-input").fill(HOSTILE)
    card.locator(".kit-comment-send").click()
    expect(card.locator(".kit-comment-text")).to_have_text(HOSTILE)
    assert page.locator("img[src='x']").count() == 0 and not dialogs
    with workshop.Store(folder) as store:
        snapshot = plan.plan_snapshot(store, "2026-2027")
    assert snapshot["votes"] == {action_id: 1}
    assert [c["text"] for c in snapshot["comments"][action_id]] == [HOSTILE]
