"""The facilitator's day in a real Chromium against ``kit serve --host 0.0.0.0``: joining from the printed
address (and the QR code's content) on another host name, the key through every step, the confirmation before
closing, undo of a replaced vision text, right counts, Dutch loading words and a short terminal."""

from __future__ import annotations

import http.client
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path
from types import SimpleNamespace
from urllib.parse import parse_qs, urlsplit

import pytest
from kit_servers import REPO, free_port, stop_process, wait_for_http
from playwright.sync_api import expect

from kit import workshop
from kit.cli import main
from kit.serve_address import lan_address
from kit.serve_runtime import RUNTIME_NAME
from test_joinday_units import segno_matrix, svg_matrix

pytestmark = pytest.mark.browser

SCHOOL = "demo-school"
READY = 90_000
ARTIFACTS = REPO / "test-artifacts"


@pytest.fixture(scope="module")
def day(served_workspace, tmp_path_factory):
    """The demo school in a workspace of its own, a new workshop for meeting 1, and ``kit serve --host 0.0.0.0``."""
    workspace = tmp_path_factory.mktemp("joinday") / "workspace"
    shutil.copytree(served_workspace / SCHOOL, workspace / SCHOOL)
    with workshop.Store(workspace / SCHOOL) as store:
        if (current := workshop.current_workshop(store)) is not None and current.is_open:
            workshop.close_workshop(store)
    assert main(["workshop", "open", SCHOOL, "--bijeenkomst", "1", "--workspace", str(workspace)]) == 0
    port = free_port()
    log = workspace.parent / "console.log"
    env = {**os.environ, "KIT_WORKSPACE": str(workspace), "KIT_SERVE_LOG": "kort"}
    with open(log, "wb") as out:
        process = subprocess.Popen([sys.executable, "-m", "kit.cli", "serve", "--host", "0.0.0.0", "--port",
                                    str(port), "--deelnemers", "0"], stdout=out, stderr=subprocess.STDOUT, env=env,
                                   cwd=REPO)
    try:
        wait_for_http(f"http://127.0.0.1:{port}/", process)
        yield SimpleNamespace(port=port, base=f"http://127.0.0.1:{port}", workspace=workspace, log=log,
                              process=process)
    finally:
        stop_process(process, timeout=20)
    assert not (workspace / RUNTIME_NAME).exists()  # the server removed its runtime file when it stopped


def printed(day, capsys) -> SimpleNamespace:
    """What ``kit workshop key`` prints: the short address, the participants' and the facilitator's links."""
    capsys.readouterr()
    assert main(["workshop", "key", SCHOOL, "--workspace", str(day.workspace)]) == 0
    out = capsys.readouterr().out
    links = re.findall(r"http://\S+/(?:voila/render|mee)/\S+", out)
    return SimpleNamespace(short=re.search(r"Kort adres: (\S+)", out).group(1), out=out,
                           key=parse_qs(urlsplit(next(u for u in links if "key=" in u)).query)["key"][0],
                           facilitator=[u for u in links if "key=" in u], participant=[u for u in links if "code=" in u])


def axe_serious(page, include: list[str]) -> list[str]:
    """Critical and serious axe-core violations (WCAG 2.1 A/AA) inside the ``include`` selectors."""
    import axe_playwright_python

    page.add_script_tag(path=str(Path(axe_playwright_python.__file__).parent / "axe.min.js"))
    result = page.evaluate("args => axe.run({include: args[0].map(s => [s])}, {runOnly: {type: 'tag', values: "
                           "args[1]}})", [include, ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]])
    return [f"{v['id']} ({v['impact']}): {v['nodes'][0]['target']}" for v in result["violations"]
            if v["impact"] in ("critical", "serious")]


def rendered(page) -> None:
    page.locator("#loading").wait_for(state="detached", timeout=READY)
    page.locator("#rendered_cells").wait_for(state="visible", timeout=READY)


def local(url: str, port: int) -> str:
    """``url`` on 127.0.0.1 (the facilitator's own laptop)."""
    parts = urlsplit(url)
    return f"http://127.0.0.1:{port}{parts.path}?{parts.query}"


def shot(page, name: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"joinday-{name}.png"))


