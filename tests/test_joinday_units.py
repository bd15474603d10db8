"""The facilitator's day without a browser: the join address, the runtime file, the printed links, the QR code,
transient messages, the quiet console, the short join route's lookup and the survey chart cache."""

from __future__ import annotations

import logging
import os
import re
import subprocess
import sys
import time
from urllib.parse import parse_qs, urlsplit

import pytest

from kit import workshop
from kit.cli import main
from kit.live.header import join_address, join_banner, participant_link, step_nav
from kit.live.join_qr import qr_code, qr_svg
from kit.serve_address import PUBLIC_URL_ENV, lan_address, local_only, public_url
from kit.serve_runtime import RUNTIME_NAME, remove_runtime, running_server, write_runtime


def svg_matrix(svg: str) -> list[list[int]]:
    """The dark modules of segno's inline SVG (one path of ``M x y`` / ``m dx dy`` moves and ``h n`` runs).

    Reading the picture back is how a test sees what a camera would: which modules are dark.
    """
    size = int(re.search(r'viewBox="0 0 (\d+) (\d+)"', svg).group(1))
    grid = [[0] * size for _ in range(size)]
    path = re.search(r'<path class="qrline"[^>]* d="([^"]+)"', svg).group(1)
    x = y = 0.0
    for op, args in re.findall(r"([MmHhVv])([^MmHhVv]*)", path):
        numbers = [float(n) for n in re.findall(r"-?\d+(?:\.\d+)?", args)]
        if op == "M":
            x, y = numbers
        elif op == "m":
            x, y = x + numbers[0], y + numbers[1]
        elif op == "h":
            for col in range(int(x), int(x + numbers[0])):
                grid[int(y)][col] = 1
            x += numbers[0]
    return grid


def segno_matrix(address: str, border: int = 4) -> list[list[int]]:
    code = qr_code(address)
    return [[int(bool(v)) for v in row] for row in code.matrix_iter(scale=1, border=border)]


# --------------------------------------------------------------------------- the address


def test_the_public_address_is_never_loopback_on_a_network():
    lan = lan_address()
    assert lan is None or not local_only(lan)
    url = public_url("0.0.0.0", 8866)
    assert url == f"http://{lan or '127.0.0.1'}:8866"
    assert public_url("::", 8870).endswith(":8870") and public_url("192.168.1.20", 9000) == "http://192.168.1.20:9000"
    assert public_url("fd00::2", 8866) == "http://[fd00::2]:8866"
    assert local_only("http://127.0.0.1:8866/m/ABC234") and local_only("localhost") and local_only("http://[::1]:1")
    assert not local_only("http://192.168.1.20:8866/m/ABC234")


def test_participant_links_use_the_public_address_and_never_a_key(monkeypatch):
    monkeypatch.setenv(PUBLIC_URL_ENV, "http://192.168.1.20:8866")
    monkeypatch.setenv("VOILA_REQUEST_URL", "http://127.0.0.1:8866/voila/render/01_visie.ipynb?school=s&key=" + "k" * 43)
    link = participant_link("obs-de-linde", "ABC234", "01_visie.ipynb")
    assert link == "http://192.168.1.20:8866/mee/visie?school=obs-de-linde&code=ABC234"  # the light page
    assert "key" not in parse_qs(urlsplit(link).query)
    assert join_address("ABC234") == "http://192.168.1.20:8866/m/ABC234"
    assert participant_link("s", "ABC234", "04_actieplan.ipynb", base="http://10.0.0.5:9000/").startswith(
        "http://10.0.0.5:9000/mee/actieplan?")
    monkeypatch.delenv(PUBLIC_URL_ENV)
    assert participant_link("s", "ABC234", "01_visie.ipynb").startswith("http://127.0.0.1:8866/mee/visie?")
    monkeypatch.delenv("VOILA_REQUEST_URL")
    assert participant_link("s", "ABC234", "01_visie.ipynb") == "mee/visie?school=s&code=ABC234"
    assert join_address("ABC234") == ""


