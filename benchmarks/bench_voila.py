"""Time until a participant page of the vision workshop is interactive, with 1 and with 20 pages at once.

Since the light participant pages (``kit.light``, measured in ``bench_light.py``) participants no
longer get this Voila page; it is measured as ``kit serve`` served it before (the redirect to the
light page left out, a pool of 20), as the figures the light pages are compared with.

Starts Voila exactly as ``kit serve`` does (``kit.serve.voila_command``) on a free port of
127.0.0.1, with the demo school and its example workshop reopened, and opens participant
pages (``01_visie.ipynb?school=demo-school&code=...``). Two servers side by side in one
run: ``kit serve`` as shipped (20 kernels ready per workshop page) and the same without
that pool (``--deelnemers 0``: Voila starts a kernel per page when it is asked for).

* **1 page in Chromium**: from navigation start until the name field of the join form
  can be typed in (the notebook ran, the widgets are rendered, the browser-storage
  round trip is done). Also the CPU time Chromium itself spent on the page.
* **20 at once, server and kernels**: 20 participants at the same moment, each doing
  over HTTP and the kernel websocket what the page does in a browser until the join
  form stands (``benchmarks/participant.py``), without rendering. In a workshop every
  participant's own laptop or phone renders its page; this is what they share.
* **20 at once in one Chromium on this machine** (``--chromium-20``): the same with 20
  real browser pages that share this machine's two cores with the server. Voila's
  page costs Chromium several seconds of CPU, so this measures mostly Chromium.

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
POOL = 20  # kernels per workshop page, as kit serve kept them for participants before the light pages
LEGACY = ("import kit.light.redirect as r; r.install_participant_redirect = lambda: None; "
          "from kit.voila_server import main; main()")
PAGE_TIMEOUT = 90.0  # a page that takes longer counts as failed (and as this long in the figures)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start_server(workspace: Path, port: int, log: Path, participants: int | None = None,
                 legacy: bool = True) -> subprocess.Popen:
    """Voila as ``kit serve`` starts it; ``participants`` kernels per workshop page (default: kit's).

    ``legacy``: the Voila participant page as kit serve served it before the light pages
    (kit.light), without the redirect; else kit serve as it is.
    """
    from kit.serve import DEFAULT_PARTICIPANTS, voila_command, voila_env

    pool = DEFAULT_PARTICIPANTS if participants is None else participants
    command = voila_command("127.0.0.1", port, pool)
    if legacy:
        command = [command[0], "-c", LEGACY] + command[3:]
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
                raise RuntimeError(f"kit serve stopte; zie {log}")
            time.sleep(0.25)
    process.terminate()
    raise TimeoutError("kit serve startte niet binnen 60 s")


def stop_server(process: subprocess.Popen) -> None:
    process.terminate()
    try:
        process.wait(timeout=20)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


def cpu_seconds(process) -> float:
    try:
        times = process.cpu_times()
    except Exception:  # the process ended meanwhile
        return 0.0
    return times.user + times.system


def tree_cpu(pid: int) -> float:
    """CPU seconds of a process and all its children (the server and its kernels)."""
    import psutil

    root = psutil.Process(pid)
    return cpu_seconds(root) + sum(cpu_seconds(child) for child in root.children(recursive=True))


def wait_until_quiet(pid: int, quiet_seconds: float = 3.0, limit: float = 180.0) -> float:
    """Wait until the server and its kernels use (almost) no CPU: the pool is filled. Returns the wait."""
    started = time.monotonic()
    last = tree_cpu(pid)
    quiet_since = time.monotonic()
    while time.monotonic() - started < limit:
        time.sleep(0.5)
        now = tree_cpu(pid)
        if now - last > 0.1:
            quiet_since = time.monotonic()
        last = now
        if time.monotonic() - quiet_since >= quiet_seconds:
            break
    return time.monotonic() - started


def memory_mb(pid: int) -> tuple[float, int]:
    """Unique memory (USS) of the server and its kernels in MB, and the number of kernels."""
    import psutil

    root = psutil.Process(pid)
    kernels = root.children(recursive=True)
    total = sum(p.memory_full_info().uss for p in [root, *kernels])
    return total / 2**20, len(kernels)


def chromium_cpu() -> float:
    import psutil

    return sum(cpu_seconds(p) for p in psutil.process_iter() if "chrom" in p.name())


async def where_stuck(page) -> str:
    """What a page that did not become interactive shows: its loading text, or the start of its text."""
    try:
        return await page.evaluate("""() => {
            const loading = document.getElementById('loading');
            if (loading) return 'laadscherm: ' + loading.innerText.trim().slice(0, 80);
            return 'pagina: ' + (document.body ? document.body.innerText.trim().slice(0, 80) : '(leeg)');
        }""")
    except Exception as exc:  # the page itself is gone
        return f"onbekend ({type(exc).__name__})"


async def open_pages(browser, url: str, count: int, stuck: list[str] | None = None) -> tuple[list[float], float]:
    """Open ``count`` pages at once; seconds until each is interactive, and Chromium's CPU seconds.

    What each page that did not become interactive showed is added to ``stuck``.
    """
    stuck = [] if stuck is None else stuck
    contexts = [await browser.new_context(viewport={"width": 390, "height": 844}) for _ in range(count)]
    pages = [await context.new_page() for context in contexts]

    async def one(page) -> float:
        started = time.perf_counter()
        try:
            await page.goto(url, wait_until="commit", timeout=PAGE_TIMEOUT * 1000)
            remaining = PAGE_TIMEOUT - (time.perf_counter() - started)
            await page.locator(".kit-join-name input").wait_for(state="visible", timeout=max(remaining, 1) * 1000)
        except Exception:  # Playwright's TimeoutError: the page never became interactive
            stuck.append(await where_stuck(page))
            return float("inf")
        return time.perf_counter() - started

    cpu_before = chromium_cpu()
    try:
        times = list(await asyncio.gather(*(one(page) for page in pages)))
        return times, chromium_cpu() - cpu_before
    finally:
        for page in pages:
            await page.close(run_before_unload=True)
        for context in contexts:
            await context.close()


async def browser_rounds(url: str, count: int, rounds: int, settle,
                         stuck: list[str] | None = None) -> tuple[list[list[float]], list[float]]:
    from playwright.async_api import async_playwright

    results, cpu = [], []
    async with async_playwright() as playwright:
        browser = await playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            for _ in range(rounds):
                times, seconds = await open_pages(browser, url, count, stuck)
                results.append(times)
                cpu.append(seconds / count)
                settle()
        finally:
            await browser.close()
    return results, cpu


def participant_rounds(base: str, path: str, count: int, rounds: int, settle) -> tuple[list[list[float]], list[str]]:
    from benchmarks.participant import run_visits

    results, errors = [], []
    for _ in range(rounds):
        visits = run_visits(base, path, count, PAGE_TIMEOUT)
        results.append([v.seconds for v in visits])
        errors += [v.error for v in visits if v.error]
        settle()
    return results, errors


def summary(rounds: list[list[float]]) -> tuple[float, float, int]:
    """Median over the rounds of the median page and of the slowest page, and the pages that failed."""
    failed = sum(1 for times in rounds for t in times if t == float("inf"))
    capped = [[min(t, PAGE_TIMEOUT) for t in times] for times in rounds]
    return (statistics.median(statistics.median(times) for times in capped),
            statistics.median(max(times) for times in capped), failed)


def dutch(value: float, digits: int = 2) -> str:
    return f"{value:.{digits}f}".replace(".", ",")


def measure(workspace: Path, code: str, participants: int, args, tmp: Path) -> dict:
    """All measurements against one server with ``participants`` kernels ready per workshop page."""
    from kit.voila_server import FILL_DELAY

    port = free_port()
    server = start_server(workspace, port, tmp / f"voila-{participants}.log", participants)
    base = f"http://127.0.0.1:{port}/"
    path = f"voila/render/01_visie.ipynb?school=demo-school&code={code}"

    def settle() -> None:  # let the page's kernel stop
        time.sleep(2)
        wait_until_quiet(server.pid)

    def refill() -> None:  # and let the pool replace what a crowd used
        time.sleep(FILL_DELAY + 1)
        wait_until_quiet(server.pid)

    result = {"stuck": []}  # what each page that did not become interactive showed
    try:
        result["fill_seconds"] = wait_until_quiet(server.pid)
        result["memory_mb"], result["kernels"] = memory_mb(server.pid)
        asyncio.run(browser_rounds(base + path, 1, 1, settle))  # warm-up: browser, templates, caches
        single, cpu = asyncio.run(browser_rounds(base + path, 1, max(args.rounds, 5), settle, result["stuck"]))
        result["single"] = summary(single)
        result["chromium_cpu"] = statistics.median(cpu)
        crowd, errors = participant_rounds(base, path, 20, args.rounds, refill)
        result["crowd"] = summary(crowd)
        result["errors"] = errors
        if args.chromium_20:
            crowded, cpu = asyncio.run(browser_rounds(base + path, 20, 1, refill, result["stuck"]))
            result["chromium_20"] = summary(crowded)
            result["chromium_20_cpu"] = cpu[0]
    finally:
        if result["stuck"]:  # keep the server's log, with its stacks, to see where the pages waited
            keep_log(server, tmp / f"voila-{participants}.log", result)
        stop_server(server)
    return result


def keep_log(server: subprocess.Popen, log: Path, result: dict) -> None:
    """Ask the server for its stacks (``kit.diagnostics``) and copy its log out of the temporary folder."""
    import shutil
    import signal

    if hasattr(signal, "SIGUSR1"):
        os.kill(server.pid, signal.SIGUSR1)
        time.sleep(2)
    kept = Path(tempfile.gettempdir()) / f"kit-bench-{log.name}"
    shutil.copyfile(log, kept)
    result["kept_log"] = str(kept)


def print_report(pooled: dict, cold: dict, participants: int, rounds: int) -> None:
    rows = [("1 pagina in Chromium, tot het naamveld te gebruiken is", "single", 1),
            ("20 tegelijk, server en kernels (tot het naamformulier klaarstaat)", "crowd", 20)]
    if "chromium_20" in pooled:
        rows.append(("20 tegelijk in 1 Chromium op deze machine", "chromium_20", 20))
    print(f"Gemeten naast elkaar: kit serve ({participants} kernels klaar per workshoppagina) en zonder pool "
          f"(--deelnemers 0). Rondes met 20 pagina's: {rounds}.")
    print(f"{'meting':<66} {'met pool: mediaan':>17} {'traagste':>9} {'zonder: traagste':>17} "
          f"{'verhouding':>10} {'doel':>6} {'gehaald':>8}")
    for label, key, count in rows:
        p_median, p_slowest, p_failed = pooled[key]
        _, c_slowest, c_failed = cold[key]
        goal = GOALS[count]
        ok = "ja" if p_slowest < goal and not p_failed else "nee"
        ratio = c_slowest / p_slowest if p_slowest else float("nan")
        failed = f" ({p_failed} mislukt)" if p_failed else ""
        print(f"{label:<66} {dutch(p_median):>16}s {dutch(p_slowest):>8}s {dutch(c_slowest):>16}s "
              f"{dutch(ratio, 1):>9}x {dutch(goal, 0):>5}s {ok:>8}{failed}")
    print(f"Chromium-rekentijd per pagina (1 pagina): {dutch(pooled['chromium_cpu'])} s CPU.")
    if "chromium_20_cpu" in pooled:
        print(f"Chromium-rekentijd per pagina bij 20 tegelijk: {dutch(pooled['chromium_20_cpu'])} s CPU.")
    print(f"Pool vullen na het starten: {dutch(pooled['fill_seconds'], 1)} s; geheugen (USS) van server en "
          f"{pooled['kernels']} kernels: {dutch(pooled['memory_mb'], 0)} MB; zonder pool: "
          f"{dutch(cold['memory_mb'], 0)} MB.")
    for name, result in (("met pool", pooled), ("zonder pool", cold)):
        if result["errors"]:
            print(f"Fouten {name}: {sorted(set(result['errors']))}")
        if result.get("stuck"):
            print(f"Niet klaar binnen {dutch(PAGE_TIMEOUT, 0)} s ({name}): {result['stuck']}; "
                  f"serverlog met stacks: {result['kept_log']}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=3, help="rondes per meting met 20 pagina's (standaard 3)")
    parser.add_argument("--chromium-20", action="store_true",
                        help="meet ook 20 pagina's in een Chromium op deze machine (traag: vooral Chromium)")
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
        pooled = measure(workspace, code, POOL, args, Path(tmp))
        cold = measure(workspace, code, 0, args, Path(tmp))
    print_report(pooled, cold, POOL, args.rounds)
    return 0


if __name__ == "__main__":
    sys.exit(main())
