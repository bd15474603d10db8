"""`kit school check` and `kit school new` with hostile input: deep nesting, huge files, backslashes, failures."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from kit.cli import main
from kit.profile import load_profile

ROOT = Path(__file__).resolve().parents[1]


def _kit(*args: str, timeout: float = 20) -> subprocess.CompletedProcess:
    """``kit`` in a subprocess, so a hang or a blow-up is bounded by ``timeout`` instead of stopping the tests."""
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.run([sys.executable, "-m", "kit.cli", *args], capture_output=True, text=True, timeout=timeout,
                          env=env, cwd=ROOT)


@pytest.fixture
def school(tmp_path: Path) -> Path:
    folder = tmp_path / "obs-de-linde"
    folder.mkdir()
    return folder


@pytest.mark.parametrize("name, text", [
    ("flow lists", "naam: " + "[" * 10_000 + "]" * 10_000 + "\n"),
    ("flow maps", "naam: " + "{a: " * 10_000 + "}" * 10_000 + "\n"),
    ("block lists", "- " * 10_000 + "x\n"),
    ("block maps", "adres:\n" + "".join(" " * (i + 1) + "k:\n" for i in range(800))),
])
def test_deeply_nested_yaml_gives_a_dutch_error(school, name, text):
    (school / "school.yaml").write_text(text, encoding="utf-8")
    result = _kit("school", "check", str(school))
    assert result.returncode == 2, result.stderr
    assert "te diep in elkaar genest" in result.stderr and "Traceback" not in result.stderr
    assert "RecursionError" not in result.stderr + result.stdout


def test_deep_monitor_yaml_gives_a_dutch_error(school, capsys):
    (school / "school.yaml").write_text("naam: OBS De Linde\n", encoding="utf-8")
    (school / "monitor.yaml").write_text("jaren: " + "[" * 5000 + "]" * 5000 + "\n", encoding="utf-8")
    assert main(["school", "check", str(school)]) == 2
    err = capsys.readouterr().err
    assert "monitor.yaml" in err and "te diep in elkaar genest" in err


def test_very_many_errors_show_the_first_50_and_a_count(school):
    lines = 20_000
    (school / "school.yaml").write_text("".join(f"sleutel{i}: waarde\n" for i in range(lines)), encoding="utf-8")
    result = _kit("school", "check", str(school))
    assert result.returncode == 2
    err = result.stderr.splitlines()
    assert err[0].endswith("20 000 fout(en) in het schoolprofiel.")
    problems = [line for line in err if line.startswith("  - ")]
    assert len(problems) == 50
    assert problems[0].startswith("  - regel 1, veld 'sleutel0': onbekende sleutel op het hoogste niveau")
    assert problems[-1].startswith("  - regel 50, veld 'sleutel49'")
    assert "  ... en nog 19 950 fouten." in err


def test_a_700000_line_file_is_refused_at_once_as_too_big(school):
    (school / "school.yaml").write_text("".join(f"sleutel{i}: waarde\n" for i in range(700_000)), encoding="utf-8")
    result = _kit("school", "check", str(school))
    assert result.returncode == 2
    assert "het bestand is te groot (" in result.stderr and "MB); een bestand als dit is hoogstens 512 kB" in result.stderr
    assert len(result.stderr.splitlines()) < 10


@pytest.mark.parametrize("name", ["C:\\new", "\\1", "\\g<0>", "OBS \"De\" Linde\\", "Basisschool 't Hofje \\n"])
def test_school_new_stores_a_name_with_backslashes_exactly(tmp_path, capsys, name):
    workspace = tmp_path / "ws"
    assert main(["school", "new", "obs-x", "--naam", name, "--workspace", str(workspace)]) == 0
    assert load_profile(workspace / "obs-x").naam == name.strip()


def test_a_failed_create_leaves_no_half_made_school(tmp_path, monkeypatch, capsys):
    workspace = tmp_path / "ws"
    workspace.mkdir()
    # an invalid name: refused before anything is written
    assert main(["school", "new", "obs-x", "--naam", "OBS\nX", "--workspace", str(workspace)]) == 2
    assert list(workspace.iterdir()) == []
    # a write error half-way: the partly written folder is removed
    real_write = Path.write_text

    def failing_write(self, *args, **kwargs):
        if self.name == "school.yaml":
            raise OSError(28, "No space left on device")
        return real_write(self, *args, **kwargs)

    monkeypatch.setattr(Path, "write_text", failing_write)
    assert main(["school", "new", "obs-x", "--naam", "OBS X", "--workspace", str(workspace)]) == 2
    err = capsys.readouterr().err
    assert "kon niet worden gemaakt (No space left on device); er is niets gemaakt" in err
    assert list(workspace.iterdir()) == []
    monkeypatch.undo()
    assert main(["school", "new", "obs-x", "--naam", "OBS X", "--workspace", str(workspace)]) == 0
    assert sorted(p.name for p in (workspace / "obs-x").iterdir()) == ["output", "school.yaml", "surveys"]
    from kit.workspace import _umask

    assert (workspace / "obs-x").stat().st_mode & 0o777 == 0o777 & ~_umask()  # not mkdtemp's private 0o700


def test_a_schools_own_instrument_goes_through_the_same_bounded_loader(school):
    from kit.survey.errors import InstrumentError
    from kit.survey.instrument import load_instrument

    path = school / "instrument.yaml"
    path.write_text("vragen: " + "[" * 5000 + "]" * 5000 + "\n", encoding="utf-8")
    with pytest.raises(InstrumentError, match="te diep in elkaar genest"):
        load_instrument(path)
    path.write_text('naam: "Vragen\\x1b"\n', encoding="utf-8")
    with pytest.raises(InstrumentError, match=r"regel 1: .*U\+001B"):
        load_instrument(path)
