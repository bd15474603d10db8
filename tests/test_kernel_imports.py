"""Kernels stay light: what a notebook imports from kit must not pull in papermill, nbformat or jsonschema."""

from __future__ import annotations

import json
import subprocess
import sys

import nbformat

from kit.runner import course_notebooks

HEAVY = ("papermill", "nbformat", "jsonschema", "nbconvert")


def test_notebook_imports_stay_light():
    imports = set()
    for path in course_notebooks():
        for cell in nbformat.read(path, as_version=4).cells:
            if cell.cell_type == "code":
                imports |= {line.strip() for line in cell.source.splitlines()
                            if line.startswith(("import kit", "from kit"))}
    assert imports, "the notebooks import from kit"
    code = "\n".join(sorted(imports)) + f"\nimport json, sys\nprint(json.dumps(sorted(sys.modules)))"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    loaded = set(json.loads(result.stdout))
    assert not [m for m in loaded if m.split(".")[0] in HEAVY]
