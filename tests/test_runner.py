"""``kit run`` and ``kit demo`` (both demo schools): notebooks executed with papermill, HTML reports written."""

from __future__ import annotations

import json
import re

import nbformat
import pytest
from nbformat.v4 import new_code_cell, new_notebook

from kit.errors import RunError
from kit.paths import NOTEBOOKS_DIR
from kit.runner import course_notebooks, run_school

pytestmark = pytest.mark.notebook


def test_course_notebooks_are_picked_up_by_number(tmp_path):
    for name in ["10_b.ipynb", "00_a.ipynb", "notes.ipynb", "2_x.ipynb", "01_c.ipynb"]:
        (tmp_path / name).write_text("{}")
    assert [p.name for p in course_notebooks(tmp_path)] == ["00_a.ipynb", "01_c.ipynb", "10_b.ipynb"]


def test_every_notebook_has_a_literal_parameters_cell():
    for path in course_notebooks():
        nb = nbformat.read(path, as_version=4)
        tagged = [c for c in nb.cells if "parameters" in c.metadata.get("tags", [])]
        assert len(tagged) == 1, path.name
        namespace: dict = {}
        exec(tagged[0].source, {"__builtins__": {}}, namespace)  # literals only: no names, no calls
        assert {"school_dir", "output_dir"} <= set(namespace), path.name


def test_demo_creates_school_runs_notebooks_and_leaves_other_schools_alone(kit, workspace):
    kit("school", "new", "obs-ander", "--naam", "Andere School")
    other = (workspace / "obs-ander" / "school.yaml").read_bytes()

    status, out, err = kit("demo")
    assert status == 0, err
    for school in ("demo-school", "demo-vo"):  # both demo schools, po and vo, are made and run
        assert f"?school={school}" in out
        for notebook in course_notebooks():
            executed = workspace / school / "output" / notebook.name
            report = executed.with_suffix(".html")
            assert executed.is_file() and report.is_file()
            assert str(report) in out
    assert "demo-school  primair onderwijs" in out and "demo-vo      voortgezet onderwijs" in out
    assert "Het Baken College (voorbeeldschool)" in (workspace / "demo-vo" / "output" / "00_start.html").read_text(
        encoding="utf-8")
    output = workspace / "demo-school" / "output"
    start = (output / "00_start.html").read_text(encoding="utf-8")
    assert "OBS De Regenboog (voorbeeldschool)" in start
    assert "<title>Start · OBS De Regenboog (voorbeeldschool)</title>" in start
    assert "43 van de 49 gegevens zijn ingevuld" in start
    assert "Samir El Amrani" in start and "zelfde persoon als de coördinator" in start
    assert "open_page(" not in start, "code cells must be hidden in the report"
    for notebook in course_notebooks():  # Dutch, and nothing loaded from elsewhere when a report is opened
        report = (output / f"{notebook.stem}.html").read_text(encoding="utf-8")
        assert '<html lang="nl">' in report
        # Nothing loads from elsewhere (a link to a source the reader may follow is fine).
        assert re.findall(r"""src\s*=\s*["']?(?:https?:)?//""", report) == []
        assert re.findall(r"""<link\b[^>]*href\s*=\s*["']?(?:https?:)?//""", report) == []
        assert "cdnjs" not in report and "cdn.jsdelivr" not in report
    executed = json.loads((output / "00_start.ipynb").read_text(encoding="utf-8"))
    injected = [c for c in executed["cells"] if "injected-parameters" in c["metadata"].get("tags", [])]
    assert injected and str(workspace / "demo-school") in "".join(injected[0]["source"])

    # Re-creating the demo is safe and does not touch another school.
    (workspace / "demo-school" / "school.yaml").write_text("naam: kapot gemaakt\nbrin: x\n", encoding="utf-8")
    (workspace / "demo-vo" / "school.yaml").write_text("naam: kapot gemaakt\n", encoding="utf-8")
    status, _, err = kit("demo", "--no-run")
    assert status == 0, err
    assert "OBS De Regenboog" in (workspace / "demo-school" / "school.yaml").read_text(encoding="utf-8")
    assert "Het Baken College" in (workspace / "demo-vo" / "school.yaml").read_text(encoding="utf-8")
    assert (workspace / "obs-ander" / "school.yaml").read_bytes() == other


@pytest.mark.parametrize("taken", ["demo-school", "demo-vo"])
def test_demo_refuses_a_folder_that_is_not_a_school(kit, workspace, taken):
    (workspace / taken).mkdir()
    (workspace / taken / "mijn-bestand.txt").write_text("bewaren")
    status, _, err = kit("demo", "--no-run")
    assert status == 2 and "geen voorbeeldschool" in err and taken in err
    assert (workspace / taken / "mijn-bestand.txt").read_text() == "bewaren"
    assert sorted(p.name for p in workspace.iterdir()) == [taken]  # the other demo school is not made either


def test_failing_cell_stops_run_names_notebook_and_cell_and_keeps_output(copy_demo, tmp_path):
    notebooks = tmp_path / "notebooks"
    notebooks.mkdir()
    good = NOTEBOOKS_DIR / "00_start.ipynb"
    (notebooks / good.name).write_bytes(good.read_bytes())
    params = new_code_cell('school_dir = ""\noutput_dir = ""', metadata={"tags": ["parameters"]})
    bad = new_notebook(cells=[params, new_code_cell("print('voor de fout')"), new_code_cell("1 / 0")])
    nbformat.write(bad, notebooks / "01_kapot.ipynb")
    never = new_notebook(cells=[params, new_code_cell("print('nooit')")])
    nbformat.write(never, notebooks / "02_daarna.ipynb")

    with pytest.raises(RunError) as info:
        run_school(copy_demo, notebooks=course_notebooks(notebooks), progress=lambda _: None)
    message = str(info.value)
    assert info.value.exit_code == 1
    assert "01_kapot.ipynb stopte bij cel 3 (1 / 0)" in message
    assert "ZeroDivisionError" in message
    output = copy_demo / "output"
    partial = nbformat.read(output / "01_kapot.ipynb", as_version=4)
    assert any("voor de fout" in o.get("text", "") for c in partial.cells for o in c.get("outputs", []))
    assert (output / "01_kapot.html").is_file()
    assert (output / "00_start.html").is_file()
    assert not (output / "02_daarna.ipynb").exists()


def test_cli_run_failure_exits_1(kit, copy_demo, monkeypatch, tmp_path):
    notebooks = tmp_path / "nb"
    notebooks.mkdir()
    params = new_code_cell('school_dir = ""\noutput_dir = ""', metadata={"tags": ["parameters"]})
    nbformat.write(new_notebook(cells=[params, new_code_cell("raise ValueError('kapot')")]),
                   notebooks / "00_kapot.ipynb")
    monkeypatch.setattr("kit.runner.NOTEBOOKS_DIR", notebooks)
    monkeypatch.setattr("kit.runner.course_notebooks", lambda folder=notebooks: sorted(notebooks.glob("*.ipynb")))
    status, _, err = kit("run", copy_demo)
    assert status == 1
    assert "00_kapot.ipynb stopte bij cel 2" in err and "ValueError: kapot" in err
