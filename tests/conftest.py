"""Shared fixtures: a temporary workspace, the CLI, a Voila server and a real Chromium."""

from __future__ import annotations

import os
import signal
import subprocess
import time
from pathlib import Path

import pytest
from kit_servers import CHROMIUM, CHROMIUM_ARGS, REPO, SERVERS, facilitator_key, free_port, running_kit_server, wait_for_http  # noqa: F401

SERVER_POOL = 3
SERVER_LOG_LINES = 60
DUMP_WAIT_S = 2.0
# The test browser reaches only 127.0.0.1: a request for anything else fails at once, the same on every
# machine, instead of hanging or not on the network it happens to have (the page tests name such requests).


@pytest.fixture
def school_dir(tmp_path: Path) -> Path:
    """A minimal school folder (only a name in its profile); a test folder may define its own."""
    folder = tmp_path / "obs-de-linde"
    folder.mkdir()
    (folder / "school.yaml").write_text("naam: OBS De Linde\n", encoding="utf-8")
    return folder


@pytest.fixture
def workspace(tmp_path, monkeypatch) -> Path:
    """An empty workspace, also set as $KIT_WORKSPACE."""
    folder = tmp_path / "workspace"
    folder.mkdir()
    monkeypatch.setenv("KIT_WORKSPACE", str(folder))
    return folder


@pytest.fixture
def store(school_dir: Path):
    """The workshop store of the test's ``school_dir`` (a fixture of the test's own folder or module)."""
    from kit import workshop

    with workshop.Store(school_dir) as store:
        yield store


@pytest.fixture
def opened(store):
    """A workshop opened in :func:`store`."""
    from kit import workshop

    return workshop.open_workshop(store)


@pytest.fixture
def kit(capsys):
    """Run ``kit`` in-process: ``kit("school", "check", dir)`` -> (exit status, stdout, stderr)."""
    from kit.cli import main

    def run(*argv: str) -> tuple[int, str, str]:
        status = main([str(a) for a in argv])
        out, err = capsys.readouterr()
        return status, out, err

    return run


@pytest.fixture(scope="session")
def served_workspace(tmp_path_factory) -> Path:
    """A workspace with the demo school (not run), shared by the browser tests."""
    folder = tmp_path_factory.mktemp("served") / "workspace"
    from kit.demo import install_demo

    install_demo(folder)
    return folder


@pytest.fixture(scope="session")
def demo_key(served_workspace) -> str:
    """A working facilitator key of the served demo school (the start page, survey and plan need one)."""
    return facilitator_key(served_workspace / "demo-school")


@pytest.fixture(scope="session")
def start_kit_server():
    """:func:`running_kit_server`, for a test module that needs a server of its own."""
    return running_kit_server


@pytest.fixture(scope="session")
def kit_server_log(tmp_path_factory) -> Path:
    """Where the shared test server (``kit_server``) writes its log."""
    return tmp_path_factory.mktemp("serve-log") / "serve.log"


@pytest.fixture(scope="session")
def kit_server(served_workspace, kit_server_log):
    """``kit serve`` without ready kernels (a kernel per page), for the browser tests; stopped after the session."""
    with running_kit_server(served_workspace, kit_server_log, 0, "kit_server") as base:
        yield base


@pytest.fixture(scope="session")
def kit_server_process(kit_server) -> subprocess.Popen:
    """The process of the shared test server (``kit_server``)."""
    return SERVERS["kit_server"][0]


@pytest.fixture(scope="session")
def kit_server_pool() -> int:
    """Kernels the pooled test server keeps ready per workshop page."""
    return SERVER_POOL


@pytest.fixture(scope="session")
def pooled_kit_server_log(tmp_path_factory) -> Path:
    """Where the pooled test server (``pooled_kit_server``) writes its log."""
    return tmp_path_factory.mktemp("pooled-serve-log") / "serve.log"


