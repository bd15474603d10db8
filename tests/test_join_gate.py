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
from kit.join_gate import GATED_NOTEBOOKS, SCHOOL_NOTEBOOKS, Answer, Throttle, decide, gated, page_html, wait_text
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


def test_every_course_page_is_gated():
    from kit.course import STEPS
    from kit.voila_server import POOLED_NOTEBOOKS
    from kit.workshop.cli import LIVE_STEPS, PUBLIC_PLAN_STEP

    from kit.paths import NOTEBOOKS_DIR

    assert sorted(GATED_NOTEBOOKS) == sorted(p.name for p in NOTEBOOKS_DIR.glob("*.ipynb"))
    assert sorted(GATED_NOTEBOOKS) == sorted(["00_start.ipynb", "bestuur.ipynb"]
                                             + [f"{s.notebook}.ipynb" for s in STEPS])
    assert tuple(f"{step}.ipynb" for step in LIVE_STEPS) == POOLED_NOTEBOOKS
    assert f"{PUBLIC_PLAN_STEP}.ipynb" in GATED_NOTEBOOKS


def test_every_way_of_writing_a_course_page_is_gated():
    for path in ("01_visie.ipynb", "./01_visie.ipynb", "x/../02_signaleren.ipynb", "/04_actieplan.ipynb",
                 "sub/01_visie.ipynb", "01_visie.ipynb/", "00_start.ipynb", "./03_enquete.ipynb",
                 "a/../05_beleidsplan.ipynb"):
        assert gated(path) in GATED_NOTEBOOKS, path
    for path in ("", None, "01_visie.py", "06_extra.ipynb"):
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
    right_code = opened.workshop.join_code
    for notebook in SCHOOL_NOTEBOOKS:  # the board's page has a key of its own (tests/bestuur)
        tries = [("", ""), ("ZZZZZZ", ""), ("abc", ""), ("", "x" * 43), ("", "kort")]
        if notebook in ("00_start.ipynb", "03_enquete.ipynb"):
            tries.append((right_code, ""))  # the team's pages: a right code is no better than a wrong one
        for code, key in tries:
            answers = []
            for school_id in ("obs-de-linde", "bestaat-niet", "zonder-workshop", "../obs-de-linde", "OBS"):
                answer = decide(workspace, "1.1.1.1", school_id, code, key, Throttle(), notebook=notebook)
                body = page_html(answer, notebook, f"/voila/render/{notebook}", "ID", code)
                answers.append((answer, body))
            assert all(a == answers[0] for a in answers), (notebook, code, key)
            assert "OBS De Linde" not in answers[0][1]
            assert answers[0][0].status in (200, 403), (notebook, code, key)
        wrong_key = decide(workspace, "1.1.1.1", "obs-de-linde", "", "x" * 43, Throttle(), notebook=notebook)
        with_code = decide(workspace, "1.1.1.1", "obs-de-linde", right_code, "", Throttle(), notebook=notebook)
        if notebook in ("00_start.ipynb", "03_enquete.ipynb"):
            assert with_code == wrong_key  # one wording for a code on the team's pages and for no access
        elif notebook == "05_beleidsplan.ipynb":
            assert with_code.status is None and with_code.public_plan  # the public plan, no kernel
        else:
            assert with_code.status is None and not with_code.public_plan
        key_answer = decide(workspace, "1.1.1.1", "obs-de-linde", "", opened.facilitator_key, Throttle(),
                            notebook=notebook)
        assert key_answer.status is None and not key_answer.public_plan, notebook
    assert not (workspace / "zonder-workshop" / workshop.DB_NAME).exists()  # the gate created nothing


