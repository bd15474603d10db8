"""The survey app in Voila: only with the facilitator key (report and checked upload); a code is refused."""

from __future__ import annotations

import shutil

import pytest

from kit.paths import EXAMPLES_DIR
from kit.workspace import create_school

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def upload_school(served_workspace):
    """A school of its own in the served workspace (so uploads do not change the demo), with a workshop key."""
    from kit.workshop import Store, open_workshop

    folder = create_school(served_workspace, "upload-test", "Uploadschool")
    shutil.copy(EXAMPLES_DIR / "demo-school" / "surveys" / "2025-2026.csv", folder / "surveys" / "2025-2026.csv")
    with Store(folder) as store:
        key = open_workshop(store).facilitator_key
    return folder, key


def choose(page, path) -> None:
    """Pick a file in the upload widget the way a person does: click, then the file chooser."""
    with page.expect_file_chooser() as chooser:
        page.locator(".kit-upload-file").click()
    chooser.value.set_files(str(path))


def test_without_the_key_the_survey_page_asks_for_it_and_a_code_is_refused(page, kit_server, demo_key,
                                                                           served_workspace):
    from kit import workshop

    with workshop.Store(served_workspace / "demo-school") as store:
        code = workshop.current_workshop(store).join_code  # a right code: still not enough for the survey
    page.goto(f"{kit_server}/voila/render/03_enquete.ipynb?school=demo-school")
    assert page.get_by_role("heading", level=1).inner_text() == "Pagina voor de begeleider"
    assert page.get_by_label("Begeleiderssleutel").is_visible()
    assert "Leerlingenquête 2026-2027" not in page.locator("body").inner_text()
    page.goto(f"{kit_server}/voila/render/03_enquete.ipynb?school=demo-school&code={code}")
    assert "Deze pagina opent alleen met een begeleiderslink die werkt." in page.get_by_role("alert").inner_text()
    assert "kernelId" not in page.content() and page.locator(".kit-figure-indicatoren").count() == 0
    page.get_by_label("Begeleiderssleutel").fill(demo_key)  # the key typed into the form opens the report
    with page.expect_navigation():
        page.keyboard.press("Enter")
    page.locator("#rendered_cells").wait_for(state="visible", timeout=90_000)
    text = page.locator("body").inner_text()
    assert "Leerlingenquête 2026-2027" in text and "De belangrijkste bevindingen" in text
    assert page.locator(".kit-figure-indicatoren img").count() == 1


def test_facilitator_uploads_an_export_that_is_checked_and_never_overwrites(open_app, page, upload_school, tmp_path):
    folder, key = upload_school
    original = (folder / "surveys" / "2025-2026.csv").read_bytes()
    open_app(f"/voila/render/03_enquete.ipynb?school=upload-test&key={key}")
    page.locator(".kit-upload-file").wait_for()

    bad = tmp_path / "kapot.csv"
    bad.write_text("dit,is\ngeen,enquete\n", encoding="utf-8")
    choose(page, bad)
    page.locator(".kit-upload-save").click()
    result = page.locator(".kit-upload-result")
    result.get_by_text("Niet toegevoegd").wait_for(timeout=20_000)
    assert sorted(p.name for p in (folder / "surveys").iterdir()) == ["2025-2026.csv"]

    page.locator(".kit-upload-year select").select_option("2025-2026")
    choose(page, EXAMPLES_DIR / "demo-school" / "surveys" / "2025-2026.csv")
    page.locator(".kit-upload-save").click()
    result.get_by_text("Toegevoegd als surveys/2025-2026-2.csv").wait_for(timeout=20_000)
    assert "103 leerlingen ingelezen" in result.inner_text()
    assert (folder / "surveys" / "2025-2026.csv").read_bytes() == original
    assert (folder / "surveys" / "2025-2026-2.csv").read_bytes() == original


def test_wrong_key_opens_nothing(page, kit_server, upload_school):
    page.goto(f"{kit_server}/voila/render/03_enquete.ipynb?school=upload-test&key=" + "x" * 43)
    assert "Deze begeleiderslink werkt niet" in page.get_by_role("alert").inner_text()
    assert page.locator(".kit-upload-file").count() == 0 and "kernelId" not in page.content()


