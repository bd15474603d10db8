"""A participant's page load without a browser: the same HTTP and websocket messages, no rendering.

What a Voila page does in the browser until the join form of the vision workshop can
be typed in, done over the Jupyter protocol so that twenty of them can run at once on
one machine without twenty browsers eating its two cores:

1. fetch the page (the notebook executed by its kernel, as HTML);
2. open the kernel's websocket and ask for the state of every widget at once
   (``jupyter.widget.control`` / ``request_states``, as ipywidgets 8 in the browser does);
3. answer the browser-storage bridge (``kit-bridge`` Text widget) with "nothing stored",
   as ``kit.live.browser`` does in a browser without a remembered participant;
4. wait until the kernel has built the join form (a widget with class ``kit-join-name``)
   and is idle again.

Then the kernel is shut down as a page does when it is closed.
"""

from __future__ import annotations

import asyncio
import json
import re
import threading
import time
import uuid
from dataclasses import dataclass
from http.cookies import SimpleCookie
from typing import Any, Awaitable, Callable, TypeVar

from tornado.httpclient import AsyncHTTPClient, HTTPRequest
from tornado.websocket import websocket_connect

T = TypeVar("T")
KERNEL_ID_RE = re.compile(r'"kernelId":\s*"([0-9a-f-]{36})"')
BRIDGE_CLASS = "kit-bridge"
NOTHING = "-"  # kit.live.browser.NOTHING


@dataclass
class Visit:
    seconds: float  # from the request until the join form is built (inf: failed)
    html_seconds: float  # until the page's HTML was complete
    error: str = ""


def _message(msg_type: str, content: dict, channel: str, session: str,
             metadata: dict | None = None) -> tuple[str, str]:
    msg_id = uuid.uuid4().hex
    header = {"msg_id": msg_id, "msg_type": msg_type, "session": session, "username": "deelnemer",
              "date": "", "version": "5.3"}
    return msg_id, json.dumps({"header": header, "parent_header": {}, "metadata": metadata or {}, "content": content,
                               "channel": channel, "buffers": []})


def _classes(state: dict) -> list[str]:
    return list(state.get("_dom_classes") or [])


async def visit(base: str, path: str, timeout: float = 90.0, goal_class: str = "kit-join-name") -> Visit:
    """One participant opening ``base + path``; see the module docstring."""
    started = time.perf_counter()
    stage = ["de pagina ophalen"]
    try:
        return await asyncio.wait_for(_visit(base, path, started, goal_class, stage), timeout)
    except Exception as exc:  # a failed page counts as failed, with the reason
        return Visit(float("inf"), float("inf"), f"{type(exc).__name__} bij {stage[-1]}: {exc}"[:300])


@dataclass
class OpenPage:
    """A page whose HTML has arrived and whose kernel websocket is open, with every widget's state."""

    client: AsyncHTTPClient
    base: str
    kernel_id: str
    cookie: str
    xsrf: str
    session: str
    connection: Any
    states: dict[str, dict]
    html_seconds: float

    async def close(self) -> None:
        """What the page does when it is closed: ask Voila to stop its kernel."""
        self.connection.close()
        try:
            await self.client.fetch(self.base + f"voila/api/shutdown/{self.kernel_id}", method="POST", body="",
                                    headers={"Cookie": self.cookie, "X-XSRFToken": self.xsrf}, request_timeout=30)
        except Exception:  # culling stops the kernel later
            pass


async def open_page(base: str, path: str, started: float | None = None, stage: list[str] | None = None) -> OpenPage:
    """Fetch the page, open its kernel's websocket and load every widget's state."""
    started = time.perf_counter() if started is None else started
    stage = [] if stage is None else stage
    client = AsyncHTTPClient()
    response = await client.fetch(base + path, request_timeout=600)
    html_seconds = time.perf_counter() - started
    body = response.body.decode()
    match = KERNEL_ID_RE.search(body)
    if not match or "application/vnd.jupyter.widget-view+json" not in body:
        raise RuntimeError("de pagina bevat geen widgets")
    kernel_id = match.group(1)
    cookies = SimpleCookie()
    for header in response.headers.get_list("Set-Cookie"):
        cookies.load(header)
    cookie = "; ".join(f"{key}={morsel.value}" for key, morsel in cookies.items())
    xsrf = cookies["_xsrf"].value if "_xsrf" in cookies else ""
    stage.append(f"de websocket van kernel {kernel_id}")
    session = uuid.uuid4().hex
    ws_url = base.replace("http://", "ws://") + f"api/kernels/{kernel_id}/channels?session_id={session}"
    connection = await websocket_connect(HTTPRequest(ws_url, headers={"Cookie": cookie}))
    page = OpenPage(client, base, kernel_id, cookie, xsrf, session, connection, {}, html_seconds)
    stage.append(f"de widgets van kernel {kernel_id}")
    try:
        page.states = await _load_widgets(connection, session)
    except BaseException:
        await page.close()
        raise
    return page


