"""``kit survey summary``: JSON and Dutch text output, and exit status 2 with a Dutch error."""

from __future__ import annotations

import argparse
import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

from kit.survey.cli import register
from kit.survey.summary import summarize

FIXTURE = Path(__file__).resolve().parent / "fixtures" / "surveymonkey.csv"


def run(argv):
    from kit.cli import main

    return main(["survey", "summary", *map(str, argv)])


def test_json_output_is_the_summary(capsys):
    assert run([FIXTURE, "--json"]) == 0
    assert json.loads(capsys.readouterr().out) == summarize(FIXTURE)


def test_json_has_exactly_the_described_keys(capsys):
    run([FIXTURE, "--json", "--min-group-size", "5"])
    summary = json.loads(capsys.readouterr().out)
    assert list(summary) == ["format", "n", "excluded", "invalid_answers", "unmatched_columns", "indicators",
                             "scales", "places", "groups", "ungrouped"]
    assert set(summary["indicators"]["veilig"]) == {"pct", "ci_low", "ci_high", "n"}
    assert set(summary["scales"]["steun"]) == {"mean", "alpha", "n", "ci_low", "ci_high"}
    group = summary["groups"]["Groep 6"]
    assert set(group) == {"n", "indicators", "scales"} and set(group["scales"]["steun"]) == {"mean", "n"}


def test_readable_dutch_summary(capsys):
    assert run([FIXTURE]) == 0
    out = capsys.readouterr().out
    assert "Enquête: surveymonkey.csv (indeling: SurveyMonkey)" in out
    assert "Meegeteld: 47 leerlingen." in out
    assert "1 zonder antwoorden, 0 niet afgemaakt, 0 voorbeeld of test, 1 dubbel ingestuurd" in out
    assert "Voelt zich veilig op school" in out and "%" in out
    assert "Doet zelf mee met pesten     niet getoond (te weinig antwoorden)" in out
    assert re.search(r"^  Groep 5 +niet getoond \(minder dan 10 leerlingen\)$", out, re.M)
    assert re.search(r"^  Geen groep ingevuld +niet getoond \(minder dan 10 leerlingen\)$", out, re.M)
    assert "Onveilige plekken (van de" in out


@pytest.mark.parametrize("argv,message", [
    (["missing.csv"], "bestaat niet"),
    ([FIXTURE, "--min-group-size", "3"], "minstens 5"),
    ([FIXTURE, "--instrument", "geen.yaml"], "Het instrument geen.yaml bestaat niet"),
])
def test_errors_exit_with_status_2(capsys, argv, message):
    assert run(argv) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err.startswith("Fout: ") and message in captured.err


def test_register_adds_survey_summary():
    parser = argparse.ArgumentParser()
    register(parser.add_subparsers())
    args = parser.parse_args(["survey", "summary", "x.csv", "--format", "qualtrics", "--min-group-size", "12",
                              "--json"])
    assert (args.file, args.format, args.min_group_size, args.json) == ("x.csv", "qualtrics", 12, True)
    assert callable(args.func)
    with pytest.raises(SystemExit):
        parser.parse_args(["survey", "summary", "x.csv", "--format", "forms"])


def test_importing_the_command_stays_light():
    code = "import sys, kit.survey.cli; print('pandas' in sys.modules, 'yaml' in sys.modules)"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.split() == ["False", "False"]


def test_readable_summary_without_places_or_groups(tmp_path, capsys):
    path = tmp_path / "klein.csv"
    path.write_text("groep,vb1,vb2\n" + ",3,4\n" * 12 + ",2,\n", encoding="utf-8")
    assert run([path]) == 0
    out = capsys.readouterr().out
    assert "Onveilige plekken: deze vraag staat niet in het bestand." in out
    assert "Groepen: geen leerling vulde de groep in." in out
    assert "Welbevinden              geen antwoorden" in out
    assert "(alfa niet te berekenen)" in out
