"""pyproject.toml and environment.yml describe the same runtime environment."""

from __future__ import annotations

import re
import tomllib

import yaml

from kit.paths import REPO_ROOT


def _name(requirement: str) -> str:
    return re.split(r"[<>=!~ \[;]", requirement.strip(), maxsplit=1)[0].lower().replace("_", "-")


def _spec(requirement: str) -> str:
    return requirement.strip()[len(_name(requirement)):].replace(" ", "")


def test_pyproject_and_environment_list_the_same_runtime_packages():
    project = tomllib.loads((REPO_ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    env = yaml.safe_load((REPO_ROOT / "environment.yml").read_text(encoding="utf-8"))
    conda = [d for d in env["dependencies"] if isinstance(d, str) and _name(d) not in {"python", "pip"}]
    pip_section = next(d["pip"] for d in env["dependencies"] if isinstance(d, dict))

    assert {_name(r): _spec(r) for r in project["dependencies"]} == {_name(r): _spec(r) for r in conda}
    assert "conda-forge" in env["channels"]
    assert "python=3.11" in env["dependencies"]
    assert any(line.startswith("-e .") for line in pip_section), "the kit itself is installed in editable mode"


def test_console_script_points_at_the_cli():
    project = tomllib.loads((REPO_ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    assert project["scripts"] == {"kit": "kit.cli:main"}
    assert "test" in project["optional-dependencies"]