async def _visit(base: str, path: str, started: float, goal_class: str, stage: list[str]) -> Visit:
    page = await open_page(base, path, started, stage)
    stage.append("het antwoord van de browseropslag")
    try:
        bridge = [comm_id for comm_id, state in page.states.items() if BRIDGE_CLASS in _classes(state)]
        if not bridge:
            raise RuntimeError("geen kit-bridge op de pagina")
        update_id, text = _message("comm_msg", {"comm_id": bridge[0], "data": {
            "method": "update", "state": {"value": NOTHING}, "buffer_paths": []}}, "shell", page.session)
        await page.connection.write_message(text)
        seen_goal = False
        while True:
            message = await _read(page.connection)
            content = message.get("content", {})
            state = content.get("data", {}).get("state", {})
            if goal_class in _classes(state):
                seen_goal = True
            if (seen_goal and message["header"]["msg_type"] == "status"
                    and content.get("execution_state") == "idle"
                    and message.get("parent_header", {}).get("msg_id") == update_id):
                break
    finally:
        await page.close()
    return Visit(time.perf_counter() - started, page.html_seconds)


def page_widgets(base: str, path: str) -> dict[str, dict]:
    """The state of every widget on a page, as a browser gets it; the page is closed again."""

    async def main() -> dict[str, dict]:
        page = await open_page(base, path)
        await page.close()
        return page.states

    return run_in_thread(main)


async def _read(connection) -> dict:
    while True:
        raw = await connection.read_message()
        if raw is None:
            raise RuntimeError("de websocket van de kernel sloot")
        if isinstance(raw, str):  # binary frames carry widget buffers, which these pages do not use
            return json.loads(raw)


async def _load_widgets(connection, session: str) -> dict[str, dict]:
    """All widget states, asked for at once as ipywidgets 8 does in the browser."""
    comm_id = uuid.uuid4().hex
    _, text = _message("comm_open", {"comm_id": comm_id, "target_name": "jupyter.widget.control",
                                     "data": {}}, "shell", session, metadata={"version": "1.0.0"})
    await connection.write_message(text)
    request_id, text = _message("comm_msg", {"comm_id": comm_id, "data": {"method": "request_states"}},
                                "shell", session)
    await connection.write_message(text)
    while True:
        message = await _read(connection)
        data = message.get("content", {}).get("data", {})
        if (message["header"]["msg_type"] == "comm_msg" and data.get("method") == "update_states"
                and message.get("parent_header", {}).get("msg_id") == request_id):
            return {comm_id: entry.get("state", {}) for comm_id, entry in data.get("states", {}).items()}


async def visits(base: str, path: str, count: int, timeout: float = 90.0) -> list[Visit]:
    """``count`` participants opening the page at the same moment."""
    AsyncHTTPClient.configure(None, max_clients=max(count, 10))
    return list(await asyncio.gather(*(visit(base, path, timeout) for _ in range(count))))


def run_in_thread(make: Callable[[], Awaitable[T]]) -> T:
    """Run a coroutine on its own event loop in its own thread (the caller may already run a loop)."""
    result: dict[str, Any] = {}

    def target() -> None:
        try:
            result["value"] = asyncio.run(make())
        except BaseException as exc:  # handed to the caller
            result["error"] = exc

    thread = threading.Thread(target=target)
    thread.start()
    thread.join()
    if "error" in result:
        raise result["error"]
    return result["value"]


def run_visits(base: str, path: str, count: int, timeout: float = 90.0) -> list[Visit]:
    """``count`` participants at once (see :func:`visits`), from synchronous code."""
    return run_in_thread(lambda: visits(base, path, count, timeout))
