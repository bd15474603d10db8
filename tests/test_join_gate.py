"""Who may start a kernel: the join gate of ``kit serve`` and which facilitator keys still work.

The first part tests the parts on their own (the throttle with a fake clock, the
decision, the store's key revocation and the CLI); the second part runs a real
``kit serve`` and counts the server's kernel processes.
"""

from __future__ import annotations

import http.client
import math
import re
import sqlite3
import time
from pathlib import Path
from types import SimpleNamespace
from urllib.parse import urlencode, urlsplit

import psutil
import pytest

from kit import workshop
from kit.join_gate import GATED_NOTEBOOKS, Throttle, decide, gated, page_html, wait_text
from kit.workshop.keys import current_key, rotate_key


class Clock:
    def __init__(self):
        self.now = 1000.0

    def __call__(self):
        return self.now


# ------------------------------------------------------------------ the throttle on its own


def test_a_client_waits_longer_after_each_wrong_try_beyond_five():
    clock = Clock()
    throttle = Throttle(clock=clock)
    for _ in range(4):
        throttle.failed("1.1.1.1", "school")
        assert throttle.wait("1.1.1.1", "school") == 0
    throttle.failed("1.1.1.1", "school")  # the fifth
    assert throttle.wait("1.1.1.1", "school") == 1
    waits = []
    for _ in range(5):
        clock.now += throttle.wait("1.1.1.1", "school")
        throttle.failed("1.1.1.1", "school")
        waits.append(throttle.wait("1.1.1.1", "school"))
    assert waits == [2, 4, 8, 16, 32]
    assert throttle.wait("2.2.2.2", "school") == 0  # another client is not slowed down
    clock.now += 900  # a quarter of an hour later the wrong tries are forgotten
    assert throttle.wait("1.1.1.1", "school") == 0


def test_the_wait_never_exceeds_five_minutes():
    clock = Clock()
    throttle = Throttle(clock=clock)
    for _ in range(40):
        throttle.failed("1.1.1.1", "school")
    assert throttle.wait("1.1.1.1", "school") == 300


def test_a_school_under_attack_stays_open_for_its_room():
    """Many addresses with wrong codes lock the school for strangers, not for a room that already got in."""
    clock = Clock()
    throttle = Throttle(clock=clock)
    throttle.succeeded("10.0.0.1", "school")  # the school's network: the first participant got in
    for n in range(30):
        throttle.failed(f"6.6.6.{n}", "school")
    assert throttle.wait("7.7.7.7", "school") > 0  # a new stranger waits
    assert throttle.wait("10.0.0.1", "school") == 0  # the room does not
    assert throttle.wait("7.7.7.7", "other-school") == 0  # another school is not affected
    for _ in range(19):  # a room mistypes more often than one person: 20 wrong tries before it waits
        throttle.failed("10.0.0.1", "school")
    assert throttle.wait("10.0.0.1", "school") == 0
    throttle.failed("10.0.0.1", "school")
    assert throttle.wait("10.0.0.1", "school") > 0


def test_wait_text_is_dutch():
    assert wait_text(0.2) == "over 1 seconde"
    assert wait_text(7.1) == "over 8 seconden"
    assert wait_text(300) == "over 5 minuten"


def test_the_gated_pages_are_the_live_workshop_pages():
    from kit.voila_server import POOLED_NOTEBOOKS
    from kit.workshop.cli import LIVE_STEPS

    assert GATED_NOTEBOOKS == tuple(f"{step}.ipynb" for step in LIVE_STEPS) == POOLED_NOTEBOOKS


def test_every_way_of_writing_a_workshop_page_is_gated():
    for path in ("01_visie.ipynb", "./01_visie.ipynb", "x/../02_signaleren.ipynb", "/04_actieplan.ipynb",
                 "sub/01_visie.ipynb", "01_visie.ipynb/"):
        assert gated(path) in GATED_NOTEBOOKS, path
    for path in ("00_start.ipynb", "03_enquete.ipynb", "05_beleidsplan.ipynb", "", None, "01_visie.py"):
        assert gated(path) is None, path


# ------------------------------------------------------------------ the decision and the store


@pytest.fixture
def school(workspace) -> tuple[Path, workshop.Opened]:
    folder = workspace / "obs-de-linde"
    folder.mkdir()
    (folder / "school.yaml").write_text("naam: OBS De Linde\n", encoding="utf-8")
    with workshop.Store(folder) as store:
        return folder, workshop.open_workshop(store)


