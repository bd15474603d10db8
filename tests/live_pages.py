"""Helpers for the browser tests of the live apps (vision, cases, plan): pages, joining, screenshots."""

from __future__ import annotations

from pathlib import Path

from playwright.sync_api import expect

PHONE = {"width": 390, "height": 844}
PROJECTOR = {"width": 1280, "height": 800}
LIVE_TIMEOUT = 10_000  # ms: the live pages poll every 2 to 3 s
RENDER_TIMEOUT = 90_000


def new_page(browser, viewport=PROJECTOR):
    """A page in its own browser context (own localStorage), with a dialog recorder attached before any goto."""
    context = browser.new_context(viewport=viewport, locale="nl-NL")
    page = context.new_page()
    page.dialogs = []
    page.on("dialog", lambda dialog: (page.dialogs.append(dialog.message), dialog.dismiss()))
    return page


def wait_rendered(page):
    page.locator("#loading").wait_for(state="detached", timeout=RENDER_TIMEOUT)


def close(page):
    context = page.context
    page.close(run_before_unload=True)
    context.close()


def join(page, name):
    """Join the workshop on a participant page under ``name``."""
    page.locator(".kit-join-name input").fill(name)
    page.locator(".kit-join-button").click()
    expect(page.locator(".kit-me")).to_have_text(name, timeout=LIVE_TIMEOUT)


def screenshot(page, path, full_height: int | None = None):
    """A screenshot of the viewport as people see it, with every scrolled container back at the top.

    With ``full_height`` the viewport first grows to that height, to show a long page whole.
    """
    if full_height:
        page.set_viewport_size({"width": page.viewport_size["width"], "height": full_height})
        page.wait_for_timeout(300)
    page.evaluate("document.querySelectorAll('*').forEach(e => { if (e.scrollTop) e.scrollTop = 0; })")
    page.screenshot(path=str(path))


def expect_join_gate(page, message: str | None = None):
    """``kit serve``'s own join page (:mod:`kit.join_gate`): a code form, no Voila page, no kernel."""
    expect(page.locator("#kit-gate-code")).to_be_visible()
    assert page.locator("#rendered_cells, .jp-OutputArea").count() == 0
    assert "kernelId" not in page.content()
    if message is not None:
        expect(page.get_by_role("alert")).to_contain_text(message)


def submit_code(page, code):
    """Type ``code`` into the join page and send it; waits for the next page's HTML."""
    page.locator("#kit-gate-code").fill(code)
    with page.expect_navigation():
        page.locator("#kit-gate-code").press("Enter")


AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


def axe_violations(page) -> list[str]:
    """axe-core's critical and serious WCAG 2.1 A/AA violations on the page as it is now, one per element."""
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        import axe_playwright_python  # bundles axe.min.js

        # evaluated, not a <script> tag: the light pages' Content-Security-Policy allows no inline script
        page.evaluate((Path(axe_playwright_python.__file__).parent / "axe.min.js").read_text("utf-8"))
    result = page.evaluate("tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", AXE_TAGS)
    return [f"{v['id']} ({v['impact']}): {node['target']}" for v in result["violations"]
            if v["impact"] in ("critical", "serious") for node in v["nodes"]]