@pytest.fixture(scope="session")
def pooled_kit_server(served_workspace, pooled_kit_server_log):
    """``kit serve --deelnemers 3``: participant pages come from the pool and, when it is used up, new kernels."""
    with running_kit_server(served_workspace, pooled_kit_server_log, SERVER_POOL, "pooled_kit_server") as base:
        yield base


@pytest.fixture(scope="session")
def browser():
    """Debian's Chromium driven by Playwright (no browser download)."""
    if not Path(CHROMIUM).exists():
        pytest.fail("Chromium ontbreekt: 'make test' installeert het (apt-get install chromium).")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser, request):
    """A fresh browser page; its screenshot goes to test-artifacts/ when the test fails."""
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="nl-NL")
    pg = context.new_page()
    yield pg
    report = getattr(request.node, "rep_call", None)
    if report is not None and report.failed:
        folder = REPO / "test-artifacts"
        folder.mkdir(exist_ok=True)
        pg.screenshot(path=str(folder / f"{request.node.name}.png"), full_page=True)
    pg.close(run_before_unload=True)
    context.close()


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    report = outcome.get_result()
    setattr(item, f"rep_{report.when}", report)
    if report.failed:  # a failed test against a server shows that server's log and where it is now
        for fixture in item.fixturenames:
            if fixture in SERVERS:
                process, log = SERVERS[fixture]
                report.sections.append((f"{fixture} log and stacks", server_state(process, log)))


def catches_dump_signal(pid: int) -> bool:
    """True when the process handles SIGUSR1 (a kit serve server or kernel): sending it kills no one."""
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return False
    caught = next((line.split()[1] for line in status.splitlines() if line.startswith("SigCgt:")), "0")
    return bool(int(caught, 16) >> (signal.SIGUSR1 - 1) & 1)


def server_state(process: subprocess.Popen, log: Path) -> str:
    """The end of the server's log, then the stacks its processes write on SIGUSR1 (:mod:`kit.diagnostics`).

    The processes are asked one at a time, so that their stacks do not interleave in the shared log.
    """
    import psutil

    def log_text() -> str:
        return log.read_text(encoding="utf-8", errors="replace") if log.is_file() else ""

    text = log_text()
    before = "\n".join(text.splitlines()[-SERVER_LOG_LINES:])
    try:
        processes = [psutil.Process(process.pid)] + psutil.Process(process.pid).children(recursive=True)
    except psutil.Error:
        return before
    parts = []
    for proc in processes:
        if not catches_dump_signal(proc.pid):
            continue
        try:
            what = "server" if proc.pid == process.pid else f"kernel {Path(proc.cmdline()[-1]).stem}"
        except psutil.Error:
            continue
        start = len(log_text())
        os.kill(proc.pid, signal.SIGUSR1)
        deadline, size, stable_since = time.monotonic() + DUMP_WAIT_S, start, time.monotonic()
        while time.monotonic() < deadline:  # wait until the dump has started and then stopped growing
            time.sleep(0.05)
            now = len(log_text())
            if now != size:
                size, stable_since = now, time.monotonic()
            elif size > start and time.monotonic() - stable_since > 0.2:
                break
        parts.append(f"---- {what} (pid {proc.pid}) ----\n{log_text()[start:]}")
    stacks = "\n".join(parts)
    return f"{before}\n---- stacks of {len(parts)} of {len(processes)} processes (SIGUSR1) ----\n{stacks[-80_000:]}"


@pytest.fixture
def open_app(page, kit_server):
    """Open a Voila app page (path and query after the server's base URL) and wait until it is rendered."""

    def open_(path: str, timeout: float = 90_000):
        page.goto(kit_server + path)
        page.locator("#loading").wait_for(state="detached", timeout=timeout)
        page.locator("#rendered_cells").wait_for(state="visible", timeout=timeout)
        return page

    return open_


@pytest.fixture
def copy_demo(workspace) -> Path:
    """The demo school copied into the temporary workspace (not run)."""
    from kit.demo import install_demo

    return install_demo(workspace)

