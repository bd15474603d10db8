"""A whole staff on their phones: 200 participants on the light pages while the facilitator's Voila page is open.

One run on this machine, ``kit serve`` as shipped (2 kernels ready per workshop page, for the
facilitators), the demo school with a new workshop:

* **The room**: 200 protocol-level participants (:mod:`benchmarks.light_participant`, HTTP as a
  phone does it) arrive spread over 10 s, each joins the vision workshop and writes three
  statements, a few seconds apart, while polling the live state every 2 s as the page's script does.
* **The facilitator's screen**: the facilitator's Voila page (``01_visie.ipynb?key=``) is open in
  Chromium. A small script in that page notes when each statement's text first appears on a card;
  the time to the screen is that moment minus the moment the participant sent the form.
* **Lost entries**: statements sent and confirmed, but not in the store afterwards, or never on the
  facilitator's screen within 30 s.
* **Memory**: the unique memory (USS) of the server and all its kernels, sampled every 0.5 s; the peak.
* **The page itself**: bytes of a participant's first page load (HTML, style, script) and the
  CPU Chromium's renderer spends on it (CDP ``Performance.getMetrics``: ``TaskDuration``), for the
  light page and, side by side, the Voila participant page as ``kit serve`` served it before (a server
  started without the redirect of :mod:`kit.light.redirect`, everything else the same).

Goals: slowest join < 2 s, entry on the screen < 2 s (95th percentile), 0 lost, < 500 MB,
page < 100 KB and < 0.2 s CPU.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import random
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from benchmarks.bench_voila import (CHROMIUM, CHROMIUM_ARGS, dutch, free_port, start_server, stop_server,  # noqa: E402
                                    wait_until_quiet)

GOALS = {"join": 2.0, "screen": 2.0, "lost": 0, "memory": 500.0, "page_kb": 100.0, "page_cpu": 0.2}
SCREEN_TIMEOUT = 30.0

WATCH_JS = """
() => {
  window.__kitSeen = {};
  const mark = /m(\\d+)x(\\d+)q/g;
  const scan = () => {
    const cards = document.querySelector(".kit-statement-groups");  // the cards, not the statement menu
    const now = Date.now(), text = cards ? cards.textContent : "";
    for (const found of text.matchAll(mark)) { if (!(found[0] in window.__kitSeen)) window.__kitSeen[found[0]] = now; }
  };
  setInterval(scan, 100);
}
"""


def start(workspace: Path, port: int, log: Path, kernels: int, legacy: bool = False) -> subprocess.Popen:
    """``kit serve`` as :func:`kit.serve.serve` starts it (or, ``legacy``, without the participants' redirect)."""
    return start_server(workspace, port, log, kernels, legacy=legacy)


class MemoryPeak:
    """The highest USS of a process and its children, sampled in a thread."""

    def __init__(self, pid: int, every: float = 0.5):
        self.pid, self.every, self.peak, self.kernels = pid, every, 0.0, 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def sample(self) -> float:
        import psutil

        root = psutil.Process(self.pid)
        total, kernels = 0, 0
        for process in [root, *root.children(recursive=True)]:
            try:
                total += process.memory_full_info().uss
                kernels += process.pid != self.pid
            except psutil.Error:
                pass
        self.peak, self.kernels = max(self.peak, total / 2**20), max(self.kernels, kernels)
        return total / 2**20

    def _run(self) -> None:
        while not self._stop.wait(self.every):
            self.sample()

    def __enter__(self) -> "MemoryPeak":
        self.sample()
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._stop.set()
        self._thread.join()


async def page_cost(browser, url: str, ready: str) -> tuple[int, float]:
    """Bytes of a first page load (every response body) and the renderer's CPU seconds until ``ready`` is visible."""
    context = await browser.new_context(viewport={"width": 390, "height": 844})
    page = await context.new_page()
    sizes: list[int] = []

    async def body(response) -> None:
        try:
            sizes.append(len(await response.body()))
        except Exception:  # a redirect has no body
            pass

    page.on("response", lambda response: asyncio.ensure_future(body(response)))
    cdp = await context.new_cdp_session(page)
    await cdp.send("Performance.enable")
    await page.goto(url, wait_until="load", timeout=120_000)
    await page.locator(ready).first.wait_for(state="visible", timeout=120_000)
    await page.wait_for_load_state("networkidle")
    metrics = {m["name"]: m["value"] for m in (await cdp.send("Performance.getMetrics"))["metrics"]}
    await asyncio.sleep(0.2)
    await page.close(run_before_unload=True)
    await context.close()
    return sum(sizes), metrics["TaskDuration"]


async def the_room(base: str, code: str, key: str, participants: int, entries: int, arrival: float) -> dict:
    """The facilitator's page in Chromium, and ``participants`` phones over HTTP; what each measured."""
    from playwright.async_api import async_playwright

    from benchmarks.light_participant import LightParticipant, client

    result: dict = {"joins": [], "sent": {}, "confirmed": set(), "errors": []}
    async with async_playwright() as playwright:
        browser = await playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        context = await browser.new_context(viewport={"width": 1366, "height": 768})
        facilitator = await context.new_page()
        await facilitator.goto(f"{base}/voila/render/01_visie.ipynb?school=demo-school&key={key}", timeout=120_000)
        await facilitator.locator("#loading").wait_for(state="detached", timeout=120_000)
        await facilitator.locator(".kit-join-code").wait_for(timeout=60_000)
        await facilitator.evaluate(WATCH_JS)
        from benchmarks.bench_voila import cpu_seconds
        import psutil

        def chromium_cpu() -> float:  # this run's own Chromium (other Chromiums on the machine come and go)
            return sum(cpu_seconds(p) for p in psutil.Process().children(recursive=True) if "chrom" in p.name())

        chromium_before, me_before = chromium_cpu(), cpu_seconds(psutil.Process())
        http = client(max_clients=participants * 2)
        running = True

        async def poll(me: LightParticipant) -> None:
            while running:
                await asyncio.sleep(2.0)
                try:
                    await me.state()
                except Exception as exc:  # noqa: BLE001 - counted, the run goes on
                    result["errors"].append(f"staat: {type(exc).__name__}")

        async def phone(number: int) -> None:
            await asyncio.sleep(random.uniform(0, arrival))
            me = LightParticipant(http, base, "demo-school", code)
            started = time.perf_counter()
            try:
                reply = await me.join(f"Deelnemer {number:03d}")
            except Exception as exc:  # noqa: BLE001
                result["errors"].append(f"meedoen: {type(exc).__name__}")
                return
            result["joins"].append(time.perf_counter() - started)
            if reply.status != 200 or not me.name:
                result["errors"].append(f"meedoen: status {reply.status}")
                return
            poller = asyncio.ensure_future(poll(me))
            for entry in range(entries):
                await asyncio.sleep(random.uniform(2.0, 6.0))
                marker = f"m{number}x{entry}q"
                result["sent"][marker] = time.time()
                try:
                    reply = await me.send("uitspraak", uitspraak=f"Voor mij is veiligheid: {marker}.")
                except Exception as exc:  # noqa: BLE001
                    result["errors"].append(f"uitspraak: {type(exc).__name__}")
                    continue
                if reply.status == 200 and "Je uitspraak is opgeslagen." in reply.text:
                    result["confirmed"].add(marker)
                else:
                    result["errors"].append(f"uitspraak: status {reply.status}")
            poller.cancel()

        started = time.perf_counter()
        await asyncio.gather(*(phone(n) for n in range(participants)))
        result["seconds"] = time.perf_counter() - started
        running = False
        deadline = time.monotonic() + SCREEN_TIMEOUT
        while time.monotonic() < deadline:
            seen = await facilitator.evaluate("() => window.__kitSeen")
            if set(result["sent"]) <= set(seen):
                break
            await asyncio.sleep(0.5)
        result["seen"] = await facilitator.evaluate("() => window.__kitSeen")
        result["screen"] = " | ".join([  # what the facilitator's page said at the end (its own count, its clock)
            (await facilitator.locator(".kit-stats").first.inner_text()).strip(),
            (await facilitator.locator(".kit-updated").first.inner_text()).strip(),
            f"{await facilitator.locator('.kit-statement-card').count()} kaarten",
            f"nu {time.strftime('%H:%M:%S')}"])
        result["chromium_cpu"] = chromium_cpu() - chromium_before
        result["client_cpu"] = cpu_seconds(psutil.Process()) - me_before
        await browser.close()
    return result


async def pages(base: str, legacy_base: str, code: str) -> dict:
    from playwright.async_api import async_playwright

    out = {}
    async with async_playwright() as playwright:
        browser = await playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        query = f"school=demo-school&code={code}"
        for name, url, ready in (("licht", f"{base}/mee/visie?{query}", "#naam"),
                                 ("voila", f"{legacy_base}/voila/render/01_visie.ipynb?{query}", ".kit-join-name input")):
            await page_cost(browser, url, ready)  # warm-up: the server's caches, Chromium's start
            runs = [await page_cost(browser, url, ready) for _ in range(3)]
            out[name] = (statistics.median(r[0] for r in runs), statistics.median(r[1] for r in runs))
        await browser.close()
    return out


def cpu_by_kind(pid: int) -> dict[str, float]:
    """CPU seconds so far of the server process, of all its kernels together, and of Chromium."""
    import psutil

    from benchmarks.bench_voila import cpu_seconds

    root = psutil.Process(pid)
    return {"server": cpu_seconds(root), "kernels": sum(cpu_seconds(c) for c in root.children(recursive=True))}


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, int(round(share * len(ordered) + 0.5)) - 1))]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--deelnemers", type=int, default=200, help="deelnemers (standaard 200)")
    parser.add_argument("--uitspraken", type=int, default=3, help="uitspraken per deelnemer (standaard 3)")
    parser.add_argument("--binnenkomst", type=float, default=10.0, help="seconden waarin de zaal binnenkomt")
    args = parser.parse_args()
    if not Path(CHROMIUM).exists():
        print("Chromium ontbreekt (apt-get install chromium); meting overgeslagen.", file=sys.stderr)
        return 1
    from kit import workshop
    from kit.demo import install_demo
    from kit.serve import DEFAULT_PARTICIPANTS

    random.seed(15)
    with tempfile.TemporaryDirectory() as tmp:
        workspace = Path(tmp) / "workspace"
        school = install_demo(workspace)
        with workshop.Store(school) as store:
            opened = workshop.open_workshop(store, new=False)
            if opened.status != "started":
                workshop.close_workshop(store)
                opened = workshop.open_workshop(store, new=True)
        code, key = opened.workshop.join_code, opened.facilitator_key
        port = free_port()
        server = start(workspace, port, Path(tmp) / "serve.log", DEFAULT_PARTICIPANTS)
        base = f"http://127.0.0.1:{port}"
        try:
            wait_until_quiet(server.pid)
            with MemoryPeak(server.pid) as memory:
                idle = memory.sample()
                before = cpu_by_kind(server.pid)
                room = asyncio.run(the_room(base, code, key, args.deelnemers, args.uitspraken, args.binnenkomst))
                after = cpu_by_kind(server.pid)
            with workshop.Store(school) as store:
                stored = {s["text"] for s in workshop.list_statements(store, opened.workshop.id)}
        finally:
            stop_server(server)
            kept = Path(tempfile.gettempdir()) / "kit-bench-light-serve.log"
            kept.write_bytes((Path(tmp) / "serve.log").read_bytes())  # to look at afterwards
        legacy_port = free_port()
        legacy = start(workspace, legacy_port, Path(tmp) / "legacy.log", 0, legacy=True)
        port = free_port()
        base = f"http://127.0.0.1:{port}"
        server = start(workspace, port, Path(tmp) / "serve2.log", 0)
        try:
            costs = asyncio.run(pages(base, f"http://127.0.0.1:{legacy_port}", code))
        finally:
            stop_server(server)
            stop_server(legacy)

    sent = room["sent"]
    lost_store = [m for m in room["confirmed"] if f"Voor mij is veiligheid: {m}." not in stored]
    unconfirmed = [m for m in sent if m not in room["confirmed"]]
    screen = [room["seen"][m] / 1000 - sent[m] for m in sent if m in room["seen"]]
    unseen = [m for m in sent if m not in room["seen"]]
    report = {
        "deelnemers": args.deelnemers, "meegedaan": len(room["joins"]),
        "traagste_meedoen_s": max(room["joins"]) if room["joins"] else None,
        "mediaan_meedoen_s": statistics.median(room["joins"]) if room["joins"] else None,
        "uitspraken_verstuurd": len(sent), "bevestigd": len(room["confirmed"]),
        "niet_in_de_store": len(lost_store), "niet_bevestigd": len(unconfirmed),
        "niet_op_het_scherm": len(unseen),
        "scherm_p50_s": statistics.median(screen) if screen else None,
        "scherm_p95_s": percentile(screen, 0.95) if screen else None,
        "scherm_max_s": max(screen) if screen else None,
        "geheugen_rust_mb": idle, "geheugen_piek_mb": memory.peak, "kernels": memory.kernels,
        "pagina": costs, "fouten": sorted(set(room["errors"]))[:10], "aantal_fouten": len(room["errors"]),
        "rekentijd_s": {**{kind: after[kind] - before.get(kind, 0.0) for kind in after},
                        "chromium": room["chromium_cpu"], "meting": room["client_cpu"]},
        "duur_s": room["seconds"], "scherm_einde": room["screen"],
    }
    print_report(report)
    print(json.dumps(report, default=str))
    return 0