def test_the_banner_shows_the_short_address_and_a_qr_code_of_exactly_it(monkeypatch):
    monkeypatch.setenv(PUBLIC_URL_ENV, "http://192.168.1.20:8866")
    address = "http://192.168.1.20:8866/m/ABC234"
    assert join_address("ABC234") == address and join_address("ABC234", step=4) == address + "/4"
    html = join_banner(join_address("ABC234"), "ABC234", True, "Doe mee:", "gesloten")
    assert f'href="{address}"' in html and f">{address}</a>" in html and "ABC234</strong>" in html
    svg = re.search(r"<svg.*?</svg>", html, re.S).group(0)
    assert f'aria-label="QR-code met het adres {address}"' in svg and 'role="img"' in svg
    assert f"<title>QR-code met het adres {address}</title>" in svg
    assert svg_matrix(svg) == segno_matrix(address)  # the picture holds this address, module for module
    assert svg_matrix(qr_svg(address + "X")) != segno_matrix(address)
    assert qr_code(address).error in ("M", "Q", "H")  # error correction at least M for a projected code
    assert "alleen op deze computer" not in join_banner(address, "ABC234", True, "Doe mee:", "", warn_local=True)
    monkeypatch.setenv(PUBLIC_URL_ENV, "http://127.0.0.1:8866")
    assert "alleen op deze computer" in join_banner(join_address("ABC234"), "ABC234", True, "Doe mee:", "",
                                                    warn_local=True)
    assert "<svg" not in join_banner("x", "ABC234", False, "Doe mee:", "Niets meer invoeren.")


def test_the_step_navigation_keeps_the_key_on_every_step():
    key = "k" * 43
    html = step_nav("obs-de-linde", key, "01_visie.ipynb")
    hrefs = re.findall(r'href="([^"]+)"', html)
    assert [h.split(".ipynb")[0] for h in hrefs] == ["00_start", "02_signaleren", "03_enquete", "04_actieplan",
                                                     "05_beleidsplan"]
    assert all(parse_qs(urlsplit(h.replace("&amp;", "&")).query) == {"school": ["obs-de-linde"], "key": [key]}
               for h in hrefs)
    assert 'aria-current="page">1. Visie op sociale veiligheid' in html


# --------------------------------------------------------------------------- the runtime file and the printed links


def test_the_runtime_file_names_a_live_server_only(tmp_path):
    write_runtime(tmp_path, "0.0.0.0", 8870, "http://192.168.1.20:8870")
    found = running_server(tmp_path)
    assert (found.host, found.port, found.public_url, found.pid) == ("0.0.0.0", 8870, "http://192.168.1.20:8870",
                                                                    os.getpid())
    gone = subprocess.Popen([sys.executable, "-c", "pass"])
    gone.wait()
    write_runtime(tmp_path, "0.0.0.0", 8870, "http://192.168.1.20:8870", pid=gone.pid)
    assert running_server(tmp_path) is None  # killed without cleaning up: ignored
    remove_runtime(tmp_path)  # not this process's file: left alone
    assert (tmp_path / RUNTIME_NAME).is_file()
    write_runtime(tmp_path, "0.0.0.0", 8870, "http://x:1")
    remove_runtime(tmp_path)
    assert not (tmp_path / RUNTIME_NAME).exists()
    (tmp_path / RUNTIME_NAME).write_text("{kapot", encoding="utf-8")
    assert running_server(tmp_path) is None