def test_an_unknown_school_gets_the_answer_of_a_known_school_without_access(workspace, school):
    folder, opened = school
    (workspace / "zonder-workshop").mkdir()  # a school that never held a workshop
    for code, key in (("", ""), ("ZZZZZZ", ""), ("abc", ""), ("", "x" * 43), ("", "kort")):
        answers = []
        for school_id in ("obs-de-linde", "bestaat-niet", "zonder-workshop", "../obs-de-linde", "OBS"):
            answer = decide(workspace, "1.1.1.1", school_id, code, key, Throttle())
            body = page_html(answer, "01_visie.ipynb", "/voila/render/01_visie.ipynb", "ID", code)
            answers.append((answer, body))
        assert all(a == answers[0] for a in answers), (code, key)
        assert "OBS De Linde" not in answers[0][1]
    assert decide(workspace, "1.1.1.1", "obs-de-linde", opened.workshop.join_code, "", Throttle()).status is None
    assert decide(workspace, "1.1.1.1", "obs-de-linde", "", opened.facilitator_key, Throttle()).status is None
    assert not (workspace / "zonder-workshop" / workshop.DB_NAME).exists()  # the gate created nothing


def test_a_typed_code_is_accepted_as_people_type_it(workspace, school):
    folder, opened = school
    code = opened.workshop.join_code
    typed = code.lower()[:3] + " " + code.lower()[3:]
    assert decide(workspace, "1.1.1.1", "obs-de-linde", typed, "", Throttle()).status is None


def test_a_newer_workshop_revokes_the_older_keys(school):
    folder, first = school
    with workshop.Store(folder) as store:
        workshop.close_workshop(store)
        # Closed, the key still works: the facilitator finishes the vision and the plan afterwards.
        assert workshop.workshop_for_key(store, first.facilitator_key).id == first.workshop.id
        assert workshop.open_workshop(store).facilitator_key == first.facilitator_key  # reopened: same key
        workshop.close_workshop(store)
        second = workshop.open_workshop(store, new=True)
        with pytest.raises(workshop.RevokedKeyError, match="werkt niet meer"):
            workshop.workshop_for_key(store, first.facilitator_key)
        assert workshop.workshop_for_key(store, second.facilitator_key).id == second.workshop.id


def test_an_old_key_no_longer_edits_the_plan_or_uploads_a_survey(school):
    from kit.plan.store import add_action
    from kit.survey.upload import is_facilitator

    folder, first = school
    with workshop.Store(folder) as store:
        assert add_action(store, first.facilitator_key, "2026-2027", {"title": "Pleinwacht"}) > 0
        workshop.close_workshop(store)
        second = workshop.open_workshop(store, new=True)
        with pytest.raises(workshop.RevokedKeyError):
            add_action(store, first.facilitator_key, "2026-2027", {"title": "Nog een"})
        with pytest.raises(workshop.RevokedKeyError):
            workshop.save_vision(store, first.facilitator_key, "Oude sleutel")
    assert not is_facilitator(SimpleNamespace(link_params={"key": first.facilitator_key}, school_dir=folder))
    assert is_facilitator(SimpleNamespace(link_params={"key": second.facilitator_key}, school_dir=folder))


def test_a_replaced_key_stops_at_once(school):
    folder, opened = school
    with workshop.Store(folder) as store:
        workshop_id, key = rotate_key(store)
        assert workshop_id == opened.workshop.id and key != opened.facilitator_key
        with pytest.raises(workshop.RevokedKeyError):
            workshop.workshop_for_key(store, opened.facilitator_key)
        assert workshop.workshop_for_key(store, key).id == opened.workshop.id
        assert workshop.open_workshop(store).facilitator_key == key  # resuming prints the new key


def test_an_existing_file_revokes_the_keys_of_its_older_workshops_when_migrated(tmp_path):
    from kit.workshop.migrations import MIGRATIONS

    conn = sqlite3.connect(tmp_path / workshop.DB_NAME, isolation_level=None)
    for number, step in enumerate(MIGRATIONS[:6], start=1):
        step(conn)
        conn.execute(f"PRAGMA user_version = {number}")
    for n, (code, key) in enumerate((("ABCDEF", "a" * 43), ("GHJKMN", "b" * 43)), start=1):
        conn.execute("INSERT INTO workshops (join_code, facilitator_key, opened_at) VALUES (?, ?, ?)",
                     (code, key, f"2026-0{n}-01T10:00:00.000+00:00"))
    conn.close()
    with workshop.Store(tmp_path, create=False) as store:
        with pytest.raises(workshop.RevokedKeyError):
            workshop.workshop_for_key(store, "a" * 43)
        assert workshop.workshop_for_key(store, "b" * 43).join_code == "GHJKMN"


