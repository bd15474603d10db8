"""kit batch on this machine: every school, one failing school stopping nothing, the summary, skipping."""

from __future__ import annotations

import json
from datetime import datetime

import pytest
from batch_fixtures import break_profile, break_store, copy_school, read_summary, run_kit, statuses

NOTEBOOK = "00_start"


@pytest.fixture(scope="module")
def first_batch(demo_source, tmp_path_factory):
    """A workspace with two good schools, one with a broken profile and one whose notebook fails; one batch run."""
    workspace = tmp_path_factory.mktemp("batch-local")
    copy_school(demo_source, "demo-school", workspace, "obs-de-linde")
    copy_school(demo_source, "demo-vo", workspace, "het-baken")
    break_profile(copy_school(demo_source, "demo-school", workspace, "obs-kapot"))
    break_store(copy_school(demo_source, "demo-school", workspace, "obs-faalt"))
    result = run_kit("batch", workspace, "--notebooks", NOTEBOOK, "--jobs", "2", "--geen-balk")
    return workspace, result


def test_every_school_is_run_and_failures_are_reported(first_batch):
    workspace, result = first_batch
    assert result.returncode == 1, result.stderr
    assert statuses(workspace) == {"obs-de-linde": "gelukt", "het-baken": "gelukt", "obs-kapot": "profiel ongeldig",
                                   "obs-faalt": "mislukt"}
    summary = read_summary(workspace)
    assert [e["school"] for e in summary["scholen"]] == ["het-baken", "obs-de-linde", "obs-faalt", "obs-kapot"]
    assert datetime.fromisoformat(summary["gestart"]) <= datetime.fromisoformat(summary["klaar"])
    entries = {e["school"]: e for e in summary["scholen"]}
    assert entries["obs-de-linde"]["fout"] is None and entries["obs-de-linde"]["seconden"] > 0
    # the broken profile with the profile's own Dutch error: the file, the line and what is wrong
    assert entries["obs-kapot"]["fout"].startswith("school.yaml: regel ")
    assert "geen geldige YAML" in entries["obs-kapot"]["fout"]
    kapot_log = open(entries["obs-kapot"]["log"], encoding="utf-8").read()
    assert "fout(en) in het schoolprofiel" in kapot_log and "Verbeter het bestand" in kapot_log
    # the failing notebook: where it stopped and why, in one line; the whole story in the log
    faalt = entries["obs-faalt"]["fout"]
    assert faalt.startswith("00_start.ipynb stopte bij cel ") and "StoreError" in faalt, faalt
    assert entries["obs-faalt"]["log"] == str(workspace / "_batch" / "logs" / "obs-faalt.log")
    assert "geen bruikbare workshopdatabase" in open(entries["obs-faalt"]["log"], encoding="utf-8").read()
    # printed: a Dutch line per school and the table
    assert "obs-de-linde: gelukt in " in result.stdout
    assert "obs-kapot: profiel ongeldig: school.yaml: regel " in result.stdout
    assert "obs-faalt: mislukt na " in result.stdout
    assert "School" in result.stdout and "Status" in result.stdout and "Logboek" in result.stdout
    assert "Traceback" not in result.stdout + result.stderr


