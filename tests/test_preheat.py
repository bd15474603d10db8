"""A pooled kernel collects its page address from Voila's websocket (``kit.preheat``) and opens the right page."""

from __future__ import annotations

import asyncio
import json
import socket
import threading

import pytest
from tornado.web import Application
from tornado.websocket import WebSocketHandler

from kit import preheat

REQUEST = {"QUERY_STRING": "school=demo-school&code=ABC234", "SERVER_SOFTWARE": "voila/0.5.13",
           "SCRIPT_NAME": "/voila/render/01_visie.ipynb"}


class QueryServer:
    """Voila's ``/voila/query/<kernel id>`` in miniature: sends the request of one kernel id."""

    def __init__(self, payloads: dict[str, dict]):
        self.payloads = payloads
        self.paths: list[str] = []
        self.port = 0
        self._ready = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def __enter__(self):
        self._thread.start()
        self._ready.wait(10)
        return self

    def __exit__(self, *exc):
        self.loop.call_soon_threadsafe(self.stop.set)
        self._thread.join(10)

    def _run(self):
        asyncio.run(self._serve())

    async def _serve(self):
        from tornado.httpserver import HTTPServer
        from tornado.netutil import bind_sockets

        server = self

        class Handler(WebSocketHandler):
            def open(self, kernel_id):
                server.paths.append(self.request.path)
                if kernel_id in server.payloads:
                    self.write_message(json.dumps(server.payloads[kernel_id]))

        self.loop = asyncio.get_running_loop()
        self.stop = asyncio.Event()
        sockets = bind_sockets(0, "127.0.0.1")
        self.port = sockets[0].getsockname()[1]
        http = HTTPServer(Application([(r"/voila/query/(.*)", Handler)]))
        http.add_sockets(sockets)
        self._ready.set()
        await self.stop.wait()
        http.stop()


@pytest.fixture
def pooled_kernel(monkeypatch):
    """The environment of a kernel that Voila started for its pool, before any request."""
    for name in REQUEST:  # setenv first, so that the variables the kernel receives are removed afterwards
        monkeypatch.setenv(name, "")
        monkeypatch.delenv(name)
    monkeypatch.setenv("VOILA_PREHEAT", "True")
    monkeypatch.setenv("VOILA_KERNEL_ID", "kernel-7")
    monkeypatch.setenv("VOILA_SERVER_URL", "/")
    monkeypatch.setenv("VOILA_APP_IP", "127.0.0.1")
    return monkeypatch


def test_outside_a_pool_nothing_is_waited_for(monkeypatch):
    monkeypatch.delenv("VOILA_PREHEAT", raising=False)
    assert not preheated_now()
    assert preheat.wait_for_request() is True


def preheated_now() -> bool:
    return preheat.preheated()


def test_a_pooled_kernel_receives_its_own_request(pooled_kernel):
    assert preheat.preheated()
    with QueryServer({"kernel-7": REQUEST, "kernel-8": {"QUERY_STRING": "school=other"}}) as server:
        pooled_kernel.setenv("VOILA_APP_PORT", str(server.port))
        assert preheat.wait_for_request() is True
    assert server.paths == ["/voila/query/kernel-7"]
    import os

    assert os.environ["QUERY_STRING"] == "school=demo-school&code=ABC234"
    assert os.environ["SERVER_SOFTWARE"] == "voila/0.5.13"
    assert not preheat.preheated()  # it has its request now
    from kit.page import in_voila, query

    assert in_voila()
    assert query() == {"school": "demo-school", "code": "ABC234"}


def test_no_server_gives_false_and_a_line_in_the_log(pooled_kernel, capsys):
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    pooled_kernel.setenv("VOILA_APP_PORT", str(port))  # nobody listens here
    assert preheat.wait_for_request() is False
    assert "geen paginaverzoek ontvangen" in capsys.readouterr().err


def test_open_page_in_a_pooled_kernel_that_gets_no_request_says_so_in_dutch(pooled_kernel, monkeypatch):
    from kit import page as page_module

    shown = []
    monkeypatch.setattr(preheat, "wait_for_request", lambda: False)
    monkeypatch.setattr(page_module, "wait_for_request", lambda: False)
    monkeypatch.setattr(page_module, "show_error", lambda message, title="": shown.append((title, message)))
    monkeypatch.setattr(page_module, "halt", lambda: shown.append(("halt", "")))
    assert page_module.open_page() is None
    assert shown[0][0] == "Deze pagina kan niet worden geopend"
    assert "kon niet worden voorbereid" in shown[0][1] and "Laad de pagina opnieuw" in shown[0][1]
    assert shown[1] == ("halt", "")


def test_query_url_follows_where_voila_listens(pooled_kernel):
    pooled_kernel.setenv("VOILA_APP_IP", "192.168.1.20")
    pooled_kernel.setenv("VOILA_APP_PORT", "8870")
    pooled_kernel.setenv("VOILA_SERVER_URL", "/kit/")
    assert preheat.query_url() == "ws://192.168.1.20:8870/kit/voila/query/kernel-7"


def test_a_pooled_kernel_loads_the_live_pages_before_its_visitor_comes(pooled_kernel, monkeypatch):
    import importlib

    loaded = []
    monkeypatch.setattr(importlib, "import_module", lambda name: loaded.append(name))
    with QueryServer({"kernel-7": REQUEST}) as server:
        pooled_kernel.setenv("VOILA_APP_PORT", str(server.port))
        assert preheat.wait_for_request() is True
    assert loaded == list(preheat.PRELOAD)
    for name in preheat.PRELOAD:  # every name can really be imported
        assert importlib.util.find_spec(name) is not None


def test_a_pooled_kernel_that_voila_shuts_down_ends_quietly(pooled_kernel, monkeypatch):
    """No failed-reply traceback per pooled kernel in the facilitator's terminal when kit serve stops."""
    exits = []

    def fake_exit(status):
        exits.append(status)
        raise SystemExit(status)

    monkeypatch.setattr(preheat.os, "_exit", fake_exit)
    monkeypatch.setattr(preheat, "_shutting_down", lambda: True)
    with pytest.raises(SystemExit):
        preheat._exit_if_voila_stops(seconds=1)
    assert exits == [0]
    monkeypatch.setattr(preheat, "_shutting_down", lambda: False)
    preheat._exit_if_voila_stops(seconds=0.1)  # no shutdown: the page shows its Dutch message instead
    assert exits == [0]
