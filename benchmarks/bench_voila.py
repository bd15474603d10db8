"""Time until a participant page of the vision workshop is interactive, with 1 and with 20 pages at once.

Starts Voila exactly as ``kit serve`` does (``kit.serve.voila_command``) on a free port of
127.0.0.1, with the demo school and its example workshop reopened, and opens participant
pages (``01_visie.ipynb?school=demo-school&code=...``).

* **1 page in Chromium**: from navigation start until the name field of the join form
  can be typed in (the notebook ran in its own kernel, the widgets are rendered and the
  browser-storage round trip is done).
* **20 pages at once, server**: 20 simultaneous requests; time until each page's HTML,
  with the executed notebook, is delivered. This is the server's share: in a workshop
  each participant's own laptop or phone renders its page.
* **20 pages at once in one Chromium on this machine**: the same, rendered to interactive
  by 20 browser pages that share this machine's two cores with the server (a worst case
  no real room has).

Per round the figures are the median page and the slowest page; the table shows the
medians over the rounds. Goals on the 2-core machine: 1 page under 3 s, 20 at once under
10 s (slowest page).
"""

from __future__ import annotations

import argparse
import asyncio
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--no-first-run",
                 "--disable-component-update", "--disable-sync"]
GOALS = {1: 3.0, 20: 10.0}


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start_server(workspace: Path, port: int, log: Path) -> subprocess.Popen:
    from kit.serve import voila_command, voila_env

    command = voila_command("127.0.0.1", port)
    env = voila_env(workspace)
    with open(log, "wb") as out:
        process = subprocess.Popen(command, stdout=out, stderr=subprocess.STDOUT, env=env, cwd=REPO)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=2):
                return process
        except OSError:
            if process.poll() is not None:
                raise RuntimeError(f"Voila stopte; zie {log}")
            time.sleep(0.25)
    process.terminate()
    raise TimeoutError("Voila startte niet binnen 60 s")


def stop_server(process: subprocess.Popen) -> None:
    process.terminate()
    try:
        process.wait(timeout=20)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


async def open_pages(browser, url: str, count: int) -> list[float]:
    """Open ``count`` pages at once; seconds from navigation start until each page is interactive."""
    contexts = [await browser.new_context(viewport={"width": 390, "height": 844}) for _ in range(count)]
    pages = [await context.new_page() for context in contexts]

    async def one(page) -> float:
        started = time.perf_counter()
        try:
            await page.goto(url, wait_until="commit", timeout=PAGE_TIMEOUT * 1000)
            remaining = PAGE_TIMEOUT - (time.perf_counter() - started)
            await page.locator(".kit-join-name input").wait_for(state="visible", timeout=max(remaining, 1) * 1000)
        except Exception:  # Playwright's TimeoutError: the page never became interactive
            return float("inf")
        return time.perf_counter() - started

    try:
        return list(await asyncio.gather(*(one(page) for page in pages)))
    finally:
        for page in pages:
            await page.close(run_before_unload=True)
        for context in contexts:
            await context.close()


PAGE_TIMEOUT = 90.0  # a page that takes longer counts as failed (and as this long in the figures)


def fetch_pages(url: str, count: int) -> list[float]:
    """``count`` simultaneous requests; seconds until each page's HTML (executed notebook) is delivered."""
    from concurrent.futures import ThreadPoolExecutor

    def one(_: int) -> float:
        started = time.perf_counter()
        try:
            with urllib.request.urlopen(url, timeout=PAGE_TIMEOUT) as response:
                body = response.read()
        except OSError:
            return float("inf")
        if b"application/vnd.jupyter.widget-view+json" not in body:
            return float("inf")
        return time.perf_counter() - started

    with ThreadPoolExecutor(count) as pool:
        return list(pool.map(one, range(count)))


async def browser_rounds(url: str, count: int, rounds: int, settle: float) -> list[list[float]]:
    from playwright.async_api import async_playwright

    results = []
    async with async_playwright() as playwright:
        browser = await playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            for _ in range(rounds):
                results.append(await open_pages(browser, url, count))
                await asyncio.sleep(settle)
        finally:
            await browser.close()
    return results


def summary(rounds: list[list[float]]) -> tuple[float, float, int]:
    """Median over the rounds of the median page and of the slowest page, and the pages that failed."""
    failed = sum(1 for times in rounds for t in times if t == float("inf"))
    capped = [[min(t, PAGE_TIMEOUT) for t in times] for times in rounds]
    return (statistics.median(statistics.median(times) for times in capped),
            statistics.median(max(times) for times in capped), failed)


def print_table(rows: list[tuple[str, int, int, float, float, int, float]]) -> None:
    print(f"{'meting':<52} {'pagina s':>8} {'rondes':>7} {'mediaan (s)':>12} {'traagste (s)':>13} "
          f"{'mislukt':>8} {'doel (s)':>9} {'gehaald':>8}")
    for label, count, rounds, median, slowest, failed, goal in rows:
        ok = "ja" if slowest < goal and not failed else "nee"
        print(f"{label:<52} {count:>8} {rounds:>7} {median:>12.2f} {slowest:>13.2f} {failed:>8} {goal:>9.0f} "
              f"{ok:>8}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=3, help="rondes per meting met 20 pagina's (standaard 3)")
    parser.add_argument("--skip-browser-20", action="store_true",
                        help="sla 20 pagina's in een Chromium op deze machine over")
    args = parser.parse_args()
    if not Path(CHROMIUM).exists():
        print("Chromium ontbreekt (apt-get install chromium); meting overgeslagen.", file=sys.stderr)
        return 1

    from kit import workshop
    from kit.demo import install_demo

    with tempfile.TemporaryDirectory() as tmp:
        workspace = Path(tmp) / "workspace"
        school = install_demo(workspace)
        with workshop.Store(school) as store:
            code = workshop.open_workshop(store).workshop.join_code
        port = free_port()
        server = start_server(workspace, port, Path(tmp) / "voila.log")
        url = f"http://127.0.0.1:{port}/voila/render/01_visie.ipynb?school=demo-school&code={code}"
        rows = []
        try:
            asyncio.run(browser_rounds(url, 1, 1, settle=2))  # warm-up: templates, caches
            single = asyncio.run(browser_rounds(url, 1, max(args.rounds, 5), settle=2))
            rows.append(("1 pagina in Chromium (interactief)", 1, len(single), *summary(single), GOALS[1]))
            served = []
            for _ in range(args.rounds):
                served.append(fetch_pages(url, 20))
                time.sleep(3)
            rows.append(("20 tegelijk, server (HTML met uitgevoerd notebook)", 20, len(served), *summary(served),
                         GOALS[20]))
            if not args.skip_browser_20:
                crowded = asyncio.run(browser_rounds(url, 20, 1, settle=2))
                rows.append(("20 tegelijk in 1 Chromium op deze machine", 20, 1, *summary(crowded), GOALS[20]))
        finally:
            stop_server(server)
    print_table(rows)
    return 0


if __name__ == "__main__":
    sys.exit(main())