def test_the_team_pages_ask_for_the_key_and_the_plan_page_for_the_code(workspace, school):
    for notebook, field in (("00_start.ipynb", 'name="key"'), ("03_enquete.ipynb", 'name="key"'),
                            ("05_beleidsplan.ipynb", 'name="code"'), ("01_visie.ipynb", 'name="code"')):
        answer = decide(workspace, "1.1.1.1", "obs-de-linde", "", "", Throttle(), notebook=notebook)
        body = page_html(answer, notebook, f"/voila/render/{notebook}", "obs-de-linde", "")
        assert answer.status == 200 and field in body, notebook
    body = page_html(Answer(200), "00_start.ipynb", "/voila/render/00_start.ipynb", "obs-de-linde", "")
    assert "Pagina voor de begeleider" in body and "Startpagina" in body and 'type="password"' in body


def test_a_key_before_the_first_workshop_opens_the_team_pages_not_the_workshop_apps(workspace):
    from kit.workshop.keys import working_key

    folder = workspace / "nieuw"
    folder.mkdir()
    (folder / "school.yaml").write_text("naam: Nieuw\n", encoding="utf-8")
    with workshop.Store(folder) as store:
        _, key, made = working_key(store)
        assert made and working_key(store) == (None, key, False)
    for notebook in ("00_start.ipynb", "03_enquete.ipynb", "05_beleidsplan.ipynb"):
        assert decide(workspace, "1.1.1.1", "nieuw", "", key, Throttle(), notebook=notebook).status is None
    answer = decide(workspace, "1.1.1.1", "nieuw", "", key, Throttle(), notebook="01_visie.ipynb")
    assert answer.status == 403 and answer.title == "Er is nog geen workshop"
    with workshop.Store(folder) as store:  # the first workshop takes the school's key over: the links keep working
        opened = workshop.open_workshop(store)
        assert opened.facilitator_key == key
    assert decide(workspace, "1.1.1.1", "nieuw", "", key, Throttle(), notebook="01_visie.ipynb").status is None


def test_a_typed_code_is_accepted_as_people_type_it(workspace, school):
    folder, opened = school
    code = opened.workshop.join_code
    typed = code.lower()[:3] + " " + code.lower()[3:]
    assert decide(workspace, "1.1.1.1", "obs-de-linde", typed, "", Throttle()).status is None


def test_a_newer_workshop_revokes_the_older_keys(school):
    folder, first = school
    with workshop.Store(folder) as store:
        assert workshop.open_workshop(store).facilitator_key == first.facilitator_key  # resumed: same key
        workshop.close_workshop(store)
        second = workshop.open_workshop(store, new=True)
        with pytest.raises(workshop.RevokedKeyError, match="nieuwere workshop"):
            workshop.workshop_for_key(store, first.facilitator_key)
        assert workshop.workshop_for_key(store, second.facilitator_key).id == second.workshop.id


def test_closing_revokes_the_key_and_kit_workshop_key_gives_a_working_one(school):
    from kit.workshop.keys import working_key

    folder, first = school
    with workshop.Store(folder) as store:
        assert working_key(store) == (first.workshop.id, first.facilitator_key, False)
        workshop.close_workshop(store)
        with pytest.raises(workshop.RevokedKeyError, match="de workshop is gesloten"):
            workshop.workshop_for_key(store, first.facilitator_key)
        workshop_id, key, made = working_key(store)  # for the closed workshop: the vision and plan go on
        assert made and workshop_id == first.workshop.id and key != first.facilitator_key
        assert working_key(store) == (workshop_id, key, False)  # asked again: the same key
        assert workshop.workshop_for_key(store, key).id == first.workshop.id
        assert not workshop.current_workshop(store).is_open  # the key does not reopen it
        with pytest.raises(workshop.RevokedKeyError, match="nieuwe begeleiderslink"):
            workshop.workshop_for_key(store, first.facilitator_key)
        reopened = workshop.open_workshop(store)  # a working key stays when it is reopened
        assert reopened.status == "reopened" and reopened.facilitator_key == key
        workshop.close_workshop(store)
        again = workshop.open_workshop(store)  # reopened after closing: closing revoked the key, a new one
        assert again.facilitator_key not in (key, first.facilitator_key)
        assert workshop.workshop_for_key(store, again.facilitator_key).id == first.workshop.id
        for old in (key, first.facilitator_key):
            with pytest.raises(workshop.RevokedKeyError):
                workshop.workshop_for_key(store, old)