def print_report(r: dict) -> None:
    lost = r["niet_in_de_store"] + r["niet_bevestigd"] + r["niet_op_het_scherm"]
    (light_bytes, light_cpu), (voila_bytes, voila_cpu) = r["pagina"]["licht"], r["pagina"]["voila"]
    rows = [
        ("Traagste deelnemer, tot het meedoen klaar is", f"{dutch(r['traagste_meedoen_s'])} s", "< 2 s",
         r["traagste_meedoen_s"] < GOALS["join"]),
        ("Uitspraak op het scherm van de begeleider, 95e percentiel", f"{dutch(r['scherm_p95_s'])} s", "< 2 s",
         r["scherm_p95_s"] < GOALS["screen"]),
        ("Verloren uitspraken (niet bewaard, niet bevestigd of niet getoond)", str(lost), "0", lost == 0),
        (f"Piekgeheugen (USS) van server en {r['kernels']} kernels", f"{dutch(r['geheugen_piek_mb'], 0)} MB",
         "< 500 MB", r["geheugen_piek_mb"] < GOALS["memory"]),
        ("Deelnemerspagina: bytes bij de eerste keer laden", f"{dutch(light_bytes / 1024, 0)} KB", "< 100 KB",
         light_bytes / 1024 < GOALS["page_kb"]),
        ("Deelnemerspagina: rekentijd van Chromium", f"{dutch(light_cpu)} s", "< 0,2 s", light_cpu < GOALS["page_cpu"]),
    ]
    print(f"{r['meegedaan']} van {r['deelnemers']} deelnemers deden mee (mediaan {dutch(r['mediaan_meedoen_s'])} s) "
          f"en stuurden {r['uitspraken_verstuurd']} uitspraken; {r['aantal_fouten']} fouten {r['fouten']}.")
    print(f"{'meting':<72} {'gemeten':>10} {'doel':>9} {'gehaald':>8}")
    for label, value, goal, ok in rows:
        print(f"{label:<72} {value:>10} {goal:>9} {'ja' if ok else 'nee':>8}")
    cpu = r["rekentijd_s"]
    print(f"Rekentijd tijdens de {dutch(r['duur_s'], 0)} s van de zaal: server {dutch(cpu['server'], 0)} s, kernels "
          f"{dutch(cpu['kernels'], 0)} s, Chromium (pagina van de begeleider) {dutch(cpu['chromium'], 0)} s, de "
          f"{r['deelnemers']} telefoons zelf (dit meetproces) {dutch(cpu['meting'], 0)} s.")
    print(f"De pagina van de begeleider aan het eind: {r['scherm_einde']}.")
    print(f"Op het scherm: mediaan {dutch(r['scherm_p50_s'])} s, traagste {dutch(r['scherm_max_s'])} s.")
    print(f"Ter vergelijking de Voila-deelnemerspagina van voorheen: {dutch(voila_bytes / 1024, 0)} KB en "
          f"{dutch(voila_cpu)} s rekentijd van Chromium (licht: {dutch(light_bytes / 1024, 0)} KB, "
          f"{dutch(light_cpu)} s).")


if __name__ == "__main__":
    sys.exit(main())
