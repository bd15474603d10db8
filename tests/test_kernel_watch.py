"""kit.kernel: a request that waits unread on a kernel's shell stream is handed to the stream.

A ROUTER socket read through a ZMQStream plays the kernel's shell; a DEALER plays the
server. The request is delivered while the loop is blocked, and its wake-up signal is
then taken in by a look at the socket's events, as a send on the socket would: the
stream is never woken.
"""

from __future__ import annotations

import asyncio
import json
import time
from pathlib import Path

import zmq
from tornado.ioloop import IOLoop, PeriodicCallback
from zmq.eventloop.zmqstream import ZMQStream

from benchmarks.participant import run_in_thread
from kit.kernel import RESCUED_MESSAGE, ShellWatch, signal_pending, unread, watch_shell
from kit.paths import SHARE_DIR

WAIT_S = 2.5


async def request_with_its_signal_taken(watched: bool) -> tuple[list[bytes], list[str]]:
    """What the kernel's stream received within ``WAIT_S``, and what the watch reported."""
    context = zmq.Context()
    shell = context.socket(zmq.ROUTER)
    server = context.socket(zmq.DEALER)
    received: list[bytes] = []
    reports: list[str] = []
    stream = None
    try:
        port = shell.bind_to_random_port("tcp://127.0.0.1")
        server.connect(f"tcp://127.0.0.1:{port}")
        stream = ZMQStream(shell)
        stream.on_recv(lambda frames: received.append(frames[-1]))
        server.send(b"warm-up")
        await asyncio.sleep(0.2)  # connected, the first message read the normal way
        io_loop = IOLoop.current()
        watch = ShellWatch(stream, io_loop.call_later, reports.append)
        timer = PeriodicCallback(watch.check, 300)
        if watched:
            timer.start()
        server.send(b"execute_request")
        time.sleep(0.2)  # blocks the loop: delivered and signalled, not yet looked at
        assert signal_pending(shell)
        shell.get(zmq.EVENTS)  # something else looks at the socket: the signal is gone, the request stays
        assert not signal_pending(shell) and unread(stream)
        deadline = time.monotonic() + WAIT_S
        while b"execute_request" not in received and time.monotonic() < deadline:
            await asyncio.sleep(0.05)
        timer.stop()
        return received, reports
    finally:
        if stream is not None:
            stream.close(linger=0)
        server.close(linger=0)
        context.term()


def test_the_watch_hands_an_unread_request_to_the_stream_and_says_so():
    received, reports = run_in_thread(lambda: request_with_its_signal_taken(watched=True))
    assert received == [b"warm-up", b"execute_request"]
    assert reports == [RESCUED_MESSAGE]


def test_without_the_watch_the_request_stays_unread():
    """Why the watch exists: the stream waits for a signal that never comes."""
    received, reports = run_in_thread(lambda: request_with_its_signal_taken(watched=False))
    assert (received, reports) == ([b"warm-up"], [])


def test_the_watch_leaves_a_stream_alone_when_nothing_waits():
    async def scene() -> tuple[int, list[str]]:
        context = zmq.Context()
        shell = context.socket(zmq.ROUTER)
        stream = ZMQStream(shell)
        stream.on_recv(lambda frames: None)
        reports: list[str] = []
        watch = ShellWatch(stream, IOLoop.current().call_later, reports.append)
        try:
            for _ in range(3):
                watch.check()
                await asyncio.sleep(0.25)
            return watch.rescued, reports
        finally:
            stream.close(linger=0)
            context.term()

    assert run_in_thread(scene) == (0, [])


def test_kit_serve_starts_its_kernels_through_the_watch(monkeypatch):
    """kit serve puts SHARE_DIR first on the Jupyter path; its python3 kernel spec runs kit.kernel."""
    from jupyter_client.kernelspec import KernelSpecManager

    monkeypatch.setenv("JUPYTER_PATH", str(SHARE_DIR))
    spec = KernelSpecManager().get_kernel_spec("python3")
    assert spec.argv == ["python", "-m", "kit.kernel", "-f", "{connection_file}"]
    assert json.loads((Path(SHARE_DIR) / "kernels" / "python3" / "kernel.json").read_text())["language"] == "python"


def test_watch_shell_runs_in_the_streams_own_loop():
    class FakeLoop:
        def __init__(self):
            self.callbacks = []

        def add_callback(self, callback):
            self.callbacks.append(callback)

    class FakeKernel:
        shell_stream = type("Stream", (), {"io_loop": FakeLoop()})()

    kernel = FakeKernel()
    watch_shell(kernel)
    assert len(kernel.shell_stream.io_loop.callbacks) == 1  # nothing runs in the calling thread
    assert not hasattr(kernel, "kit_shell_watch")
