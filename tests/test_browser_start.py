"""The start page in Voila, in a real Chromium, against ``kit serve`` in a subprocess."""

from __future__ import annotations

import urllib.request

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

LIVE_STEPS = ("01_visie", "02_signaleren", "04_actieplan")  # behind kit serve's join gate (kit.join_gate)


@pytest.fixture(scope="module")
def demo_key(served_workspace) -> str:
    """The facilitator key of the demo school's (reopened) workshop: a participant's code leads to a light page."""
    from kit import workshop

    with workshop.Store(served_workspace / "demo-school") as store:
        return workshop.open_workshop(store).facilitator_key


NO_LEAKS = ("Traceback", "There was an error", "Error", "/workspace", "school.yaml")


def test_start_page_shows_the_demo_school(open_app, demo_key):
    page = open_app(f"/voila/render/00_start.ipynb?school=demo-school&key={demo_key}")
    assert page.locator(".kit-school-name").inner_text() == "OBS De Regenboog (voorbeeldschool)"
    text = page.locator("body").inner_text()
    assert "43 van de 49 gegevens zijn ingevuld" in text
    assert "Nog in te vullen (6)" in text
    assert "Samir El Amrani" in text
    assert page.locator(".kit-step").count() == 5
    # Links to the other apps keep the school and the key in the address.
    for link in page.locator(".kit-step a").all():
        assert f"school=demo-school&key={demo_key}" in link.get_attribute("href")
    assert "from kit" not in page.content()  # sources are stripped


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("?school=bestaat-niet&key=KEY", "Deze pagina opent alleen met een begeleiderslink die werkt."),
        ("?school=../../etc&key=KEY", "Deze pagina opent alleen met een begeleiderslink die werkt."),
        ("?school=%3Cimg%20src%3Dx%20onerror%3Dalert(1)%3E&key=KEY",
         "Deze pagina opent alleen met een begeleiderslink die werkt."),
        ("?key=KEY", "In het adres staat niet bij welke school deze pagina hoort."),
    ],
)
def test_bad_school_gets_a_friendly_dutch_page(page, kit_server, demo_key, query, expected):
    """kit serve's gate answers before any kernel: the same words for an unknown and a malformed school."""
    dialogs = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    page.goto(f"{kit_server}/voila/render/00_start.ipynb{query.replace('KEY', demo_key)}")
    box = page.locator(".kit-error")
    box.wait_for()
    text = box.inner_text()
    assert expected in text
    assert "kernelId" not in page.content() and "OBS De Regenboog" not in page.content()
    body = page.locator("body").inner_text()
    for leak in NO_LEAKS:
        assert leak not in body
    assert page.locator(".kit-start").count() == 0  # the rest of the page is skipped
    assert page.locator("img[src='x']").count() == 0 and not dialogs


def test_server_pages_are_dutch(page, kit_server):
    page.goto(kit_server + "/")
    text = page.locator("body").inner_text()
    assert "Kit Sociale Veiligheid" in text and "2. Signaleren en handelen\n3. Leerlingenquête" in text
    assert "Select items" not in text
    response = page.goto(kit_server + "/voila/render/bestaat-niet.ipynb")
    assert response.status == 404
    assert "Deze pagina bestaat niet." in page.locator("body").inner_text()


@pytest.mark.parametrize("notebook", ["00_start", "01_visie", "02_signaleren", "03_enquete", "04_actieplan",
                                      "05_beleidsplan"])
def test_app_pages_load_nothing_from_elsewhere(page, open_app, kit_server, demo_key, notebook):
    """Every file a page needs comes from kit serve: nothing waits on, or tells, a third party.

    Voila's own page loaded Font Awesome from a public CDN; where that connection hangs
    (a filtering school network) the page took 30 s to finish loading.
    """
    requested = []
    page.on("request", lambda request: requested.append(request.url))
    open_app(f"/voila/render/{notebook}.ipynb?school=demo-school&key={demo_key}")  # every page opens with the key
    page.wait_for_load_state("load")
    elsewhere = [url for url in requested
                 if not url.startswith((kit_server + "/", kit_server.replace("http", "ws", 1) + "/", "data:", "blob:"))]
    assert elsewhere == []
    assert len(requested) > 10  # the listener saw the page's own files
    assert page.locator("html").get_attribute("lang") == "nl"
    # The icons come with Voila's own bundle: the buttons that make a file still show theirs.
    if notebook == "05_beleidsplan":
        icon = page.locator(".kit-download-make-intern-docx i.fa-file")
        assert "Font Awesome" in icon.evaluate("e => getComputedStyle(e, '::before').fontFamily")
        loaded = page.evaluate("async () => { await document.fonts.ready; return [...document.fonts]"
                               ".filter(f => f.family.includes('Font Awesome') && f.status === 'loaded').length; }")
        assert loaded > 0


def test_the_server_log_has_no_warning_per_page(open_app, kit_server_log, demo_key):
    """Opening pages adds no "not trusted" warning per page to what the facilitator's terminal shows."""
    open_app(f"/voila/render/00_start.ipynb?school=demo-school&key={demo_key}")
    open_app(f"/voila/render/01_visie.ipynb?school=demo-school&key={demo_key}")
    log = kit_server_log.read_text(encoding="utf-8", errors="replace")
    assert "Kernel started" in log  # the log is the live one, and Voila's own lines still come through
    assert "not trusted" not in log
    assert "websocket_ping_timeout" not in log  # Tornado's note on Jupyter Server's ping settings


def test_every_page_runs_in_a_kernel_that_watches_its_shell(open_app, kit_server_process, demo_key):
    """kit serve's kernels are ``python -m kit.kernel`` (ipykernel plus kit.kernel.ShellWatch)."""
    import psutil

    open_app(f"/voila/render/00_start.ipynb?school=demo-school&key={demo_key}")
    kernels = [child.cmdline() for child in psutil.Process(kit_server_process.pid).children(recursive=True)
               if "-f" in child.cmdline()]
    assert kernels, "the open page has a kernel"
    assert all(command[1:3] == ["-m", "kit.kernel"] for command in kernels)


def test_the_loading_screen_is_dutch_and_offers_a_reload_when_it_takes_long(page, kit_server, demo_key):
    """What a page shows while its notebook runs: Dutch text, and after a while a way forward.

    The page is cut off where Voila starts the kernel, so it keeps loading, as a page on a
    machine that hangs would; the hint comes after ``KIT_LOADING_HINT_MS`` (20 s when not set).
    """
    with urllib.request.urlopen(kit_server + f"/voila/render/00_start.ipynb?school=demo-school&key={demo_key}",
                                timeout=90) as reply:
        html = reply.read().decode("utf-8")
    still_loading = html[:html.index('<script id="jupyter-config-data"')]
    page.add_init_script("window.KIT_LOADING_HINT_MS = 300;")
    page.route(kit_server + "/loading", lambda route: route.fulfill(body=still_loading, content_type="text/html"))
    page.goto(kit_server + "/loading", wait_until="domcontentloaded")
    expect(page.locator("#loading_text")).to_have_text("De pagina wordt klaargezet …")
    page.evaluate("window.voila_process(2, 3)")  # what Voila calls before each cell
    expect(page.locator("#loading_text")).to_have_text("De pagina wordt klaargezet (stap 2 van 3) …")
    expect(page.locator(".kit-loading-hint")).to_contain_text("Dit duurt langer dan normaal", timeout=5_000)
    with page.expect_navigation():
        page.locator(".kit-loading-reload").click()
    assert "Running" not in page.locator("body").inner_text()
