"""``kill -USR1``: a kit serve server or kernel writes where it is to the server log (kit.diagnostics)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time

import pytest

from kit.diagnostics import enable_stack_dumps
from kit.paths import SHARE_DIR

pytestmark = pytest.mark.skipif(not hasattr(signal, "SIGUSR1"), reason="no SIGUSR1 on this platform")

CELL = """
import os, signal, threading, time

def waiting_in_a_cell():
    os.kill(os.getpid(), signal.SIGUSR1)
    time.sleep(0.5)

threading.Thread(target=time.sleep, args=(5,), name="kit-poller", daemon=True).start()
waiting_in_a_cell()
print("still running")
"""


def test_a_kernel_writes_every_threads_stack_and_keeps_running(tmp_path, monkeypatch):
    """A kernel as kit serve starts it (its kernel spec: ``python -m kit.kernel``), signalled in a cell."""
    from jupyter_client.manager import KernelManager

    monkeypatch.setenv("JUPYTER_PATH", str(SHARE_DIR))
    stderr_path = tmp_path / "kernel.err"
    manager = KernelManager(kernel_name="python3", transport="ipc", ip=str(tmp_path / "kernel"))
    with open(stderr_path, "wb") as stderr:
        manager.start_kernel(stderr=stderr)
    client = manager.client()
    client.start_channels()
    out = []
    try:
        client.wait_for_ready(timeout=60)
        reply = client.execute_interactive(CELL, timeout=60, output_hook=lambda msg: out.append(
            msg["content"].get("text", "")))
    finally:
        client.stop_channels()
        manager.shutdown_kernel(now=True)
    written = stderr_path.read_text(errors="replace")
    assert reply["content"]["status"] == "ok", written
    assert "".join(out).strip() == "still running"
    assert "waiting_in_a_cell" in written  # the main thread, in the function it was in
    assert written.count("most recent call first") >= 2  # and the background thread


def test_outside_kit_serve_nothing_is_enabled():
    """A notebook importing the kit elsewhere (JupyterLab, papermill) gets no signal handler."""
    code = "import signal, kit.page; print(signal.getsignal(signal.SIGUSR1) == signal.SIG_DFL)"
    env = {k: v for k, v in os.environ.items() if k not in ("SERVER_SOFTWARE", "VOILA_PREHEAT")}
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60, env=env)
    assert done.stdout.strip() == "True", done.stderr
    assert enable_stack_dumps() is True  # enabling by hand works


@pytest.mark.browser
def test_the_server_writes_its_threads_and_pending_tasks(open_app, kit_server_process, kit_server_log, demo_key):
    open_app(f"/voila/render/00_start.ipynb?school=demo-school&key={demo_key}")
    size = kit_server_log.stat().st_size
    kit_server_process.send_signal(signal.SIGUSR1)
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline and "pending asyncio tasks" not in kit_server_log.read_text()[size:]:
        time.sleep(0.2)
    written = kit_server_log.read_text()[size:]
    assert "stacks of the server's threads" in written and "pending asyncio tasks" in written
    assert kit_server_process.poll() is None  # the server lives on