def test_an_open_facilitator_page_says_so_when_its_key_is_replaced(school):
    import threading

    import ipywidgets as w

    from kit.live.browser import Poller, StopPolling
    from kit.live.pages import FacilitatorPage

    folder, opened = school
    with workshop.Store(folder) as store:
        page = object.__new__(FacilitatorPage)  # the base's guard only; an app adds its exercise
        page.store, page.key, page.lock = store, opened.facilitator_key, threading.RLock()
        page.root = w.VBox([w.HTML("inhoud")])
        ticks = []
        tick = page.guarded(lambda: ticks.append(1))
        tick()
        assert ticks == [1]
        rotate_key(store)
        with pytest.raises(StopPolling):
            tick()
        assert ticks == [1]
        (notice,) = page.root.children
        assert "Deze begeleiderslink werkt niet meer" in notice.value and "kit workshop key" in notice.value
        poller = Poller(0.01, tick).start()  # the poller ends instead of trying every 2 s forever
        poller._thread.join(timeout=5)
        assert not poller._thread.is_alive()


def test_cli_key_new_prints_new_links_and_revokes_the_old_key(kit, school):
    folder, opened = school
    status, out, _ = kit("workshop", "key", "obs-de-linde", "--nieuw")
    assert status == 0
    assert "de oude begeleiderslinks werken vanaf nu niet meer" in out
    keys = set(re.findall(r"key=([A-Za-z0-9_-]{43})", out))
    assert len(keys) == 1 and opened.facilitator_key not in keys
    assert "01_visie.ipynb?school=obs-de-linde&key=" in out
    with workshop.Store(folder) as store:
        assert workshop.workshop_for_key(store, keys.pop()).id == opened.workshop.id
        with pytest.raises(workshop.RevokedKeyError):
            workshop.workshop_for_key(store, opened.facilitator_key)
    status, out, _ = kit("workshop", "key", "obs-de-linde")  # without --nieuw: the current links again
    assert status == 0 and "werken vanaf nu niet meer" not in out
    status, out, _ = kit("workshop", "close", "obs-de-linde")
    assert "kit workshop key obs-de-linde --nieuw" in out
    status, out, _ = kit("workshop", "open", "obs-de-linde", "--nieuw")
    assert status == 0 and "De begeleiderslinks van eerdere workshops van deze school werken vanaf nu niet meer." in out


def test_the_first_workshop_says_nothing_about_earlier_links(kit, workspace):
    (workspace / "nieuwe-school").mkdir()
    (workspace / "nieuwe-school" / "school.yaml").write_text("naam: Nieuwe School\n", encoding="utf-8")
    status, out, _ = kit("workshop", "open", "nieuwe-school")
    assert status == 0 and "gestart" in out and "eerdere workshops" not in out


# ------------------------------------------------------------------ a real kit serve


@pytest.fixture(scope="module")
def gate_server(tmp_path_factory, start_kit_server):
    """``kit serve`` without a pool (so every kernel is one a request started) on the demo school."""
    from kit.demo import install_demo

    folder = tmp_path_factory.mktemp("gate") / "workspace"
    school_dir = install_demo(folder)
    with workshop.Store(school_dir) as store:
        opened = workshop.open_workshop(store)
    log = folder.parent / "serve.log"
    with start_kit_server(folder, log, 0) as base:
        pid = next(p.pid for p in psutil.process_iter(["cmdline"])
                   if "kit.voila_server" in (p.info["cmdline"] or []) and str(urlsplit(base).port) in
                   " ".join(p.info["cmdline"] or []))
        yield SimpleNamespace(base=base, port=urlsplit(base).port, log=log, pid=pid, school_dir=school_dir,
                              workspace=folder, code=opened.workshop.join_code, key=opened.facilitator_key)


def kernels(server) -> int:
    """How many page kernels the server has running now."""
    return sum(1 for child in psutil.Process(server.pid).children(recursive=True)
               if "kit.kernel" in child.cmdline())