def test_an_old_key_no_longer_edits_the_plan_or_uploads_a_survey(school):
    from kit.plan.store import add_action
    from kit.survey.upload import is_facilitator

    folder, first = school
    with workshop.Store(folder) as store:
        assert add_action(store, first.facilitator_key, "2026-2027", {"title": "Pleinwacht"}) > 0
        workshop.close_workshop(store)  # closing revokes the key: no plan editing, no upload with it
        with pytest.raises(workshop.RevokedKeyError, match="gesloten"):
            add_action(store, first.facilitator_key, "2026-2027", {"title": "Na het sluiten"})
        assert not is_facilitator(SimpleNamespace(link_params={"key": first.facilitator_key}, school_dir=folder))
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


def test_migration_8_revokes_the_key_of_an_already_closed_workshop(tmp_path):
    from kit.workshop.keys import working_key
    from kit.workshop.migrations import MIGRATIONS

    conn = sqlite3.connect(tmp_path / workshop.DB_NAME, isolation_level=None)
    for number, step in enumerate(MIGRATIONS[:7], start=1):
        step(conn)
        conn.execute(f"PRAGMA user_version = {number}")
    conn.execute("INSERT INTO workshops (join_code, facilitator_key, opened_at, closed_at) VALUES (?, ?, ?, ?)",
                 ("ABCDEF", "c" * 43, "2026-01-01T10:00:00.000+00:00", "2026-01-01T12:00:00.000+00:00"))
    conn.close()
    with workshop.Store(tmp_path, create=False) as store:
        with pytest.raises(workshop.RevokedKeyError, match="gesloten"):
            workshop.workshop_for_key(store, "c" * 43)
        _, key, made = working_key(store)
        assert made and workshop.workshop_for_key(store, key).join_code == "ABCDEF"


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


def test_an_open_team_page_says_so_when_its_key_is_revoked(school):
    """The start page's and the plan page's buttons check the key when clicked (the survey upload too)."""
    from kit.page_key import while_key_works

    folder, opened = school
    page = SimpleNamespace(link_params={"key": opened.facilitator_key}, school_dir=folder, school_id="obs-de-linde")
    make = while_key_works(page, lambda: "het bestand")
    assert make() == "het bestand"
    with workshop.Store(folder) as store:
        workshop.close_workshop(store)
    answer = make()
    assert "Deze begeleiderslink werkt niet meer" in answer and "de workshop is gesloten" in answer
    assert 'role="alert"' in answer and "het bestand" not in answer


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
    for page in ("00_start", "01_visie", "02_signaleren", "03_enquete", "04_actieplan", "05_beleidsplan"):
        assert f"{page}.ipynb?school=obs-de-linde&key=" in out  # every course page needs the key now
    status, out, _ = kit("workshop", "close", "obs-de-linde")
    assert "De begeleiderslinks van deze workshop werken niet meer" in out and "kit workshop key obs-de-linde" in out
    status, out, _ = kit("workshop", "key", "obs-de-linde")  # after closing: a new key that works
    assert status == 0 and "Nieuwe begeleiderssleutel" in out
    (closed_key,) = set(re.findall(r"key=([A-Za-z0-9_-]{43})", out))
    with workshop.Store(folder) as store:
        assert workshop.workshop_for_key(store, closed_key).id == opened.workshop.id
    status, out, _ = kit("workshop", "open", "obs-de-linde")  # reopened with a working key: the same links
    assert status == 0 and f"key={closed_key}" in out
    assert "05_beleidsplan.ipynb?school=obs-de-linde&code=" in out  # participants: the public plan
    kit("workshop", "close", "obs-de-linde")
    status, out, _ = kit("workshop", "open", "obs-de-linde", "--nieuw")
    assert status == 0 and "De begeleiderslinks van eerdere workshops van deze school werken vanaf nu niet meer." in out


