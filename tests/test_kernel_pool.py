"""``kit serve``'s pool of ready kernels, against the real server: the right page for every visitor.

A pooled kernel executes the notebook before anyone asks for it, so these tests check
that each page still gets its own address (school, key) and that more facilitator pages
than the pool holds are served too: by pooled kernels first, then by new ones. (Participants
use the light pages, kit.light, without a kernel.)
"""

from __future__ import annotations

import asyncio
import re
import time
import urllib.error
import urllib.request

import pytest

from benchmarks.participant import _classes, open_page, page_widgets, run_in_thread
from kit import workshop

pytestmark = pytest.mark.browser


def fetch(url: str) -> str:
    """The page's HTML, also of a refusal (kit serve's join gate answers a wrong code with 403)."""
    try:
        with urllib.request.urlopen(url, timeout=120) as response:
            return response.read().decode()
    except urllib.error.HTTPError as refused:
        return refused.read().decode()


def wait_for_pool(log, count: int = 1, timeout: float = 60) -> None:
    """Until the server log says the vision page's pool was filled ``count`` times."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if log.read_text(errors="replace").count("Kernel pool of 01_visie.ipynb is filled") >= count:
            return
        time.sleep(0.25)
    raise TimeoutError("the kernel pool was not filled")


@pytest.fixture
def join_code(served_workspace):
    with workshop.Store(served_workspace / "demo-school") as store:
        return workshop.open_workshop(store).workshop.join_code


@pytest.fixture
def key(served_workspace):
    with workshop.Store(served_workspace / "demo-school") as store:
        return workshop.open_workshop(store).facilitator_key


def test_a_pooled_kernel_opens_the_page_its_visitor_asked_for(pooled_kit_server, pooled_kit_server_log, join_code,
                                                              key):
    wait_for_pool(pooled_kit_server_log)
    used_before = pooled_kit_server_log.read_text(errors="replace").count("Using pre-heated kernel")
    # An unknown school gets the refusal of the light page (the gate's wording), and no kernel from the pool.
    unknown = fetch(pooled_kit_server + f"/voila/render/01_visie.ipynb?school=geen-school&code={join_code}")
    assert "Er is geen workshop met deze deelnamecode." in unknown and "kernelId" not in unknown
    unknown = fetch(pooled_kit_server + f"/voila/render/01_visie.ipynb?school=geen-school&key={key}")
    assert "Deze begeleiderslink werkt niet" in unknown and "kernelId" not in unknown
    assert pooled_kit_server_log.read_text(errors="replace").count("Using pre-heated kernel") == used_before
    known = page_widgets(pooled_kit_server + "/", f"voila/render/01_visie.ipynb?school=demo-school&key={key}")
    texts = " ".join(str(state.get("value", "")) for state in known.values())
    assert "OBS De Regenboog (voorbeeldschool)" in texts
    classes = {c for state in known.values() for c in state.get("_dom_classes", [])}
    assert "kit-facilitator-header" in classes  # the facilitator's app: the key was right
    log = pooled_kit_server_log.read_text(errors="replace")
    assert log.count("Using pre-heated kernel") >= used_before + 1  # the page came from the pool


def test_more_facilitator_pages_than_the_pool_all_open(pooled_kit_server, kit_server_pool, key):
    count = kit_server_pool + 2
    path = f"voila/render/01_visie.ipynb?school=demo-school&key={key}"

    async def crowd():
        pages = await asyncio.gather(*(open_page(pooled_kit_server + "/", path) for _ in range(count)))
        for page in pages:
            await page.close()
        return [page.states for page in pages]

    pages = run_in_thread(crowd)
    assert len(pages) == count
    for states in pages:
        assert any("kit-facilitator-header" in _classes(state) for state in states.values())


def test_closing_a_page_stops_its_kernel(browser, pooled_kit_server, pooled_kit_server_log, key):
    """The page's shutdown beacon carries the _xsrf cookie kit serve sets, so Voila accepts it."""
    context = browser.new_context()
    page = context.new_page()
    page.goto(pooled_kit_server + f"/voila/render/01_visie.ipynb?school=demo-school&key={key}")
    page.locator(".kit-join-code").wait_for(state="visible", timeout=90_000)
    assert any(cookie["name"] == "_xsrf" for cookie in context.cookies())
    kernel_id = re.search(r'"kernelId":\s*"([0-9a-f-]{36})"', page.content()).group(1)
    page.close(run_before_unload=True)
    context.close()
    deadline = time.monotonic() + 20
    while f"Kernel shutdown: {kernel_id}" not in pooled_kit_server_log.read_text(errors="replace"):
        assert time.monotonic() < deadline, "the kernel of the closed page is still running"
        time.sleep(0.25)
    assert f"403 POST /voila/api/shutdown/{kernel_id}" not in pooled_kit_server_log.read_text(errors="replace")
