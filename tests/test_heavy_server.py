"""The long fault and attack runs on a real ``kit serve`` (``make test-heavy``; left out of ``make test``).

* Mid-workshop, page kernels write (the same store calls a page makes, run in the kernel
  through the Jupyter protocol, as ``test_server_guards`` does); one kernel is killed with
  SIGKILL, then the server and every other kernel. Every entry a kernel had confirmed (a line
  it wrote after the commit returned) must be in the store.
* The malformed-frame attack of ``test_wsguard`` many times over, on many sockets: the
  server answers every time within 5 s and does not grow.

Figures are printed (run with ``-s``).
"""

from __future__ import annotations

import os
import re
import signal
import sqlite3
import time
import urllib.request

import psutil
import pytest
from kit_servers import facilitator_key, running_kit_server
from test_wsguard import (
    ANSWER_S, ATTACK_FRAME, CLOSE_CODE, KEYS, MAX_GROWTH_MB, V1_PROTOCOL, assert_server_answers, connect, open_page,
    read_until_closed, rss_mb, run_async, wsguard_server)  # noqa: F401 - wsguard_server is the fixture

from kit import workshop

pytestmark = pytest.mark.heavy

WRITER = """
import os
from pathlib import Path
from kit import workshop
_store = workshop.Store(Path({school!r}))
_fd = os.open({confirmed!r}, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
_n = 0
while True:
    _text = {prefix!r} + str(_n)
    workshop.edit_statement(_store, {token!r}, {statement}, _text)
    os.write(_fd, (_text + "\\n").encode())
    _n += 1
"""


def kernel_of(server: psutil.Process, kernel_id: str) -> psutil.Process:
    (process,) = [p for p in server.children(recursive=True) if any(kernel_id in part for part in p.cmdline())]
    return process


def start_writing(process: psutil.Process, code: str) -> None:
    """Run ``code`` in the kernel ``process`` (through its connection file) without waiting for it."""
    from jupyter_client import BlockingKernelClient

    connection_file = process.cmdline()[process.cmdline().index("-f") + 1]
    client = BlockingKernelClient(connection_file=connection_file)
    client.load_connection_file()
    client.start_channels()
    try:
        client.execute(code)
        time.sleep(0.2)  # the request is on its way before the channels close
    finally:
        client.stop_channels()


@pytest.mark.parametrize("kernels", [6])
def test_a_kernel_and_then_the_server_killed_mid_workshop_lose_no_committed_entry(tmp_path, kernels):
    from kit.demo import install_demo

    folder = tmp_path / "workspace"
    school = install_demo(folder)
    with workshop.Store(school) as store:
        opened = workshop.open_workshop(store)
        people = [workshop.join(store, opened.workshop.join_code, f"Kernel {n}") for n in range(kernels)]
        statements = [workshop.add_statement(store, p.token, "begin") for p in people]
    key = facilitator_key(school)
    files = [tmp_path / f"bevestigd-{n}.txt" for n in range(kernels)]
    log = tmp_path / "serve.log"
    with running_kit_server(folder, log, 0) as base:
        server = next(p for p in psutil.process_iter(["cmdline"])
                      if "kit.voila_server" in (p.info["cmdline"] or []) and base.rsplit(":", 1)[1]
                      in " ".join(p.info["cmdline"] or []))
        writers = []
        for n in range(kernels):
            with urllib.request.urlopen(f"{base}/voila/render/00_start.ipynb?school=demo-school&key={key}",
                                        timeout=120) as reply:
                kernel_id = re.search(r'"kernelId": "([^"]+)"', reply.read().decode()).group(1)
            process = kernel_of(server, kernel_id)
            start_writing(process, WRITER.format(school=str(school), confirmed=str(files[n]), prefix=f"k{n}-",
                                                 token=people[n].token, statement=statements[n]))
            writers.append(process)
        time.sleep(3)
        writers[0].send_signal(signal.SIGKILL)  # one page's kernel dies mid-workshop
        time.sleep(3)
        everything = [server] + server.children(recursive=True)
        for process in everything:  # then the server, and with it every kernel it had
            try:
                process.send_signal(signal.SIGKILL)
            except psutil.NoSuchProcess:
                pass
        psutil.wait_procs(everything, timeout=10)
    with workshop.Store(school) as store:
        history = workshop.statement_history(store, opened.workshop.id)
    conn = sqlite3.connect(school / workshop.DB_NAME)
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    conn.close()
    confirmed = {n: files[n].read_bytes().decode().split("\n")[:-1] if files[n].exists() else []
                 for n in range(kernels)}
    total = sum(len(texts) for texts in confirmed.values())
    lost = sum(1 for n, texts in confirmed.items() for text in texts
               if text not in {v["text"] for v in history[statements[n]]})
    print(f"\n[heavy] kernel en daarna server gedood: {kernels} schrijvende kernels, {total} bevestigde "
          f"schrijfacties, {lost} kwijt")
    assert all(confirmed.values())  # every kernel wrote
    assert lost == 0


@pytest.mark.parametrize("attacks", [50])
def test_the_malformed_frame_many_times_over(wsguard_server, attacks):
    base, process, log = wsguard_server
    kernel_id, _ = open_page(base)
    before = rss_mb(process)
    slowest = 0.0

    async def attack():
        socket = await connect(base, kernel_id, V1_PROTOCOL)
        await socket.write_message(ATTACK_FRAME, binary=True)
        await read_until_closed(socket)
        return socket.close_code

    started = time.monotonic()
    for n in range(attacks):
        assert run_async(attack()) == CLOSE_CODE
        answered = time.monotonic()
        assert_server_answers(base)
        slowest = max(slowest, time.monotonic() - answered)
    seconds = time.monotonic() - started
    time.sleep(2)
    growth = rss_mb(process) - before
    refusals = sum(1 for line in log.read_text().splitlines() if "ongeldig bericht" in line)
    print(f"\n[heavy] {attacks} ongeldige frames in {seconds:.1f} s: {refusals} geweigerd, server antwoordde "
          f"telkens binnen {slowest:.2f} s, geheugen {before:.0f} -> {before + growth:.0f} MB")
    assert slowest < ANSWER_S
    assert refusals >= attacks
    assert growth < MAX_GROWTH_MB
    assert "Traceback" not in log.read_text()