def test_outputs_are_in_place_and_name_the_school_folders(first_batch):
    workspace, _ = first_batch
    output = workspace / "obs-de-linde" / "output"
    report = (output / f"{NOTEBOOK}.html").read_text(encoding="utf-8")
    assert "OBS De Regenboog" in report  # the demo profile's name, in the report
    executed = json.loads((output / f"{NOTEBOOK}.ipynb").read_text(encoding="utf-8"))
    parameters = executed["metadata"]["papermill"]["parameters"]
    assert parameters == {"school_dir": str(workspace / "obs-de-linde"), "output_dir": str(output)}
    assert "_batch" not in (output / f"{NOTEBOOK}.ipynb").read_text(encoding="utf-8")
    assert not any(p.name.endswith(".tmp") for p in output.rglob("*"))
    assert not (workspace / "_batch" / "werk" / "obs-de-linde").exists()
    # a failed school's outputs are not put in place; its partial output is kept for inspection
    assert not (workspace / "obs-faalt" / "output" / f"{NOTEBOOK}.html").exists()
    assert (workspace / "_batch" / "werk" / "obs-faalt" / f"{NOTEBOOK}.ipynb").is_file()
    state = json.loads((workspace / "_batch" / "state" / "obs-de-linde.json").read_text(encoding="utf-8"))
    assert {f"{NOTEBOOK}.ipynb", f"{NOTEBOOK}.html"} <= set(state["bestanden"])
    assert not (workspace / "_batch" / "state" / "obs-faalt.json").exists()


def test_unchanged_schools_are_skipped_and_a_changed_survey_runs_again(first_batch):
    workspace, _ = first_batch
    good = "obs-de-linde,het-baken"
    report = workspace / "obs-de-linde" / "output" / f"{NOTEBOOK}.html"
    written = report.stat().st_mtime_ns

    again = run_kit("batch", workspace, "--notebooks", NOTEBOOK, "--schools", good, "--geen-balk")
    assert again.returncode == 0, again.stdout + again.stderr
    assert statuses(workspace) == {"obs-de-linde": "overgeslagen", "het-baken": "overgeslagen"}
    assert "obs-de-linde: overgeslagen, er is niets veranderd" in again.stdout
    assert report.stat().st_mtime_ns == written
    entry = read_summary(workspace)["scholen"][0]  # in the order of --schools
    assert entry["log"] == str(workspace / "_batch" / "logs" / "obs-de-linde.log")  # the last run's log

    survey = workspace / "obs-de-linde" / "surveys" / "2025-2026.csv"
    lines = survey.read_text(encoding="utf-8").splitlines(keepends=True)
    survey.write_text("".join(lines[:-1]), encoding="utf-8")
    changed = run_kit("batch", workspace, "--notebooks", NOTEBOOK, "--schools", good, "--geen-balk")
    assert changed.returncode == 0, changed.stdout + changed.stderr
    assert statuses(workspace) == {"obs-de-linde": "gelukt", "het-baken": "overgeslagen"}
    assert report.stat().st_mtime_ns > written



def test_unknown_school_and_notebook_are_dutch_errors(first_batch):
    workspace, _ = first_batch
    unknown = run_kit("batch", workspace, "--schools", "obs-onbekend")
    assert unknown.returncode == 2
    assert "School 'obs-onbekend' bestaat niet" in unknown.stderr and "Bekende scholen: het-baken" in unknown.stderr
    notebook = run_kit("batch", workspace, "--notebooks", "07_toets")
    assert notebook.returncode == 2 and "'07_toets' is geen notebook van de cursus" in notebook.stderr


def test_force_runs_unchanged_schools(first_batch, monkeypatch, capsys):
    """--force sends even an unchanged school to the runner (the runner itself is not started here)."""
    from kit.batch import run as batch_run
    from kit.batch.selection import select_notebooks

    workspace, _ = first_batch
    sent = []

    def fake_run(layout, schools, *args):
        sent.append(list(schools))
        return list(schools)  # as if interrupted before any school finished

    monkeypatch.setattr(batch_run, "_run", fake_run)
    notebooks = select_notebooks(NOTEBOOK)
    result = batch_run.run_batch(workspace, ["het-baken"], notebooks, progress=False)
    assert sent == [] and result.outcomes[0].status == "overgeslagen" and result.exit_code == 0
    result = batch_run.run_batch(workspace, ["het-baken"], notebooks, force=True, progress=False)
    assert sent == [["het-baken"]]
    assert result.outcomes[0].status == "niet gedaan" and result.exit_code == 1
    assert "niet gedaan" in capsys.readouterr().out
