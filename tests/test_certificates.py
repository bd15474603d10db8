"""Certificates: who gets one, what is on it, the number that verifies, and the facilitator's own list."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from openpyxl import Workbook
from pypdf import PdfReader

from kit import workshop
from kit.certificates.number import ALPHABET, new_number, parse_number
from kit.certificates.render import make_certificates
from kit.cli import main
from kit.errors import KitError
from kit.workshop.meetings import person_key, set_meeting

GOAL_1 = "Samen met het team een gedeelde visie op sociale veiligheid formuleren"
GOAL_2 = "Signalen van pesten, online pesten en uitsluiting herkennen"
GOAL_4 = "Van bevindingen en wettelijke eisen komen tot concrete acties"


@pytest.fixture
def school(tmp_path: Path) -> Path:
    folder = tmp_path / "ws" / "obs-de-linde"
    folder.mkdir(parents=True)
    (folder / "school.yaml").write_text("naam: OBS De Linde\nschooljaar: 2026-2027\n", encoding="utf-8")
    return folder


def _meeting(store, meeting_id: str, opened_at: str, people: list[tuple[str, str | None]]) -> str:
    """A closed workshop for ``meeting_id`` opened at ``opened_at`` (UTC) with these participants."""
    opened = workshop.open_workshop(store, new=True)
    set_meeting(store, opened.workshop.id, meeting_id)
    for pseudonym, full in people:
        workshop.join(store, opened.workshop.join_code, pseudonym, full)
    store.write(lambda c: c.execute("UPDATE workshops SET opened_at = ? WHERE id = ?", (opened_at, opened.workshop.id)))
    workshop.close_workshop(store)
    return opened.workshop.join_code


@pytest.fixture
def course(school: Path) -> Path:
    with workshop.Store(school) as store:
        _meeting(store, "aftrap-en-visie", "2027-01-12T15:00:00+00:00",
                 [("Anna", "Anna de Vries"), ("Bram", None), ("Daan", "  ")])
        # 23:30 UTC on 8 February is 00:30 on 9 February in Amsterdam: the certificate says 9 februari.
        _meeting(store, "signaleren-en-handelen", "2027-02-08T23:30:00+00:00",
                 [("Anna", "anna  de vries"), ("Chris", "Chris Özdemir"), ("Bram", "")])
        _meeting(store, "actieplan", "2027-04-13T14:00:00+00:00", [("A", "Anna de Vries")])
    return school


def _text(path_or_bytes) -> tuple[str, int]:
    import io

    source = io.BytesIO(path_or_bytes) if isinstance(path_or_bytes, bytes) else str(path_or_bytes)
    reader = PdfReader(source)
    return "\n".join(p.extract_text() for p in reader.pages), len(reader.pages)


def _flat(text: str) -> str:
    return re.sub(r"\s+", " ", text)


def test_only_participants_with_a_full_name_get_one_with_the_right_meetings_and_hours(course, capsys):
    assert main(["certificaat", "obs-de-linde", "--workspace", str(course.parent), "--begeleider", "Mieke Bakker"]) == 0
    out = capsys.readouterr().out
    folder = course / "output" / "certificaten"
    files = sorted(p.name for p in folder.glob("*.pdf"))
    assert files == ["certificaat-anna-de-vries.pdf", "certificaat-chris-ozdemir.pdf"]
    assert "2 certificaten voor obs-de-linde (uit de workshops)" in out
    assert str(folder / "certificaat-anna-de-vries.pdf") in out
    assert "3 deelname(s) zonder volledige naam kregen geen certificaat" in out  # Bram twice, Daan

    anna, pages = _text(folder / "certificaat-anna-de-vries.pdf")
    assert pages == 1
    flat = _flat(anna)
    assert "Anna de Vries" in flat and "OBS De Linde" in flat and "Professionalisering Sociale Veiligheid" in flat
    # Meetings 1, 2 and 4: 120 + 120 + 120 minutes = 6 uur.
    assert "1 Aftrap en visie 12 januari 2027 120 min." in flat
    assert "2 Signaleren en handelen 9 februari 2027 120 min." in flat
    assert "4 Het actieplan 13 april 2027 120 min." in flat
    assert "De uitkomsten van de leerlingenquête" not in flat
    assert "Contacturen 6 uur" in flat and "3 van de 5 bijeenkomsten, samen 6 uur contacttijd" in flat
    assert GOAL_1 in flat and GOAL_2 in flat and GOAL_4 in flat
    assert "het sociaal veiligheidsplan van OBS De Linde voor schooljaar 2026-2027" in flat
    assert "Begeleider: Mieke Bakker · naam en handtekening" in flat
    assert "Het Lerarenregister bestaat sinds 1 augustus 2022 niet meer" in flat and "bekwaamheidsdossier" in flat
    number = re.search(r"PSV-[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}", flat).group(0)
    assert parse_number(number) == number

    chris, _ = _text(folder / "certificaat-chris-ozdemir.pdf")
    flat = _flat(chris)
    assert "Chris Özdemir" in flat and "Contacturen 2 uur" in flat and "1 van de 5 bijeenkomsten" in flat
    assert "Aftrap en visie" not in flat and GOAL_2 in flat and GOAL_1 not in flat


def test_number_verifies_and_a_tampered_one_does_not(course, capsys):
    batch = make_certificates(course)
    anna = next(c for c in batch.certificates if c.name == "Anna de Vries")
    workspace = str(course.parent)
    assert main(["certificaat", "controleer", anna.number, "--workspace", workspace]) == 0
    out = capsys.readouterr().out
    assert f"Certificaat {anna.number} is echt" in out
    assert "aan Anna de Vries, school OBS De Linde (obs-de-linde)" in out
    assert "Bijeenkomsten (3, samen 6 uur)" in out and "2. Signaleren en handelen, 9 februari 2027" in out
    # Typed in lower case with spaces: still the same number.
    assert main(["certificaat", "controleer", anna.number.lower().replace("-", " "), "--workspace", workspace]) == 0
    capsys.readouterr()
    # One character changed: the check character catches it.
    chars = anna.number.replace("PSV-", "").replace("-", "")
    other = next(c for c in ALPHABET if c != chars[5])
    tampered = "PSV-" + chars[:5] + other + chars[6:]
    assert main(["certificaat", "controleer", tampered, "--workspace", workspace]) == 2
    err = capsys.readouterr().err
    assert "klopt niet: het controleteken past niet" in err and "Traceback" not in err
    # A well-formed number that no school issued.
    forged = new_number()
    assert main(["certificaat", "controleer", forged, "--workspace", workspace]) == 1
    assert f"Certificaat {forged} is niet uitgegeven door een school" in capsys.readouterr().err
    assert main(["certificaat", "controleer", "hallo", "--workspace", workspace]) == 2
    assert "'hallo' is geen certificaatnummer" in capsys.readouterr().err


def test_issuing_again_keeps_the_number_until_attendance_changes(course):
    first = {c.name: c.number for c in make_certificates(course).certificates}
    again = {c.name: c.number for c in make_certificates(course).certificates}
    assert first == again
    with workshop.Store(course) as store:
        _meeting(store, "vaststellen-en-vervolg", "2027-06-01T14:00:00+00:00", [("C", "Chris Ozdemir")])
    later = {c.name: c for c in make_certificates(course).certificates}
    assert later["Anna de Vries"].number == first["Anna de Vries"]
    assert later["Chris Ozdemir"].number != first["Chris Özdemir"]  # same person (accents do not count), new number
    assert later["Chris Ozdemir"].minutes == 120 + 90
    with workshop.Store(course) as store:
        issued = store.read(lambda c: c.execute("SELECT count(*) FROM certificates").fetchone()[0])
    assert issued == 3  # the old one stays on record


def test_number_check_catches_every_single_typo():
    number = new_number()
    chars = number.replace("PSV-", "").replace("-", "")
    for position in range(len(chars)):
        for replacement in ALPHABET:
            if replacement == chars[position]:
                continue
            with pytest.raises(KitError):
                parse_number(chars[:position] + replacement + chars[position + 1:])
    assert person_key("  Renée  van der BERG ") == person_key("renee van der berg")


def test_full_name_is_checked_when_joining(school):
    with workshop.Store(school) as store:
        opened = workshop.open_workshop(store)
        with pytest.raises(workshop.InputError) as caught:
            workshop.join(store, opened.workshop.join_code, "Anna", "A" * 81)
        assert "Je volledige naam is 81 tekens lang" in str(caught.value)
        me = workshop.join(store, opened.workshop.join_code, "Anna", "  Anna de Vries ")
        stored = store.read(lambda c: c.execute("SELECT full_name FROM participants WHERE id = ?", (me.id,)).fetchone()[0])
    assert stored == "Anna de Vries"


# ----------------------------------------------------------------------------- the facilitator's list

def test_list_with_a_column_per_meeting_overrides_the_workshops(course, tmp_path, capsys):
    lijst = tmp_path / "deelnemers.csv"
    lijst.write_text("naam;bijeenkomst 1;2;Het actieplan;vaststellen-en-vervolg\n"
                     "Eva Smit;x;;05-03-2027;\n"
                     "Anna de Vries;;ja;;\n", encoding="utf-8")
    assert main(["certificaat", str(course), "--deelnemers", str(lijst)]) == 0
    out = capsys.readouterr().out
    assert "2 certificaten voor obs-de-linde (uit de eigen lijst)" in out
    folder = course / "output" / "certificaten"
    assert sorted(p.name for p in folder.glob("*.pdf")) == ["certificaat-anna-de-vries.pdf",
                                                          "certificaat-eva-smit.pdf"]
    eva = _flat(_text(folder / "certificaat-eva-smit.pdf")[0])
    assert "1 Aftrap en visie 12 januari 2027 120 min." in eva  # x: the date of the meeting's workshop
    assert "4 Het actieplan 5 maart 2027 120 min." in eva  # the date from the list
    assert "Contacturen 4 uur" in eva
    anna = _flat(_text(folder / "certificaat-anna-de-vries.pdf")[0])
    assert "Contacturen 2 uur" in anna and "Aftrap en visie" not in anna  # the list, not the workshops


def test_list_with_a_meetings_column_in_excel(course, tmp_path, capsys):
    import datetime as dt

    book = Workbook()
    sheet = book.active
    sheet.append(["Naam", "Bijeenkomsten"])
    sheet.append(["Femke Jansen", "1, 2"])
    sheet.append(["Gijs Bos", 4])
    path = tmp_path / "deelnemers.xlsx"
    book.save(path)
    assert main(["certificaat", str(course), "--deelnemers", str(path)]) == 0
    folder = course / "output" / "certificaten"
    femke = _flat(_text(folder / "certificaat-femke-jansen.pdf")[0])
    assert "Contacturen 4 uur" in femke and "9 februari 2027" in femke
    gijs = _flat(_text(folder / "certificaat-gijs-bos.pdf")[0])
    assert "4 Het actieplan 13 april 2027" in gijs
    # A date cell in Excel is read as a date.
    book = Workbook()
    book.active.append(["naam", "bijeenkomst 5"])
    book.active.append(["Hans Kok", dt.datetime(2027, 6, 15)])
    book.save(path)
    assert main(["certificaat", str(course), "--deelnemers", str(path)]) == 0
    assert "5 Vaststellen en vervolg 15 juni 2027 90 min." in _flat(_text(folder / "certificaat-hans-kok.pdf")[0])


@pytest.mark.parametrize("content, expected", [
    ("naam;bijeenkomst 1;opmerking\nEva;x;goed\n",
     "rij 1, kolom C ('opmerking'): onbekende kolom"),
    ("voornaam;bijeenkomst 1\nEva;x\n", "rij 1: de kolom 'naam' ontbreekt"),
    ("naam;bijeenkomst 1;bijeenkomst 2\nEva;x;\nPim;31-02-2027;x\n",
     "rij 3, kolom B ('bijeenkomst 1'): '31-02-2027' is geen datum en geen kruisje"),
    ("naam;bijeenkomst 1\nEva;x\n;x\n", "rij 3, kolom A ('naam'): de naam is leeg"),
    ("naam;bijeenkomst 1\nEva Smit;x\neva  smit;x\n", "rij 3, kolom A ('naam'): 'eva  smit' staat ook op rij 2"),
    ("naam;bijeenkomst 3\nEva;x\n",
     "rij 2, kolom B ('bijeenkomst 3'): voor bijeenkomst 3 (De uitkomsten van de leerlingenquête) staat geen workshop"),
    ("naam,bijeenkomsten\nEva,\"1, 7\"\n", "rij 2, kolom B ('bijeenkomsten'): '7' is geen bijeenkomst"),
])
def test_bad_lists_give_a_dutch_error_naming_row_and_column(course, tmp_path, capsys, content, expected):
    path = tmp_path / "lijst.csv"
    path.write_text(content, encoding="utf-8")
    assert main(["certificaat", str(course), "--deelnemers", str(path)]) == 2
    err = capsys.readouterr().err
    assert err.startswith("Fout: lijst.csv:") and expected in err and "Traceback" not in err
    assert "er is niets gemaakt" in err
    assert not list((course / "output").glob("certificaten/*.pdf"))


def test_no_workshop_and_no_list(school, capsys):
    assert main(["certificaat", str(school)]) == 2
    assert "er is nog geen workshop gehouden" in capsys.readouterr().err


# ----------------------------------------------------------------------------- in the browser

@pytest.mark.browser
def test_join_with_full_name_then_certificates_and_draaiboek_on_the_start_page(browser, kit_server, served_workspace,
                                                                               tmp_path):
    import io
    import zipfile

    from playwright.sync_api import expect

    from kit.workspace import create_school

    folder = served_workspace / "certificaat-school"
    if not folder.exists():
        create_school(served_workspace, "certificaat-school", "Basisschool De Wilg")
    with workshop.Store(folder) as store:
        opened = workshop.open_workshop(store)
        set_meeting(store, opened.workshop.id, "aftrap-en-visie")
    code, key = opened.workshop.join_code, opened.facilitator_key
    timeout = 60_000

    def rendered(page):
        page.locator("#loading").wait_for(state="detached", timeout=90_000)
        page.locator("#rendered_cells").wait_for(state="visible", timeout=90_000)

    participant = browser.new_page()
    participant.goto(f"{kit_server}/mee/visie?school=certificaat-school&code={code}")  # the light page
    participant.get_by_label("Je naam in de workshop").fill("Iris")
    full = participant.get_by_label("Volledige naam voor je certificaat (mag leeg)")
    full.fill("Iris van Dam")
    participant.locator(".kit-join").screenshot(path=str(tmp_path / "join-form.png"))
    participant.get_by_role("button", name="Meedoen").click()
    expect(participant.locator(".kit-join")).to_have_count(0, timeout=timeout)
    participant.close()

    page = browser.new_page(accept_downloads=True)
    page.goto(f"{kit_server}/voila/render/00_start.ipynb?school=certificaat-school&key={key}")
    rendered(page)
    expect(page.locator("#draaiboek")).to_have_text("Draaiboek", timeout=timeout)
    page.locator(".kit-draaiboek-details summary").click()
    section = page.locator(".kit-draaiboek")
    expect(section).to_contain_text(f"Deelnamecode: {code}")
    expect(section.locator(f"a[href='../../mee/visie?school=certificaat-school&code={code}']")).to_have_count(1)
    expect(section.locator(f"a[href='01_visie.ipynb?school=certificaat-school&key={key}']")).to_have_count(1)
    section.locator(".db-meeting").first.screenshot(path=str(tmp_path / "start-draaiboek.png"))

    page.locator(".kit-certificates-make").click()
    link = page.locator(".kit-certificates-zip")
    expect(link).to_have_count(1, timeout=timeout)
    expect(page.locator(".kit-certificates-result")).to_contain_text("Iris van Dam")
    page.locator(".kit-certificates").screenshot(path=str(tmp_path / "certificates-panel.png"))
    with page.expect_download() as download:
        link.click()
    archive = zipfile.ZipFile(io.BytesIO(Path(download.value.path()).read_bytes()))
    assert archive.namelist() == ["certificaat-iris-van-dam.pdf"]
    text = _flat(_text(archive.read("certificaat-iris-van-dam.pdf"))[0])
    assert "Iris van Dam" in text and "Basisschool De Wilg" in text and "1 Aftrap en visie" in text

    page.locator(".kit-draaiboek-pdf").click()
    expect(page.locator(".kit-draaiboek-pdf-result a")).to_have_count(1, timeout=timeout)
    with page.expect_download() as download:
        page.locator(".kit-draaiboek-pdf-result a").click()
    pdf_text = _flat(_text(Path(download.value.path()).read_bytes())[0])
    assert code in pdf_text and key not in pdf_text.replace(" ", "")

    # Without the key: kit serve asks for it; no start page, no draaiboek, no certificates.
    page.goto(f"{kit_server}/voila/render/00_start.ipynb?school=certificaat-school")
    expect(page.get_by_label("Begeleiderssleutel")).to_be_visible()
    assert page.locator("#draaiboek, .kit-certificates").count() == 0
    assert key not in page.content()
    page.close()


def test_nobody_with_a_full_name_gets_no_certificate_and_is_told_so(school, capsys):
    with workshop.Store(school) as store:
        _meeting(store, "aftrap-en-visie", "2027-01-12T15:00:00+00:00", [("Anna", None), ("Bram", "")])
    assert main(["certificaat", str(school)]) == 0
    out = capsys.readouterr().out
    assert "Er is geen certificaat gemaakt voor obs-de-linde" in out
    assert "2 deelname(s) zonder volledige naam kregen geen certificaat" in out
    assert not list((school / "output" / "certificaten").glob("*.pdf"))


# -- the facilitator's list: damaged and hostile files get a Dutch error, with bounded memory ----------

def _malformed():
    """tests/survey/malformed.py, the corpus generator shared with the survey reader's tests."""
    import importlib.util

    spec = importlib.util.spec_from_file_location("malformed_files", Path(__file__).parent / "survey" / "malformed.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_damaged_lists_are_read_or_refused_naming_the_file(tmp_path):
    from kit.certificates.roster import RosterError, read_rows

    book = Workbook()
    for row in (["Naam", "Bijeenkomsten", "bijeenkomst 5"], ["Femke Jansen", "1, 2", None], ["Gijs Bos", 4, "x"]):
        book.active.append(row)
    book.save(tmp_path / "lijst.xlsx")
    good = {"lijst.xlsx": (tmp_path / "lijst.xlsx").read_bytes(),
            "lijst.csv": "naam;bijeenkomst 1;bijeenkomst 2\nFemke Jansen;x;\nGijs Bos;x;12-03-2027\n".encode()}
    folder = tmp_path / "corpus"
    folder.mkdir()
    failed = {}
    files = _malformed().corpus(good)
    for name, content in files.items():
        path = folder / name
        path.write_bytes(content)
        try:
            read_rows(path)
        except RosterError as exc:
            if name not in str(exc):
                failed[name] = str(exc)
        except Exception as exc:  # noqa: BLE001 -- exactly what this test looks for
            failed[name] = f"{type(exc).__name__}: {exc}"
    assert len(files) > 100 and failed == {}


def test_list_bombs_are_refused_with_bounded_memory(tmp_path):
    import json
    import os
    import subprocess
    import sys

    malformed = _malformed()
    (tmp_path / "ver.xlsx").write_bytes(malformed.far_cell_xlsx())
    malformed.huge_strings_xlsx(tmp_path / "teksten.xlsx", unpacked_mb=300)
    script = ("import json, resource, sys\n"
              "resource.setrlimit(resource.RLIMIT_AS, (1 << 30, 1 << 30))\n"
              "from pathlib import Path\n"
              "from kit.certificates.roster import RosterError, read_rows\n"
              "try:\n    read_rows(Path(sys.argv[1])); outcome = 'read'\n"
              "except RosterError as exc:\n    outcome = str(exc)\n"
              "peak = next(int(line.split()[1]) for line in open('/proc/self/status') if line.startswith('VmHWM:'))\n"
              "print(json.dumps([outcome, peak / 1024]))\n")
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[1]), "OPENBLAS_NUM_THREADS": "1"}
    expected = {"ver.xlsx": "ver.xlsx is te groot: er staan gegevens in rij 1.048.576 (cel XFD1048576)",
                "teksten.xlsx": "teksten.xlsx is te groot om te lezen: uitgepakt is het 300,0 MB (de grens is 32,0 MB)"}
    for name, message in expected.items():
        done = subprocess.run([sys.executable, "-c", script, str(tmp_path / name)], capture_output=True, text=True,
                              env=env, timeout=120)
        assert done.returncode == 0, done.stderr[-2000:]
        outcome, peak_mb = json.loads(done.stdout)
        assert outcome.startswith(message) and peak_mb < 300
