"""Helpers of the kit batch tests: demo school copies, broken schools, the kit command, the summary."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
SUMMARY_KEYS = {"gestart", "klaar", "scholen"}
ENTRY_KEYS = {"school", "status", "seconden", "fout", "log"}


def copy_school(source: Path, source_id: str, workspace: Path, school_id: str) -> Path:
    """A copy of a demo school under another id (the profile's ``id`` follows the folder)."""
    target = workspace / school_id
    shutil.copytree(source / source_id, target)
    shutil.rmtree(target / "output", ignore_errors=True)
    (target / "output").mkdir()
    profile = target / "school.yaml"
    profile.write_text(profile.read_text(encoding="utf-8").replace(f"id: {source_id}", f"id: {school_id}"),
                       encoding="utf-8")
    return target


def break_profile(school_dir: Path) -> None:
    profile = school_dir / "school.yaml"
    lines = profile.read_text(encoding="utf-8").splitlines()
    profile.write_text("\n".join("naam: [kapot" if line.startswith("naam:") else line for line in lines) + "\n",
                       encoding="utf-8")


def break_store(school_dir: Path) -> None:
    """A workshop store that is no database: every notebook that opens it fails."""
    (school_dir / "workshop.sqlite").write_bytes(b"dit is geen database " * 200)


def kit_command(*args: str) -> list[str]:
    return [sys.executable, "-m", "kit.cli", *map(str, args)]


def kit_env() -> dict[str, str]:
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(p for p in (str(REPO), env.get("PYTHONPATH", "")) if p)
    return env


def run_kit(*args: str, timeout: float = 180) -> subprocess.CompletedProcess:
    return subprocess.run(kit_command(*args), env=kit_env(), capture_output=True, text=True, timeout=timeout,
                          cwd=REPO)


def read_summary(workspace: Path) -> dict:
    data = json.loads((workspace / "_batch" / "samenvatting.json").read_text(encoding="utf-8"))
    assert set(data) == SUMMARY_KEYS
    for entry in data["scholen"]:
        assert set(entry) == ENTRY_KEYS
    return data


def statuses(workspace: Path) -> dict[str, str]:
    return {entry["school"]: entry["status"] for entry in read_summary(workspace)["scholen"]}
