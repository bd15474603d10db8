"""A kernel from Voila's pool of preheated kernels waits here for its visitor.

``kit serve`` keeps kernels for the workshop pages started in advance (Voila's
``preheat_kernel``): the kernel has started and has imported the kit before any
participant asks for the page. Such a kernel does not yet know the page address
(``?school=...&code=...``). Voila hands it over when the page is requested, through
a websocket at ``/voila/query/<kernel id>``; this module receives it and puts it in
``os.environ`` (``QUERY_STRING``, ``SERVER_SOFTWARE``...), exactly as Voila does for a
kernel started for the request.

Voila ships ``voila.utils.wait_for_request`` for this, but importing it imports the
whole Jupyter server (about 3 s of CPU in every pooled kernel, measured with
``python -X importtime``); the protocol is one websocket message, received here with
Tornado, which every kernel has already imported.
"""

from __future__ import annotations

import asyncio
import importlib
import json
import os
import sys
import threading
import time

PREHEAT_ENV = "VOILA_PREHEAT"
CONNECT_SECONDS = 10.0
SHUTDOWN_GRACE = 3.0
# What the participant pages import once they know their visitor (0.2 s of CPU): loaded while waiting instead.
PRELOAD = ("kit.live.access", "kit.live.join", "kit.visie.app_participant", "kit.plan.app_participant")


def preheated() -> bool:
    """True in a pooled kernel that has not yet been given its request."""
    return os.environ.get(PREHEAT_ENV) == "True" and "QUERY_STRING" not in os.environ


def query_url() -> str:
    """The websocket address where Voila hands this kernel its request."""
    host = os.environ.get("VOILA_APP_IP", "127.0.0.1")
    port = os.environ.get("VOILA_APP_PORT", "8866")
    base = os.environ.get("VOILA_SERVER_URL", "/")
    kernel_id = os.environ.get("VOILA_KERNEL_ID", "")
    return f"ws://{host}:{port}{base}voila/query/{kernel_id}"


async def _receive(url: str) -> str | None:
    from tornado.websocket import websocket_connect

    connection = await asyncio.wait_for(websocket_connect(url), CONNECT_SECONDS)
    try:
        return await connection.read_message()
    finally:
        connection.close()


def _shutting_down() -> bool:
    """True when this kernel has been asked to shut down (ipykernel keeps its reply until it exits)."""
    try:
        from IPython import get_ipython
    except ImportError:  # pragma: no cover - always there in a kernel
        return False
    shell = get_ipython()
    kernel = getattr(shell, "kernel", None)
    return getattr(kernel, "_shutdown_message", None) is not None


def _exit_if_voila_stops(seconds: float = SHUTDOWN_GRACE) -> None:
    """Voila closes the websocket before it shuts its kernels down: if a shutdown follows, end quietly.

    Otherwise every pooled kernel would finish its cell after its sockets are closed and
    log a failed reply when ``kit serve`` stops.
    """
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if _shutting_down():
            os._exit(0)
        time.sleep(0.05)


def wait_for_request() -> bool:
    """Block until Voila gives this pooled kernel its page request; put the request in ``os.environ``.

    Returns False (after a note on stderr, which goes to the server log) when the
    request could not be received; :func:`kit.page.open_page` then asks, in Dutch, to reload.
    Does nothing outside a pooled kernel.
    """
    if not preheated():
        return True
    for module in PRELOAD:
        importlib.import_module(module)
    url = query_url()
    result: dict[str, str | None] = {}

    def receive() -> None:  # a thread with its own loop: the kernel's loop is busy running this cell
        try:
            result["message"] = asyncio.run(_receive(url))
        except Exception as exc:  # the server log gets the reason; the page gets a Dutch message
            print(f"kit: geen paginaverzoek ontvangen van {url}: {exc!r}", file=sys.stderr)

    thread = threading.Thread(target=receive, name="kit-wait-for-request", daemon=True)
    thread.start()
    try:
        thread.join()
    except BaseException:  # interrupted: Voila is shutting this kernel down
        _exit_if_voila_stops()
        raise
    message = result.get("message")
    if not message:
        _exit_if_voila_stops()
        return False
    for key, value in json.loads(message).items():
        os.environ[key] = str(value)
    return True
