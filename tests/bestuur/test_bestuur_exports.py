"""``kit bestuur`` and the board notebook: the files read back (openpyxl, pypdf), no names, and axe in Chromium."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from board_fixtures import NAMES, TINY_NAME

from kit.cli import main

SHEETS = ["Toelichting", "Eerst aandacht", "Scholen", "Indicatoren", "Verandering", "Monitor", "Checklist",
          "Actieplan"]
HEADINGS = ["Eerst aandacht", "Scholen en verwerking", "Indicatoren", "Verandering sinds vorig schooljaar",
            "Uitkomsten van de monitor", "Wettelijke checklist", "Voortgang van het actieplan",
            "Zo is dit overzicht gemaakt"]
GROUPS = ("Groep 5", "groep 5", "Groep 8")  # groups of the demo school: never at board level


@pytest.fixture(scope="module")
def printed(board_ws):
    """What ``kit bestuur WORKSPACE`` prints (run once for the module)."""
    import contextlib
    import io

    buffer = io.StringIO()
    with contextlib.redirect_stdout(buffer):
        assert main(["bestuur", str(board_ws)]) == 0
    return buffer.getvalue()


@pytest.fixture(scope="module")
def made(board_ws, printed):
    return board_ws / "_bestuur"


@pytest.fixture(scope="module")
def pdf_pages(made):
    from pypdf import PdfReader

    return [page.extract_text() for page in PdfReader(made / "bestuur.pdf").pages]


@pytest.fixture(scope="module")
def workbook(made):
    from openpyxl import load_workbook

    return load_workbook(made / "bestuur.xlsx")


@pytest.fixture(scope="module")
def report(board_ws, tmp_path_factory):
    """notebooks/bestuur.ipynb run by papermill on the board workspace, as the kit's HTML report."""
    import papermill

    from kit.paths import NOTEBOOKS_DIR
    from kit.runner import write_report

    folder = tmp_path_factory.mktemp("notebook")
    executed = folder / "bestuur.ipynb"
    papermill.execute_notebook(str(NOTEBOOKS_DIR / "bestuur.ipynb"), str(executed),
                               parameters={"workspace": str(board_ws)}, kernel_name="python3", progress_bar=False)
    return write_report(executed, folder / "bestuur.html")


def test_kit_bestuur_prints_the_paths_of_the_three_files(made, printed):
    for name in ("bestuur.html", "bestuur.pdf", "bestuur.xlsx"):
        assert str(made / name) in printed and (made / name).stat().st_size > 0
    assert "het schoolprofiel van kapot-profiel is ongeldig" in printed


def test_the_workbook_has_a_sheet_per_table_with_values_never_formulas(workbook, board_ws):
    from kit.bestuur.overview import board_overview

    assert workbook.sheetnames == SHEETS
    cells = [cell for sheet in workbook for row in sheet.iter_rows() for cell in row if cell.value is not None]
    assert cells and not [cell.coordinate for cell in cells if cell.data_type == "f"]
    names = workbook["Indicatoren"]
    tiny = next(row for row in names.iter_rows(min_row=2) if row[0].value == TINY_NAME)
    assert tiny[0].data_type == "s" and tiny[0].quotePrefix  # stored as text, shown as typed
    assert [c.value for c in tiny[1:]] == ["geen cijfers: minder dan 10 reacties"] + [None] * (len(tiny) - 2)
    headings = [c.value for c in names[1]]
    assert headings[:5] == ["School", "Schooljaar", "Voelt zich veilig op school (%)",
                            "Voelt zich veilig op school: ondergrens 95%", "Voelt zich veilig op school: bovengrens 95%"]
    vo = next(row for row in names.iter_rows(min_row=2, values_only=True) if row[0].startswith("Het Baken"))
    figure = next(s for s in board_overview(board_ws).schools if s.school_id == "demo-vo").indicators["veilig"]
    assert vo[2:5] == (round(figure.pct, 1), round(figure.ci_low, 1), round(figure.ci_high, 1))
    assert vo[2] == round(100 * 167 / 211, 1)  # 167 of 211 pupils, counted in test_bestuur_data
    checklist = workbook["Checklist"]
    assert checklist["B1"].value.startswith("1. ")
    assert {c.value for row in checklist.iter_rows(min_row=2, min_col=2) for c in row} >= {"voldaan", "ontbreekt"}