def get(server, path: str, client: str = "127.0.0.1", follow: bool = True, **params: str) -> tuple[int, dict, str]:
    """GET from the server from the local address ``client`` (127.0.0.x: a client of its own).

    With ``follow`` a redirect is followed from the same address, as a browser does: a participant's
    code leads from the workshop page to its light page (kit.light), which checks the code.
    """
    target = path + ("?" + urlencode(params) if params else "")
    for _ in range(3):
        conn = http.client.HTTPConnection("127.0.0.1", server.port, timeout=120, source_address=(client, 0))
        try:
            conn.request("GET", target)
            response = conn.getresponse()
            status, headers, body = response.status, dict(response.getheaders()), response.read().decode("utf-8")
        finally:
            conn.close()
        if not follow or status not in (301, 302, 303):
            break
        target = headers["Location"]
    return status, headers, body


def test_no_kernel_starts_for_a_page_without_a_working_code_or_key(gate_server):
    before, started = kernels(gate_server), gate_server.log.read_text().count("Kernel started")
    for n, notebook in enumerate(GATED_NOTEBOOKS):
        client = f"127.0.1.{n + 1}"
        for path in (f"/voila/render/{notebook}", f"/voila/render/./{notebook}", f"/voila/render/x/../{notebook}"):
            status, _, body = get(gate_server, path, client, school="demo-school")
            assert status == 200 and 'name="code"' in body and "kernelId" not in body
        for params in ({"school": "demo-school", "code": "ZZZZZZ"}, {"school": "demo-school", "key": "x" * 43},
                       {"school": "bestaat-niet", "code": gate_server.code}, {"code": gate_server.code}):
            status, _, body = get(gate_server, f"/voila/render/{notebook}", client, **params)
            assert status in (400, 403, 429) and "kernelId" not in body, params
    time.sleep(1)
    assert kernels(gate_server) == before
    assert gate_server.log.read_text().count("Kernel started") == started


def test_unknown_and_known_school_ids_get_the_same_answer(gate_server):
    for n, params in enumerate(({}, {"code": "ZZZZZZ"}, {"code": "abc"}, {"key": "x" * 43})):
        answers = []
        for m, school_id in enumerate(("demo-school", "bestaat-niet")):
            status, headers, body = get(gate_server, "/voila/render/01_visie.ipynb", f"127.0.2.{2 * n + m + 1}",
                                        school=school_id, **params)
            answers.append((status, headers.get("Content-Type"), body.replace(school_id, "ID")))
        assert answers[0] == answers[1], params
    assert "OBS De Regenboog" not in answers[0][2]  # the page never shows whose school it is


def test_a_right_code_opens_the_light_page_without_a_kernel(gate_server):
    before = kernels(gate_server)
    status, headers, _ = get(gate_server, "/voila/render/01_visie.ipynb", "127.0.3.1", follow=False,
                             school="demo-school", code=gate_server.code)
    assert status == 302 and headers["Location"] == f"/mee/visie?school=demo-school&code={gate_server.code}"
    status, _, body = get(gate_server, "/voila/render/01_visie.ipynb", "127.0.3.1", school="demo-school",
                          code=gate_server.code)
    assert status == 200 and "kernelId" not in body and 'id="naam"' in body  # the light page's join form
    # As people type it: the address gets the code as it is shown, then the page opens.
    code = gate_server.code
    status, headers, _ = get(gate_server, "/mee/visie", "127.0.3.1", follow=False, school="demo-school",
                             code=code.lower()[:3] + " " + code.lower()[3:])
    assert status == 302 and headers["Location"].endswith(f"?school=demo-school&code={code}")
    time.sleep(1)
    assert kernels(gate_server) == before


def test_fifty_wrong_codes_are_refused_while_a_right_code_still_works(gate_server):
    statuses, started = [], time.monotonic()
    for n in range(50):
        status, headers, body = get(gate_server, "/voila/render/04_actieplan.ipynb", "127.0.4.1",
                                    school="demo-school", code=f"ABC{n:03d}".replace("0", "A").replace("1", "B")
                                    .replace("2", "C").replace("5", "D"))
        statuses.append(status)
        if status == 429:
            assert "Er zijn te veel onjuiste codes geprobeerd." in body
            assert re.search(r"Probeer het over \d+ seconden? opnieuw\.", body)
            assert int(headers["Retry-After"]) >= 1
    elapsed = time.monotonic() - started
    checked = statuses.count(403)
    # Before the gate the server checked about 19 codes a second; now 5, then one per wait of 1, 2, 4, ... s.
    assert statuses[:5] == [403] * 5
    assert checked <= 5 + math.ceil(math.log2(elapsed + 1)), (checked, elapsed)
    assert statuses.count(429) >= 50 - checked
    # Another client with the right code gets in at once.
    started = time.monotonic()
    status, _, body = get(gate_server, "/voila/render/04_actieplan.ipynb", "127.0.4.2", school="demo-school",
                          code=gate_server.code)
    assert status == 200 and 'id="naam"' in body  # the plan's light page
    assert "Te veel onjuiste codes van 127.0.4.1 voor school demo-school" in gate_server.log.read_text()


