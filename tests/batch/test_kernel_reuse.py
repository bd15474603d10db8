"""A job's reused kernel gives the same outputs as a fresh kernel per notebook (what kit run does).

The reused kernel first runs another school, so any state that leaked from one notebook into
the next (a stylesheet already shown, a cache, matplotlib settings, shown warnings, the
execution counter) would change what the second school's notebooks show.
"""

from __future__ import annotations

import re

import pytest
from batch_fixtures import copy_school
from notebook_compare import visible_outputs

from kit.batch.kernel import JobDirs, ReusableKernel
from kit.batch.school_run import run_school
from kit.runner import course_notebooks
from kit.runner import run_school as run_fresh

TIME_FIELDS = re.compile(r'"(made_at|gemaakt_op)": "[^"]*"')


def _compare(demo_source, tmp_path, stems: tuple[str, ...]) -> None:
    notebooks = [nb for nb in course_notebooks() if nb.stem.split("_")[0] in stems]
    school = copy_school(demo_source, "demo-school", tmp_path, "obs-de-linde")
    other = copy_school(demo_source, "demo-vo", tmp_path, "het-baken")
    fresh, reused = tmp_path / "vers", tmp_path / "hergebruikt"
    run_fresh(school, fresh, notebooks=notebooks, progress=lambda line: None)

    kernel = ReusableKernel(JobDirs.create(tmp_path, label="test"))
    try:
        first, _ = run_school(kernel, other, tmp_path / "eerst", notebooks[-1:])  # the last notebook first
        outcome, log = run_school(kernel, school, reused, notebooks)
        assert kernel.starts == 1  # one kernel for both schools
    finally:
        kernel.shutdown()
        kernel.dirs.remove()
    assert first.status == "gelukt" and outcome.status == "gelukt", log

    for notebook in notebooks:
        expected = visible_outputs(fresh / notebook.name, {str(fresh): "UIT"})
        got = visible_outputs(reused / notebook.name, {str(reused): "UIT"})
        assert [c["count"] for c in got] == [c["count"] for c in expected]
        assert got == expected, notebook.name
        assert any(c["outputs"] for c in got)
    for path in sorted(fresh.rglob("*")):  # figures and data files: byte for byte (times aside)
        if path.is_file() and path.suffix in (".png", ".json"):
            twin = reused / path.relative_to(fresh)
            assert twin.is_file(), twin
            if path.suffix == ".json":
                assert TIME_FIELDS.sub("", path.read_text()) == TIME_FIELDS.sub("", twin.read_text()), path.name
            else:
                assert path.read_bytes() == twin.read_bytes(), path.name


def test_reused_kernel_gives_the_outputs_of_fresh_kernels(demo_source, tmp_path):
    _compare(demo_source, tmp_path, ("00", "03"))


@pytest.mark.heavy
def test_reused_kernel_gives_the_outputs_of_fresh_kernels_for_every_notebook(demo_source, tmp_path):
    _compare(demo_source, tmp_path, tuple(nb.stem.split("_")[0] for nb in course_notebooks()))
