"""``kit serve`` against odd static paths (kit.static_guard) and its kernels' history (kit.kernel), on a real server."""

from __future__ import annotations

import os
import re
import time
import urllib.error
import urllib.request

import psutil
import pytest
from kit_servers import SERVERS, facilitator_key, running_kit_server

from kit.static_guard import template_static_path_ok
from kit.voila_server import POOLED_NOTEBOOKS

ODD_PATHS = [
    "/voila/templates/...%2f..",
    "/voila/templates/..%2f..%2f..%2fetc%2fpasswd",
    "/voila/templates/%2e%2e%2f%2e%2e",
    "/voila/templates/kit/static/..%2f..%2fconf.json",
    "/voila/templates/kit/static/%2f..",
    "/voila/templates/kit/static/",
    "/voila/templates/lab/static/..%2fconf.json",
    "/voila/templates/x",
    "/voila/templates/%00",
    "/voila/templates/kit/static/%5c..%5cconf.json",
    "/voila/api/themes/..%2f..",
    "/voila/api/themes/bestaat-niet.css",
]


@pytest.mark.parametrize("path, ok", [
    ("kit/static/index.css", True),
    ("lab/static/sub/dir/file.js", True),
    ("kit/static", False),
    ("kit/static/", False),
    ("kit/static/../conf.json", False),
    ("kit/static/./index.css", False),
    ("kit/static//etc/passwd", False),
    ("../static/x", False),
    (".../../x", False),
    ("kit/other/x", False),
    ("kit/static/a\x00b", False),
    ("kit/static/..\\conf.json", False),
    ("", False),
])
def test_only_plain_template_static_paths_pass(path, ok):
    assert template_static_path_ok(path) is ok


@pytest.fixture(scope="module")
def guards_server(tmp_path_factory):
    """``kit serve --deelnemers 1``: a kernel ready for each workshop page, and a kernel per other page."""
    from kit.demo import install_demo

    folder = tmp_path_factory.mktemp("guards") / "workspace"
    install_demo(folder)
    log = folder.parent / "serve.log"
    with running_kit_server(folder, log, 1, "guards_server") as base:
        GUARDS_KEY.append(facilitator_key(folder / "demo-school"))
        yield base, SERVERS["guards_server"][0], log


GUARDS_KEY: list[str] = []  # the demo school's facilitator key on guards_server


def status_of(url: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=30) as reply:
            return reply.status, reply.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode()


@pytest.mark.parametrize("path", ODD_PATHS)
def test_an_odd_static_path_gets_a_dutch_404_without_a_traceback(guards_server, path):
    base, _, log = guards_server
    status, body = status_of(base + path)
    assert (status, body) == (404, '<!DOCTYPE html><html lang="nl"><head><meta charset="utf-8"><title>404: niet '
                                    'gevonden</title></head><body><p>404: niet gevonden.</p></body></html>')
    text = log.read_text(errors="replace")
    assert "Traceback" not in text and "500 GET" not in text


@pytest.mark.parametrize("path", ["/voila/templates/kit/static/index.css", "/voila/templates/lab/static/voila.js"])
def test_the_template_files_of_a_page_still_arrive(guards_server, path):
    base, _, _ = guards_server
    status, body = status_of(base + path)
    assert status == 200 and len(body) > 1000


def kernel_processes(server) -> list[psutil.Process]:
    return [p for p in psutil.Process(server.pid).children(recursive=True) if "kit.kernel" in p.cmdline()]


def open_history_files(process: psutil.Process) -> list[str]:
    folder = f"/proc/{process.pid}/fd"
    paths = []
    for fd in os.listdir(folder):
        try:
            paths.append(os.readlink(f"{folder}/{fd}"))
        except OSError:
            continue
    return [path for path in paths if "history" in path]


def test_no_kernel_of_kit_serve_opens_the_history_database(guards_server):
    base, server, log = guards_server
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:  # every pooled kernel has run its page up to its visitor: fully started
        text = log.read_text(errors="replace")
        if all(f"Kernel pool of {name} is filled" in text for name in POOLED_NOTEBOOKS):
            break
        time.sleep(0.5)
    else:
        raise TimeoutError("the kernel pools were not filled")
    status, html = status_of(base + f"/voila/render/00_start.ipynb?school=demo-school&key={GUARDS_KEY[-1]}")
    assert status == 200
    kernels = kernel_processes(server)
    assert len(kernels) >= len(POOLED_NOTEBOOKS) + 1
    assert {p.pid: open_history_files(p) for p in kernels} == {p.pid: [] for p in kernels}

    kernel_id = re.search(r'"kernelId": "([^"]+)"', html).group(1)
    (page_kernel,) = [p for p in kernels if any(kernel_id in part for part in p.cmdline())]
    connection_file = page_kernel.cmdline()[page_kernel.cmdline().index("-f") + 1]
    from jupyter_client import BlockingKernelClient

    client = BlockingKernelClient(connection_file=connection_file)
    client.load_connection_file()
    client.start_channels()
    try:
        expressions = {"enabled": "get_ipython().history_manager.enabled",
                       "thread": "get_ipython().history_manager.save_thread is None"}
        msg_id = client.execute("", silent=True, user_expressions=expressions)
        reply = client.get_shell_msg(timeout=30)
        while reply["parent_header"].get("msg_id") != msg_id:
            reply = client.get_shell_msg(timeout=30)
    finally:
        client.stop_channels()
    values = {name: value["data"]["text/plain"] for name, value in reply["content"]["user_expressions"].items()}
    assert values == {"enabled": "False", "thread": "True"}