def test_workshop_open_prints_every_step_on_the_running_servers_address(school_dir, capsys):
    write_runtime(school_dir.parent, "0.0.0.0", 8871, "http://192.168.1.20:8871")
    try:
        assert main(["workshop", "open", str(school_dir)]) == 0
    finally:
        remove_runtime(school_dir.parent)
    out = capsys.readouterr().out
    code = re.search(r"Deelnamecode: (\w+)", out).group(1)
    assert f"Kort adres: http://192.168.1.20:8871/m/{code}" in out
    urls = re.findall(r"http://\S+/(?:voila/render|mee)/\S+", out)
    assert all(u.startswith(("http://192.168.1.20:8871/voila/render/", "http://192.168.1.20:8871/mee/")) for u in urls)
    with_key = [u for u in urls if "key=" in u]
    with_code = [u for u in urls if "code=" in u]
    assert [urlsplit(u).path.rsplit("/", 1)[1] for u in with_key] == [
        f"{n}.ipynb" for n in ("00_start", "01_visie", "02_signaleren", "03_enquete", "04_actieplan", "05_beleidsplan")]
    assert sorted(urlsplit(u).path.rsplit("/", 1)[1] for u in with_code) == [
        "05_beleidsplan.ipynb", "actieplan", "signaleren", "visie"]  # the light pages, and the public plan
    assert not any("key=" in u for u in with_code) and len(with_key) + len(with_code) == len(urls)
    assert "draait nog niet" not in out

    assert main(["workshop", "key", str(school_dir), "--host", "10.1.2.3", "--port", "9000"]) == 0
    out = capsys.readouterr().out
    assert f"Kort adres: http://10.1.2.3:9000/m/{code}" in out and "http://10.1.2.3:9000/voila/render/00_start" in out
    assert main(["workshop", "key", str(school_dir)]) == 0  # no server, no options: the default, and says so
    out = capsys.readouterr().out
    assert "kit serve draait nog niet" in out and "http://127.0.0.1:8866/voila/render/05_beleidsplan.ipynb" in out


def test_a_real_participant_joins_the_reopened_example_workshop(tmp_path, capsys):
    """The demo's example names are taken in its own workshop (and the CLI says so); any other name joins,
    and a new workshop (--nieuw) is empty, so the example names are free there too."""
    from kit.demo import DEMO_ID, load_demo_workshop
    from kit.paths import EXAMPLES_DIR

    folder = tmp_path / DEMO_ID
    folder.mkdir()
    (folder / "school.yaml").write_text("naam: Voorbeeldschool\n", encoding="utf-8")
    example = load_demo_workshop(folder, EXAMPLES_DIR / DEMO_ID / "workshop.yaml")
    assert main(["workshop", "open", str(folder)]) == 0
    out = capsys.readouterr().out
    assert "verzonnen" in out and "Anouk" in out and f"kit workshop open {folder} --nieuw" in out
    assert f"kit workshop close {folder}" in out
    with workshop.Store(folder) as store:
        workshop.join(store, example["join_code"], "Lotte")  # a real participant, beside the examples
        with pytest.raises(workshop.WorkshopError, match="al gekozen"):
            workshop.join(store, example["join_code"], "anouk")
    assert main(["workshop", "close", str(folder)]) == 0
    assert main(["workshop", "open", str(folder), "--nieuw"]) == 0
    code = re.search(r"Deelnamecode: (\w+)", capsys.readouterr().out).group(1)
    with workshop.Store(folder) as store:
        assert workshop.join(store, code, "Anouk").pseudonym == "Anouk"


# --------------------------------------------------------------------------- the short join route


def test_the_short_route_finds_the_workshop_and_the_step_of_its_meeting(tmp_path):
    from kit.draaiboek import load_draaiboek
    from kit.short_join import DEFAULT_STEP, find_workshop, live_step, step_of
    from kit.workshop.meetings import set_meeting

    draaiboek = load_draaiboek()
    assert step_of(None) == DEFAULT_STEP == "01_visie"
    assert [live_step(n) for n in ("1", "2", "3", "4", "5", None)] == [
        "01_visie", "02_signaleren", None, "04_actieplan", None, None]  # /m/CODE/4: the action plan's page
    assert step_of(draaiboek.meetings[1].id) == draaiboek.meetings[1].join_apps[0] == "02_signaleren"
    for school_id in ("school-a", "school-b"):
        (tmp_path / school_id).mkdir()
        (tmp_path / school_id / "school.yaml").write_text("naam: X\n", encoding="utf-8")
    with workshop.Store(tmp_path / "school-b") as store:
        opened = workshop.open_workshop(store)
        set_meeting(store, opened.workshop.id, draaiboek.meetings[1].id)
    found = find_workshop(tmp_path, opened.workshop.join_code)
    assert (found.school_id, found.code, found.notebook) == ("school-b", opened.workshop.join_code, "02_signaleren")
    assert find_workshop(tmp_path, "ABC234" if opened.workshop.join_code != "ABC234" else "ABC236") is None
    assert not (tmp_path / "school-a" / workshop.DB_NAME).exists()  # looking never creates a store