def test_cli_key_for_a_school_without_a_workshop(kit, workspace):
    (workspace / "nog-niets").mkdir()
    (workspace / "nog-niets" / "school.yaml").write_text("naam: Nog Niets\n", encoding="utf-8")
    status, out, _ = kit("workshop", "key", "nog-niets")
    assert status == 0
    (key,) = set(re.findall(r"key=([A-Za-z0-9_-]{43})", out))
    assert "00_start.ipynb?school=nog-niets&key=" in out and "03_enquete.ipynb?school=nog-niets&key=" in out
    status, out, _ = kit("workshop", "key", "nog-niets", "--nieuw")
    (new,) = set(re.findall(r"key=([A-Za-z0-9_-]{43})", out))
    assert new != key
    with workshop.Store(workspace / "nog-niets") as store:
        assert workshop.facilitator_access(store, new) is None
        with pytest.raises(workshop.RevokedKeyError):
            workshop.facilitator_access(store, key)
    status, out, _ = kit("workshop", "open", "nog-niets")
    assert status == 0 and f"key={new}" in out  # the first workshop keeps the school's key


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


def get(server, path: str, client: str = "127.0.0.1", headers: dict | None = None, follow: bool = True,
        **params: str) -> tuple[int, dict, str]:
    """GET from the server from the local address ``client`` (127.0.0.x: a client of its own).

    With ``follow`` a redirect is followed from the same address, as a browser does: a participant's
    code leads from the workshop page to its light page (kit.light), which checks the code.
    """
    target = path + ("?" + urlencode(params) if params else "")
    for _ in range(3):
        conn = http.client.HTTPConnection("127.0.0.1", server.port, timeout=120, source_address=(client, 0))
        try:
            conn.request("GET", target, headers=headers or {})
            response = conn.getresponse()
            status, answer, body = response.status, dict(response.getheaders()), response.read().decode("utf-8")
        finally:
            conn.close()
        if not follow or status not in (301, 302, 303):
            break
        target = answer["Location"]
    return status, answer, body


def test_no_kernel_starts_for_a_page_without_a_working_code_or_key(gate_server):
    before, started = kernels(gate_server), gate_server.log.read_text().count("Kernel started")
    for n, notebook in enumerate(SCHOOL_NOTEBOOKS):
        client = f"127.0.1.{n + 1}"
        for path in (f"/voila/render/{notebook}", f"/voila/render/./{notebook}", f"/voila/render/x/../{notebook}"):
            status, _, body = get(gate_server, path, client, school="demo-school")
            field = 'name="key"' if notebook in ("00_start.ipynb", "03_enquete.ipynb") else 'name="code"'
            assert status == 200 and field in body and "kernelId" not in body
        tries = [{"school": "demo-school", "code": "ZZZZZZ"}, {"school": "demo-school", "key": "x" * 43},
                 {"school": "bestaat-niet", "code": gate_server.code}, {"code": gate_server.code},
                 {"school": "bestaat-niet", "key": gate_server.key}]
        if notebook in ("00_start.ipynb", "03_enquete.ipynb"):  # the team's pages: a right code does not open them
            tries.append({"school": "demo-school", "code": gate_server.code})
        for params in tries:
            status, _, body = get(gate_server, f"/voila/render/{notebook}", client, **params)
            assert status in (400, 403, 429) and "kernelId" not in body, params
    time.sleep(1)
    assert kernels(gate_server) == before
    assert gate_server.log.read_text().count("Kernel started") == started