def _export_of_size(path, size: int) -> None:
    """A readable export of exactly ``size`` bytes: 'groep' and 'vb1' plus a padded column no item uses."""
    header = b"groep,vb1,opmerking\n"
    row = b"groep 7,Klopt wel," + b"a" * 600 + b"\n"
    rows, rest = divmod(size - len(header), len(row))
    path.write_bytes(header + row * (rows - 1) + b"groep 8,Klopt wel," + b"b" * (600 + rest) + b"\n")
    assert path.stat().st_size == size


def test_upload_limit_is_true_just_over_is_refused_in_the_page_just_under_is_added(open_app, page, upload_school,
                                                                                   tmp_path):
    from kit.survey.upload import UPLOAD_LIMIT_BYTES

    folder, key = upload_school
    before = sorted(p.name for p in (folder / "surveys").iterdir())
    open_app(f"/voila/render/03_enquete.ipynb?school=upload-test&key={key}")
    page.locator(".kit-upload-file").wait_for()
    assert "CSV of Excel (hoogstens 8 MB)" in page.locator("body").inner_text()

    over = tmp_path / "te-groot.csv"
    _export_of_size(over, UPLOAD_LIMIT_BYTES + 1)
    choose(page, over)
    notice = page.locator(".kit-upload-limit")
    notice.wait_for(state="visible", timeout=10_000)
    assert notice.get_attribute("role") == "alert"
    assert notice.inner_text().startswith("Niet toegevoegd: 'te-groot.csv' is 8,1 MB en dat is te groot om hier "
                                          "toe te voegen (hoogstens 8 MB).")
    page.locator(".kit-upload-save").click()
    result = page.locator(".kit-upload-result")
    result.get_by_text("Kies eerst een bestand: een CSV- of Excel-bestand van hoogstens 8 MB.").wait_for(timeout=10_000)
    page.screenshot(path=str(tmp_path / "te-groot.png"), full_page=True)

    twelve = tmp_path / "twaalf.xlsx"  # the 12 MB file, which used to end in "Kies eerst een bestand"
    twelve.write_bytes(b"PK\x03\x04" + bytes(12 * 2**20 - 4))
    choose(page, twelve)
    page.get_by_text("Niet toegevoegd: 'twaalf.xlsx' is 12,0 MB").wait_for(timeout=10_000)

    under = tmp_path / "net-onder.csv"
    _export_of_size(under, UPLOAD_LIMIT_BYTES - 1024)
    page.locator(".kit-upload-year select").select_option("2024-2025")
    choose(page, under)
    notice.wait_for(state="hidden", timeout=10_000)
    page.locator(".kit-upload-save").click()
    result.get_by_text("Toegevoegd als surveys/2024-2025.csv").wait_for(timeout=60_000)
    pupils = (UPLOAD_LIMIT_BYTES - 1024 - len("groep,vb1,opmerking\n")) // len("groep 7,Klopt wel,\n" + "a" * 600)
    assert f"{pupils} leerlingen ingelezen" in result.inner_text()
    assert (folder / "surveys" / "2024-2025.csv").read_bytes() == under.read_bytes()
    assert sorted(p.name for p in (folder / "surveys").iterdir()) == sorted(before + ["2024-2025.csv"])


def test_an_open_survey_page_whose_key_was_revoked_says_so_on_upload(open_app, page, upload_school, tmp_path):
    """The last test of the module: closing the workshop revokes the key the open page holds."""
    from kit import workshop

    folder, key = upload_school
    open_app(f"/voila/render/03_enquete.ipynb?school=upload-test&key={key}")
    page.locator(".kit-upload-file").wait_for()
    with workshop.Store(folder) as store:
        workshop.close_workshop(store)
    before = sorted(p.name for p in (folder / "surveys").iterdir())
    choose(page, EXAMPLES_DIR / "demo-school" / "surveys" / "2025-2026.csv")
    page.locator(".kit-upload-save").click()
    result = page.locator(".kit-upload-result")
    result.get_by_text("Deze begeleiderslink werkt niet meer", exact=True).wait_for(timeout=20_000)
    assert "de workshop is gesloten" in result.inner_text() and "kit workshop key" in result.inner_text()
    assert sorted(p.name for p in (folder / "surveys").iterdir()) == before