def test_the_pdf_holds_every_table_and_strands_no_heading(pdf_pages):
    text = "\n".join(pdf_pages)
    for heading in HEADINGS:
        assert heading in text
    assert "'universiteit' klopt niet" in text and "HYPERLINK" in text
    assert "geen cijfers: minder dan 10" in text.replace("\n", " ")
    for number, page in enumerate(pdf_pages, start=1):
        lines = [line.strip() for line in page.splitlines() if line.strip()
                 and not line.startswith("Overzicht voor het bestuur ·") and not re.match(r"pagina \d+ van \d+", line)]
        assert lines[-1] not in HEADINGS, f"kop '{lines[-1]}' alleen onderaan pagina {number}"
    table_pages = [page for page in pdf_pages if "School" in page]
    assert all(re.search(r"^School", page, re.M) for page in table_pages)  # header rows repeated after a break


def test_no_name_and_no_group_figure_leaves_a_school(made, workbook, pdf_pages, board_ws):
    html = (made / "bestuur.html").read_text(encoding="utf-8")
    texts = [html, "\n".join(pdf_pages)] + [str(c.value) for sheet in workbook for row in sheet.iter_rows()
                                              for c in row if c.value is not None]
    everything = "\n".join(texts)
    for name in NAMES + GROUPS:
        assert name not in everything, name
    assert "Gesprek met" not in everything  # the plan's text stays in the school's own plan


def test_the_notebook_runs_with_papermill_into_the_report_look(report):
    html = report.read_text(encoding="utf-8")
    assert "Sociale veiligheid op de scholen" in html and "kapot-profiel" in html
    assert "kit-bestuur" in html and 'lang="nl"' in html
    for name in NAMES:
        assert name not in html


def test_the_board_notebook_is_no_course_step_and_opens_only_with_the_board_key(board_ws, printed, tmp_path):
    from urllib.parse import parse_qs, urlsplit

    from kit.bestuur.key import KEY_FILE, board_key
    from kit.join_gate import decide, gated
    from kit.paths import NOTEBOOKS_DIR
    from kit.runner import course_notebooks

    assert (NOTEBOOKS_DIR / "bestuur.ipynb").is_file()
    assert "bestuur.ipynb" not in [p.name for p in course_notebooks()]
    assert gated("bestuur.ipynb") == "bestuur.ipynb"
    link = re.search(r"http://\S+/voila/render/bestuur\.ipynb\?\S+", printed).group(0)
    key = parse_qs(urlsplit(link).query)["key"][0]
    assert (board_ws / KEY_FILE).stat().st_mode & 0o077 == 0  # the owner's only
    assert board_key(board_ws) == (key, False)  # kept between runs
    board = "bestuur.ipynb"
    assert decide(board_ws, "1.2.3.4", "", "", key, notebook=board).status is None
    assert decide(board_ws, "1.2.3.4", "", "", "", notebook=board).status == 200  # the key form, no kernel
    assert decide(board_ws, "1.2.3.4", "", "", key[:-1] + "x", notebook=board).status == 403
    assert decide(tmp_path, "1.2.3.4", "", "", key, notebook=board).status == 403  # another workspace's key
    school_key = "A" * 43  # a school's key is no board key
    assert decide(board_ws, "1.2.3.4", "demo-school", "", school_key, notebook=board).status == 403


def test_a_new_board_key_replaces_the_old_one(tmp_path, capsys):
    from kit.bestuur.cli import print_app_link
    from kit.bestuur.key import board_key, board_key_works

    old, made = board_key(tmp_path)
    assert made and board_key_works(tmp_path, old)
    print_app_link(tmp_path, new=True)
    out = capsys.readouterr().out
    assert "Nieuwe bestuurssleutel" in out
    assert not board_key_works(tmp_path, old)
    assert board_key_works(tmp_path, board_key(tmp_path)[0]) and board_key(tmp_path)[0] in out


@pytest.mark.browser
def test_the_pages_have_no_serious_accessibility_violations(browser, made, report, kit_server, served_workspace):
    from live_pages import axe_violations, close, new_page, wait_rendered

    page = new_page(browser, {"width": 1280, "height": 900})
    for path in (made / "bestuur.html", report):
        page.goto(Path(path).as_uri())
        assert axe_violations(page) == [], path.name
        assert page.evaluate("document.documentElement.scrollWidth") <= 1280
    from kit.bestuur.key import board_key

    page.goto(f"{kit_server}/voila/render/bestuur.ipynb?scholen=demo-school")  # no key: the key form
    assert page.locator("label[for=kit-gate-key]").inner_text() == "Bestuurssleutel"
    assert axe_violations(page) == []
    key = board_key(served_workspace)[0]
    page.goto(f"{kit_server}/voila/render/bestuur.ipynb?scholen=demo-school&key={key}")
    wait_rendered(page)
    assert page.locator(".kit-bestuur h1").inner_text() == "Sociale veiligheid op de scholen"
    assert page.locator("#kb-checklist").is_visible()
    assert axe_violations(page) == []
    close(page)