def test_a_participant_joins_from_the_printed_address_and_the_facilitator_works_safely(day, browser, capsys):
    links = printed(day, capsys)
    lan = lan_address()
    host = urlsplit(links.short).hostname
    assert host == (lan or "127.0.0.1") and links.short.endswith("/m/" + re.search(r"/m/(\w+)", links.short).group(1))
    code = links.short.rsplit("/", 1)[1]
    visie = next(u for u in links.facilitator if "/01_visie.ipynb" in u)

    beamer = browser.new_context(viewport={"width": 1920, "height": 1080}, locale="nl-NL")
    page = beamer.new_page()
    page.goto(local(visie, day.port))
    rendered(page)
    link = page.locator(".kit-join-link")
    expect(link).to_have_text(links.short)  # exactly the printed address, not the page's own 127.0.0.1
    svg = page.locator("svg.kit-join-qr")
    assert svg.get_attribute("aria-label") == f"QR-code met het adres {links.short}"
    assert svg_matrix(svg.evaluate("e => e.outerHTML")) == segno_matrix(links.short)  # what a camera reads
    if lan:
        assert "alleen op deze computer" not in page.locator(".kit-join-info").inner_text()

    # What this module adds to the page passes axe-core (WCAG 2.1 A/AA): banner, QR code, step links, question.
    page.locator(".kit-workshop-toggle").click()
    assert axe_serious(page, [".kit-join-info", ".kit-step-nav-box", ".kit-close-box", ".kit-toast"]) == []
    page.locator(".kit-close-confirm .kit-confirm-no").click()

    page.locator(".kit-present").click()  # presentation mode on the beamer: a large QR code
    expect(page.locator(".kit-visie.kit-presenting")).to_have_count(1)
    assert page.locator("svg.kit-join-qr").bounding_box()["width"] >= 250
    shot(page, "beamer-presentatie")
    page.locator(".kit-present").click()

    # No English loading words: whatever the widget manager writes becomes Dutch.
    page.evaluate("() => { const d = document.createElement('div'); d.id = 'kit-probe';"
                  " document.body.appendChild(d); d.textContent = 'Loading widget...'; }")
    expect(page.locator("#kit-probe")).to_have_text("Onderdeel wordt geladen …")
    assert "Loading widget" not in page.locator("body").inner_text()

    # Counts that match the store after adds.
    with workshop.Store(day.workspace / SCHOOL) as store:
        me = workshop.join(store, code, "Lotte")
        for text in ("Iedereen hoort erbij.", "We grijpen in als het nodig is."):
            workshop.add_statement(store, me.token, text)
        current = workshop.current_workshop(store)
        counted = (len(workshop.list_participants(store, current.id)), len(workshop.list_statements(store, current.id)))
    expect(page.locator(".kit-stats")).to_contain_text(f"{counted[0]} deelnemers · {counted[1]} uitspraken",
                                                        timeout=15_000)

    # Hiding a statement far down the page: the message and its undo show in the window, not at the top.
    hide = page.locator(".kit-statement-hide").last
    hide.scroll_into_view_if_needed()
    hide.click()
    toast = page.locator(".kit-toast")
    expect(toast).to_contain_text(re.compile(r"Uitspraak #\d+ verborgen\."))
    box, height = toast.bounding_box(), page.viewport_size["height"]
    assert 0 <= box["y"] and box["y"] + box["height"] <= height
    toast.locator(".kit-undo").click()
    expect(toast).to_contain_text("Teruggezet.")
    page.evaluate("() => window.scrollTo(0, 0)")

    # Closing asks first, beside the button; "Annuleren" changes nothing.
    page.locator(".kit-workshop-toggle").click()
    confirm = page.locator(".kit-close-confirm")
    expect(confirm).to_be_visible()
    expect(confirm).to_contain_text("Deelnemers kunnen daarna niets meer invoeren")
    confirm.locator(".kit-confirm-no").click()
    expect(confirm).to_be_hidden()
    page.locator(".kit-workshop-toggle").click()
    with workshop.Store(day.workspace / SCHOOL) as store:
        assert workshop.current_workshop(store).is_open  # asking closed nothing
    confirm.locator(".kit-confirm-yes").click()
    message = page.locator(".kit-close-message")
    expect(message).to_contain_text("De workshop is gesloten")
    with workshop.Store(day.workspace / SCHOOL) as store:
        assert not workshop.current_workshop(store).is_open
    toggle_box, message_box = page.locator(".kit-workshop-toggle").bounding_box(), message.bounding_box()
    assert message_box["y"] - (toggle_box["y"] + toggle_box["height"]) < 120  # the answer is where the eye is
    page.locator(".kit-workshop-toggle").click()  # open again: participants join below
    expect(message).to_contain_text("weer open")

    # Replacing the vision text being edited can be undone.
    page.get_by_role("tab", name="Visie").click()
    box = page.locator(".kit-vision-text textarea")
    box.fill("Onze eigen zin, nog niet opgeslagen.")
    page.locator(".kit-vision-draft").click()
    expect(box).not_to_have_value("Onze eigen zin, nog niet opgeslagen.")
    page.locator(".kit-vision-undo").click()
    expect(box).to_have_value("Onze eigen zin, nog niet opgeslagen.")
    expect(page.locator(".kit-vision-undo")).to_be_hidden()

    # A participant on another host name opens the printed address and lands on the meeting's page.
    other = links.short if lan else links.short.replace("127.0.0.1", "127.0.0.2")
    # The test browser resolves nothing but 127.0.0.1 (conftest.py); this participant's may reach that host too.
    from kit_servers import CHROMIUM, CHROMIUM_ARGS

    rules = f"--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1, EXCLUDE {urlsplit(other).hostname}"
    own = browser.browser_type.launch(executable_path=CHROMIUM, args=[*CHROMIUM_ARGS[:-1], rules])
    phone = own.new_context(viewport={"width": 390, "height": 844}, locale="nl-NL", is_mobile=True)
    participant = phone.new_page()
    participant.goto(other)
    landed = urlsplit(participant.url)
    assert landed.hostname == urlsplit(other).hostname != "127.0.0.1"
    assert landed.path.endswith("/mee/visie")  # the light participant page (kit.light)
    assert parse_qs(landed.query) == {"school": [SCHOOL], "code": [code]}  # the code, never the key
    expect(participant.locator("#naam")).to_be_visible()
    shot(participant, "deelnemer-telefoon")
    expect(message).to_have_text("", timeout=20_000)  # a transient message goes by itself
    phone.close()
    own.close()
    beamer.close()

    # The short route's other answers: the join form in Dutch, and a refusal for a code that does not exist.
    conn = http.client.HTTPConnection("127.0.0.1", day.port, timeout=30)
    conn.request("GET", "/m/")
    response = conn.getresponse()
    body = response.read().decode("utf-8")
    assert response.status == 200 and "Deelnamecode" in body and 'action="/m/"' in body
    conn.request("GET", "/m/" + ("ABC234" if code != "ABC234" else "ABC236"))
    response = conn.getresponse()
    assert response.status == 403 and "Deze deelnamecode werkt niet" in response.read().decode("utf-8")
    conn.request("GET", f"/m/{code.lower()}")
    response = conn.getresponse()
    response.read()
    assert response.status == 302 and f"code={code}" in response.getheader("Location")
    assert "/mee/visie?" in response.getheader("Location")  # the meeting's step, its light page
    conn.request("GET", f"/m/{code}/4")  # what the action plan's banner shows
    response = conn.getresponse()
    response.read()
    assert response.status == 302 and "/mee/actieplan?" in response.getheader("Location")
    conn.close()