def test_an_old_facilitator_link_says_it_no_longer_works(gate_server):
    from kit.cli import main

    before = kernels(gate_server)
    assert main(["workshop", "key", "demo-school", "--nieuw", "--workspace", str(gate_server.workspace)]) == 0
    with workshop.Store(gate_server.school_dir, create=False) as store:
        new_key = current_key(store)[1]
    status, _, body = get(gate_server, "/voila/render/01_visie.ipynb", "127.0.7.1", school="demo-school",
                          key=gate_server.key)
    assert status == 403 and "Deze begeleiderslink werkt niet meer" in body and "kernelId" not in body
    status, _, body = get(gate_server, "/voila/render/01_visie.ipynb", "127.0.7.1", school="demo-school",
                          key=new_key)
    assert status == 200 and "kernelId" in body
    gate_server.key = new_key
    assert kernels(gate_server) <= before + 1


@pytest.mark.browser
def test_the_join_page_is_accessible_and_a_right_code_opens_the_app(browser, gate_server, tmp_path):
    from playwright.sync_api import expect

    context = browser.new_context(viewport={"width": 390, "height": 844}, locale="nl-NL")
    page = context.new_page()
    requested = []
    page.on("request", lambda request: requested.append(request.url))
    page.goto(f"{gate_server.base}/voila/render/01_visie.ipynb?school=demo-school")
    assert page.locator("html").get_attribute("lang") == "nl"
    code_box = page.get_by_label("Deelnamecode")
    expect(code_box).to_be_focused()
    assert page.evaluate("document.activeElement.id") == "kit-gate-code"
    outline = code_box.evaluate("e => getComputedStyle(e).outlineStyle + ' ' + getComputedStyle(e).outlineWidth")
    assert outline.startswith("solid") and not outline.endswith(" 0px")
    assert all(url.startswith(gate_server.base) for url in requested)  # no scripts, fonts or styles from elsewhere
    page.screenshot(path=str(tmp_path / "join.png"))
    # A wrong code: the reason, the form again, the typed text shown as text.
    page.keyboard.type("<b>x</b>")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    expect(page.get_by_role("alert")).to_contain_text("Deze deelnamecode werkt niet")
    assert page.locator("b").count() == 0
    assert code_box.get_attribute("aria-invalid") == "true"
    # The right code, typed as people do, by keyboard only: the light page opens with its join form.
    code = gate_server.code
    code_box.fill(code.lower()[:3] + " " + code.lower()[3:])
    page.keyboard.press("Tab")
    expect(page.get_by_role("button", name="Verder")).to_be_focused()
    page.keyboard.press("Enter")
    page.locator("#loading").wait_for(state="detached", timeout=90_000)
    expect(page).to_have_url(re.compile(f"/mee/visie\\?school=demo-school&code={code}$"))
    expect(page.get_by_label("Je naam in de workshop")).to_be_visible()
    page.close(run_before_unload=True)
    context.close()


def test_many_strangers_lock_the_school_but_not_its_room(gate_server):
    """Last of the server tests: the school stays locked for new addresses for a while."""
    room, stranger = "127.0.5.1", "127.0.5.99"
    assert get(gate_server, "/voila/render/02_signaleren.ipynb", room, school="demo-school",
               code=gate_server.code)[0] == 200
    for n in range(8):  # 8 addresses x 4 wrong codes: over the school's 30
        for m in range(4):
            get(gate_server, "/voila/render/02_signaleren.ipynb", f"127.0.6.{n + 1}", school="demo-school",
                code="ZZZZZ" + "ABCD"[m])
    assert get(gate_server, "/voila/render/02_signaleren.ipynb", stranger, school="demo-school",
               code=gate_server.code)[0] == 429
    assert get(gate_server, "/voila/render/02_signaleren.ipynb", room, school="demo-school",
               code=gate_server.code)[0] == 200
    # A facilitator key is no guess (256 random bits): a facilitator on another network still gets in.
    status, _, body = get(gate_server, "/voila/render/02_signaleren.ipynb", stranger, school="demo-school",
                          key=gate_server.key)
    assert status == 200 and "kernelId" in body