# --------------------------------------------------------------------------- messages and the console


def test_a_transient_message_goes_by_itself_and_takes_its_undo_with_it():
    from kit.live.ui import Notice

    cleared = []
    notice = Notice(transient=0.15, on_clear=lambda: cleared.append(True))
    notice.ok("Uitspraak verborgen.")
    assert "Uitspraak verborgen." in notice.widget.value
    time.sleep(0.1)
    notice.ok("Thema toegevoegd.")  # a newer message restarts the clock
    time.sleep(0.1)
    assert "Thema toegevoegd." in notice.widget.value and not cleared
    deadline = time.monotonic() + 2
    while notice.widget.value and time.monotonic() < deadline:
        time.sleep(0.02)
    assert notice.widget.value == "" and cleared == [True]
    lasting = Notice()
    lasting.ok("blijft")
    time.sleep(0.05)
    assert "blijft" in lasting.widget.value


def test_the_console_filter_keeps_warnings_and_drops_the_per_kernel_lines(monkeypatch, tmp_path):
    from kit.serve_log import ConsoleFilter, logging_config, quiet_console, start_block

    def record(level: int, msg: str) -> logging.LogRecord:
        return logging.LogRecord("Voila", level, __file__, 1, msg, (), None)

    keep = ConsoleFilter()
    assert not keep.filter(record(logging.INFO, "Kernel started: 1234"))
    assert not keep.filter(record(logging.INFO, "Starting buffering for 1234"))
    assert keep.filter(record(logging.WARNING, "Te veel onjuiste codes"))
    assert keep.filter(record(logging.ERROR, "Uncaught exception"))
    monkeypatch.setenv("KIT_SERVE_LOG", "kort")
    assert quiet_console()
    monkeypatch.setenv("KIT_SERVE_LOG", "volledig")
    assert not quiet_console()
    config = logging_config(tmp_path)
    assert config["handlers"]["kit_file"]["filename"] == str(tmp_path / "kit-serve.log")
    block = start_block("0.0.0.0", 8866, "http://192.168.1.20:8866", tmp_path, ["demo-school"], 20, True)
    assert "Voor de deelnemers:  http://192.168.1.20:8866/m/<deelnamecode>" in block
    assert "Stoppen: Ctrl+C" in block and str(tmp_path / "kit-serve.log") in block
    local = start_block("127.0.0.1", 8866, "http://127.0.0.1:8866", tmp_path, [], 0, False)
    assert "kit serve --host 0.0.0.0" in local and "/m/" not in local


# --------------------------------------------------------------------------- the survey chart cache


def test_a_chart_is_drawn_once_per_data_version(tmp_path):
    from kit.survey.chart_cache import chart_png, data_version

    school = tmp_path / "school"
    (school / "surveys").mkdir(parents=True)
    (school / "school.yaml").write_text("naam: X\n", encoding="utf-8")
    (school / "surveys" / "2025-2026.csv").write_text("a,b\n1,2\n", encoding="utf-8")
    version = data_version(school, 10)
    assert version == data_version(school, 10) and version != data_version(school, 5)

    drawn = []

    def build():
        from matplotlib.figure import Figure

        drawn.append(True)
        fig = Figure(figsize=(1, 1))
        fig.add_subplot().plot([0, 1], [0, 1])
        return fig

    first = chart_png(school / "output", version, "indicatoren", build)
    again = chart_png(school / "output", version, "indicatoren", build)
    assert first == again and first.startswith(b"\x89PNG") and drawn == [True]
    (school / "surveys" / "2025-2026.csv").write_text("a,b\n1,3\n", encoding="utf-8")  # a new export
    newer = data_version(school, 10)
    assert newer != version
    chart_png(school / "output", newer, "indicatoren", build)
    assert drawn == [True, True]
    assert chart_png(school / "output", newer, "leeg", lambda: None) is None
