"""A page whose kernel stopped says so in Dutch and offers a reload (kit template, ``footer_js``)."""

from __future__ import annotations

import json
import signal
import time

import psutil
import pytest

pytestmark = pytest.mark.browser

STOPPED = "Deze pagina werkt niet meer: het programma achter de pagina is gestopt."
ADVICE = ("Laad de pagina opnieuw. Wat u al had opgeslagen, blijft bewaard. Lukt het dan nog niet, meld het aan de "
          "begeleider.")


def kernel_process(server, kernel_id: str) -> psutil.Process:
    (process,) = [p for p in psutil.Process(server.pid).children(recursive=True)
                  if any(kernel_id in part for part in p.cmdline())]
    return process


def test_a_page_whose_kernel_died_says_so_and_reloads(open_app, kit_server_process, demo_key):
    page = open_app(f"/voila/render/00_start.ipynb?school=demo-school&key={demo_key}")
    kernel_id = json.loads(page.locator("#jupyter-config-data").text_content())["kernelId"]
    page.wait_for_function("() => window.jupyterapp && window.jupyterapp.widgetManager")
    assert page.get_by_role("alert").count() == 0

    kernel_process(kit_server_process, kernel_id).send_signal(signal.SIGKILL)
    start = time.monotonic()
    alert = page.get_by_role("alert")
    alert.wait_for(timeout=15_000)
    assert time.monotonic() - start < 15
    assert alert.locator("p").all_inner_texts() == [STOPPED, ADVICE]
    button = alert.get_by_role("button", name="Pagina opnieuw laden")
    assert page.evaluate("document.activeElement.textContent") == "Pagina opnieuw laden"  # keyboard users are there

    button.press("Enter")
    page.locator("#loading").wait_for(state="detached", timeout=90_000)
    page.locator("#rendered_cells").wait_for(state="visible", timeout=90_000)
    assert page.get_by_role("alert").count() == 0
    new_kernel = json.loads(page.locator("#jupyter-config-data").text_content())["kernelId"]
    assert new_kernel != kernel_id and kernel_process(kit_server_process, new_kernel).is_running()


def test_a_page_that_lost_the_server_says_so(open_app, page, demo_key):
    page.add_init_script("window.KIT_RECONNECT_MS = 500;")
    cut = []  # once set, no new kernel connection gets through

    def connection(socket):
        if cut:
            socket.close()
        else:
            socket.connect_to_server()

    page.route_web_socket(lambda url: "/api/kernels/" in url, connection)
    open_app(f"/voila/render/00_start.ipynb?school=demo-school&key={demo_key}")
    page.wait_for_function("() => window.jupyterapp && window.jupyterapp.widgetManager"
                           " && window.jupyterapp.widgetManager.kernel.connectionStatus === 'connected'")
    cut.append(True)
    page.evaluate("() => { window.jupyterapp.widgetManager.kernel.reconnect().catch(() => {}); }")
    alert = page.get_by_role("alert")
    alert.wait_for(timeout=15_000)
    assert alert.locator("p").first.inner_text() == "De verbinding met de server is verbroken."