def test_unknown_and_known_school_ids_get_the_same_answer(gate_server):
    for notebook in ("01_visie.ipynb", "00_start.ipynb"):
        for n, params in enumerate(({}, {"code": "ZZZZZZ"}, {"code": "abc"}, {"key": "x" * 43})):
            answers = []
            for m, school_id in enumerate(("demo-school", "bestaat-niet")):
                status, headers, body = get(gate_server, f"/voila/render/{notebook}",
                                            f"127.0.2.{2 * n + m + 1 + (10 if notebook[1] == '0' else 0)}",
                                            school=school_id, **params)
                answers.append((status, headers.get("Content-Type"), body.replace(school_id, "ID")))
            assert answers[0] == answers[1], (notebook, params)
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


def wrong_codes(server, client: str, count: int, forwarded=lambda n: {}) -> list[int]:
    """Statuses of ``count`` wrong codes for the demo school from ``client``, with headers ``forwarded(n)``."""
    return [get(server, "/voila/render/01_visie.ipynb", client, forwarded(n), school="demo-school",
                code=f"WXYZ{n:02d}".replace("0", "A").replace("1", "B"))[0] for n in range(count)]


def test_a_forged_forwarded_for_is_ignored_without_the_proxy_option(gate_server):
    """Without --achter-proxy one client stays one client, whatever X-Forwarded-For or X-Real-IP it sends."""
    statuses = wrong_codes(gate_server, "127.0.5.1", 7,
                           lambda n: {"X-Forwarded-For": f"10.9.0.{n}", "X-Real-IP": f"10.8.0.{n}"})
    assert statuses[:5] == [403] * 5 and statuses[5] == 429
    assert "Te veel onjuiste codes van 127.0.5.1 voor school demo-school" in gate_server.log.read_text()


@pytest.fixture(scope="module")
def proxied_server(tmp_path_factory, start_kit_server):
    """``kit serve --achter-proxy`` on a school of its own."""
    folder = tmp_path_factory.mktemp("proxied") / "workspace"
    (folder / "achter-proxy").mkdir(parents=True)
    (folder / "achter-proxy" / "school.yaml").write_text("naam: Achter de Proxy\n", encoding="utf-8")
    with workshop.Store(folder / "achter-proxy") as store:
        workshop.open_workshop(store)
    log = folder.parent / "serve.log"
    with start_kit_server(folder, log, 0, extra=("--achter-proxy",)) as base:
        yield SimpleNamespace(base=base, port=urlsplit(base).port, log=log)


def test_behind_a_proxy_the_forwarded_address_is_the_client(proxied_server):
    def tries(forwarded, count):
        return [get(proxied_server, "/voila/render/01_visie.ipynb", "127.0.6.1", forwarded(n), school="achter-proxy",
                    code=f"WXYZ{n:02d}".replace("0", "A").replace("1", "B"))[0] for n in range(count)]

    # Ten visitors behind one proxy, one wrong code each: none is slowed down by the others.
    assert tries(lambda n: {"X-Forwarded-For": f"203.0.113.{n}"}, 10) == [403] * 10
    # One visitor (the address the proxy added last) is slowed down after five, whatever it wrote before it.
    statuses = tries(lambda n: {"X-Forwarded-For": f"10.0.0.{n}, 198.51.100.7"}, 6)
    assert statuses == [403] * 5 + [429]
    assert tries(lambda n: {"X-Real-IP": "198.51.100.8"}, 6) == [403] * 5 + [429]
    log = proxied_server.log.read_text()
    assert "Te veel onjuiste codes van 198.51.100.7 voor school achter-proxy" in log
    assert "Te veel onjuiste codes van 127.0.6.1" not in log


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