def test_the_facilitator_moves_through_the_steps_with_the_key(day, browser, capsys):
    links = printed(day, capsys)
    start = next(u for u in links.facilitator if "/00_start.ipynb" in u)
    context = browser.new_context(viewport={"width": 1366, "height": 768}, locale="nl-NL")
    page = context.new_page()
    page.goto(local(start, day.port))
    rendered(page)
    expect(page.locator(".kit-step a")).to_have_count(5, timeout=60_000)  # the cells are drawn after "rendered"
    steps = [a.get_attribute("href") for a in page.locator(".kit-step a").all()]
    assert all(parse_qs(urlsplit(h).query).get("key") == [links.key] for h in steps)
    with context.expect_page() as opened:  # the page's links open in a new tab (JupyterLab's HTML output)
        page.locator(".kit-step a", has_text="Visie op sociale veiligheid").click()
    page = opened.value
    page.wait_for_url(re.compile(r"/01_visie\.ipynb\?"), wait_until="commit")
    rendered(page)
    assert parse_qs(urlsplit(page.url).query)["key"] == [links.key]
    nav = page.locator(".kit-step-nav a")
    expect(nav).to_have_count(5)
    assert all(parse_qs(urlsplit(a.get_attribute("href")).query).get("key") == [links.key] for a in nav.all())
    assert "key=" not in page.locator(".kit-join-link").get_attribute("href")  # the participants' address
    shot(page, "laptop-visie")
    page.locator(".kit-step-nav a", has_text="2. Signaleren en handelen").click()
    page.wait_for_url(re.compile(r"/02_signaleren\.ipynb\?"), wait_until="commit")
    rendered(page)
    expect(page.locator(".kit-case-header")).to_contain_text("begeleider")
    expect(page.locator(".kit-step-nav [aria-current='page']")).to_have_text("2. Signaleren en handelen")
    back = page.locator(".kit-step-nav a", has_text="Startpagina").get_attribute("href")
    assert back.startswith("00_start.ipynb?") and parse_qs(urlsplit(back).query)["key"] == [links.key]
    context.close()


def test_the_terminal_shows_what_a_facilitator_needs(day):
    console = day.log.read_text(encoding="utf-8", errors="replace")
    assert "Kit Sociale Veiligheid: de apps starten." in console and "Stoppen: Ctrl+C" in console
    assert "De kit is klaar." in console
    for noise in ("Kernel started", "Starting buffering", "Voilà is running", "Kernel shutdown"):
        assert noise not in console
    full = (day.workspace / "kit-serve.log").read_text(encoding="utf-8", errors="replace")
    assert "Kernel started" in full  # the whole log is kept, in the workspace
    runtime = json.loads((day.workspace / RUNTIME_NAME).read_text(encoding="utf-8"))
    assert (runtime["host"], runtime["port"], runtime["pid"]) == ("0.0.0.0", day.port, day.process.pid)
    assert runtime["public_url"] == f"http://{lan_address() or '127.0.0.1'}:{day.port}"
