"""The ``kit`` command line: exit statuses and Dutch messages."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from kit.paths import REPO_ROOT


def test_help_is_dutch(kit, capsys):
    with pytest.raises(SystemExit) as info:
        kit("--help")
    assert info.value.code == 0
    out = capsys.readouterr().out
    assert "gebruik: kit" in out and "opdrachten" in out and "toon deze hulp" in out


def test_unknown_command_is_dutch_and_exits_2(kit, capsys):
    with pytest.raises(SystemExit) as info:
        kit("bestaat-niet")
    assert info.value.code == 2
    assert "ongeldige keuze" in capsys.readouterr().err


def test_school_new_check_list(kit, workspace):
    status, out, _ = kit("school", "new", "obs-de-linde", "--naam", "OBS De Linde")
    assert status == 0
    folder = workspace / "obs-de-linde"
    assert "aangemaakt" in out and str(folder) in out
    assert (folder / "school.yaml").is_file() and (folder / "surveys").is_dir() and (folder / "output").is_dir()

    status, out, _ = kit("school", "check", folder)
    assert status == 0
    assert "in orde" in out and "OBS De Linde" in out
    assert "0 van de" not in out  # id and name are filled in
    assert "Nog in te vullen" in out and "Coördinator anti-pestbeleid: naam (rollen.coordinator.naam)" in out

    status, out, _ = kit("school", "list")
    assert status == 0 and "obs-de-linde" in out and "OBS De Linde" in out


def test_school_new_refuses_bad_id_and_existing(kit, workspace):
    status, _, err = kit("school", "new", "OBS De Linde")
    assert status == 2 and "geen geldige school-id" in err
    assert list(workspace.iterdir()) == []
    kit("school", "new", "obs-x")
    before = (workspace / "obs-x" / "school.yaml").read_bytes()
    status, _, err = kit("school", "new", "obs-x", "--naam", "Anders")
    assert status == 2 and "bestaat al" in err
    assert (workspace / "obs-x" / "school.yaml").read_bytes() == before


def test_school_check_reports_every_error_and_changes_nothing(kit, workspace):
    folder = workspace / "obs-y"
    folder.mkdir()
    text = "id: obs-y\nnaam: Y\ntelefon: 0201234567\nadres:\n  postcode: 12345\n"
    (folder / "school.yaml").write_text(text, encoding="utf-8")
    status, out, err = kit("school", "check", folder)
    assert status == 2
    assert out == ""
    assert str(folder / "school.yaml") in err
    assert "regel 3, veld 'telefon'" in err and "bedoelt u 'telefoon'?" in err
    assert "regel 5, veld 'adres.postcode'" in err
    assert (folder / "school.yaml").read_text(encoding="utf-8") == text


def test_school_check_accepts_the_yaml_file_itself(kit, workspace):
    kit("school", "new", "obs-z")
    status, out, _ = kit("school", "check", workspace / "obs-z" / "school.yaml")
    assert status == 0 and "in orde" in out


def test_run_on_missing_school_exits_2(kit, workspace):
    status, _, err = kit("run", "geen-school")
    assert status == 2 and "School 'geen-school' bestaat niet" in err


def test_run_refuses_invalid_profile_before_starting_kernels(kit, workspace):
    folder = workspace / "obs-kapot"
    folder.mkdir()
    (folder / "school.yaml").write_text("brin: fout\n", encoding="utf-8")
    status, _, err = kit("run", folder)
    assert status == 2 and "veld 'brin'" in err
    assert not (folder / "output").exists()


def test_console_script_is_installed():
    script = Path(sys.executable).parent / "kit"
    result = subprocess.run([script, "school", "check", REPO_ROOT / "data/templates"], capture_output=True, text=True)
    # data/templates holds the empty template: valid, everything still to fill in.
    assert result.returncode == 0, result.stderr
    assert "0 van de 49 gegevens zijn ingevuld" in result.stdout