def test_closing_revokes_the_key_on_every_page_and_kit_workshop_key_gives_a_new_one(gate_server):
    from kit.cli import main
    from kit.workshop.keys import working_key

    workspace = ["--workspace", str(gate_server.workspace)]
    before = kernels(gate_server)
    assert main(["workshop", "close", "demo-school", *workspace]) == 0
    for n, notebook in enumerate(SCHOOL_NOTEBOOKS):
        status, _, body = get(gate_server, f"/voila/render/{notebook}", f"127.0.8.{n + 1}", school="demo-school",
                              key=gate_server.key)
        assert status == 403 and "Deze begeleiderslink werkt niet meer" in body, notebook
        assert "de workshop is gesloten" in body and "kit workshop key" in body and "kernelId" not in body
    assert kernels(gate_server) == before
    assert main(["workshop", "key", "demo-school", *workspace]) == 0
    with workshop.Store(gate_server.school_dir, create=False) as store:
        _, new_key, made = working_key(store)
    assert not made and new_key != gate_server.key
    status, _, body = get(gate_server, "/voila/render/00_start.ipynb", "127.0.8.9", school="demo-school",
                          key=new_key)
    assert status == 200 and "kernelId" in body and "OBS De Regenboog" in body
    assert main(["workshop", "open", "demo-school", *workspace]) == 0  # reopened: the working key stays
    with workshop.Store(gate_server.school_dir, create=False) as store:
        assert working_key(store)[1:] == (new_key, False)
    gate_server.key = new_key


def test_a_code_on_the_plan_page_gets_the_public_plan_without_a_kernel(gate_server):
    import io

    import docx

    before = kernels(gate_server)
    status, headers, body = get(gate_server, "/voila/render/05_beleidsplan.ipynb", "127.0.9.1",
                                school="demo-school", code=gate_server.code.lower())
    assert status == 200 and "kernelId" not in body and headers["Cache-Control"] == "no-store"
    assert "Openbare versie" in body and "Interne versie" not in body
    assert "Dit is de openbare versie van het veiligheidsplan" in body
    for internal in ("020 799 00 01", "020 799 00 02", "020 799 00 03"):  # staff phone numbers (internal only)
        assert internal not in body, internal
    links = re.findall(r'href="\?([^"]+)"', body)
    assert len(links) == 2 and all(f"code={gate_server.code}" in link for link in links)
    conn = http.client.HTTPConnection("127.0.0.1", gate_server.port, timeout=120, source_address=("127.0.9.1", 0))
    files = {}
    for fmt in ("docx", "pdf"):
        conn.request("GET", f"/voila/render/05_beleidsplan.ipynb?school=demo-school&code={gate_server.code}"
                            f"&bestand={fmt}")
        response = conn.getresponse()
        files[fmt] = (response.status, response.getheader("Content-Disposition"), response.read())
    conn.close()
    assert files["pdf"][0] == 200 and files["pdf"][2].startswith(b"%PDF")
    assert files["pdf"][1] == 'attachment; filename="beleidsplan-openbaar-demo-school.pdf"'
    assert files["docx"][0] == 200 and files["docx"][1].endswith('beleidsplan-openbaar-demo-school.docx"')
    text = "\n".join(p.text for p in docx.Document(io.BytesIO(files["docx"][2])).paragraphs)
    assert "Openbare versie" in text and "020 799 00 01" not in text
    status, _, body = get(gate_server, "/voila/render/05_beleidsplan.ipynb", "127.0.9.2", school="demo-school",
                          code="ZZZZZZ", bestand="pdf")  # the files need a right code as well
    assert status == 403 and "%PDF" not in body
    assert kernels(gate_server) == before


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


def test_kit_demo_prints_facilitator_links_that_work(kit, tmp_path):
    """The demo's workshop is closed (which revokes its key): the links kit demo prints hold a working key."""
    status, out, _ = kit("demo", "--no-run", "--workspace", tmp_path / "ws")
    assert status == 0
    links = dict(re.findall(r"00_start\.ipynb\?school=([a-z-]+)&key=([A-Za-z0-9_-]{43})", out))
    assert set(links) == {"demo-school", "demo-vo"}
    for school_id, key in links.items():
        with workshop.Store(tmp_path / "ws" / school_id, create=False) as store:
            assert not workshop.current_workshop(store).is_open
            assert workshop.workshop_for_key(store, key).id == workshop.current_workshop(store).id
        answer = decide(tmp_path / "ws", "1.1.1.1", school_id, "", key, Throttle(), notebook="00_start.ipynb")
        assert answer.status is None
