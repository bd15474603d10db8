"""Reading each file once while the policy document is written (kit/reuse.py)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from kit.reuse import reads_reused, reused


def _counting():
    calls = []

    @reused
    def read(*args, **kwargs):
        calls.append((args, kwargs))
        return object()

    return read, calls


def test_outside_a_scope_every_call_reads():
    read, calls = _counting()
    assert read("a") is not read("a")
    assert len(calls) == 2


def test_inside_a_scope_one_read_per_argument_and_a_path_equals_its_text():
    read, calls = _counting()
    with reads_reused():
        first = read(Path("/school/x"), date(2026, 12, 5))
        assert read("/school/x", date(2026, 12, 5)) is first
        assert read("/school/y", date(2026, 12, 5)) is not first
        with reads_reused():  # a nested scope shares the outer one
            assert read(Path("/school/x"), date(2026, 12, 5)) is first
    assert len(calls) == 2
    assert read("/school/x", date(2026, 12, 5)) is not first  # the scope is over: read again
    assert len(calls) == 3


def test_other_arguments_and_errors_are_never_kept():
    read, calls = _counting()
    store = object()
    with reads_reused():
        read("/school/x", store=store)
        read("/school/x", store=store)
        read({"a": 1})
    assert len(calls) == 3

    failures = []

    @reused
    def broken(path):
        failures.append(path)
        raise ValueError("kapot")

    with reads_reused():
        for _ in range(2):
            with pytest.raises(ValueError):
                broken("x")
    assert failures == ["x", "x"]


def test_both_versions_read_each_survey_export_once(tmp_path, monkeypatch):
    """Writing both versions of the plan read the demo's two exports 16 times; now once each."""
    import kit.survey.summary as summary
    from kit.demo import install_demo
    from kit.document.export import export_versions

    school = install_demo(tmp_path / "workspace")
    reads = []
    original = summary.read_survey

    def counted(path, *args, **kwargs):
        reads.append(Path(path).name)
        return original(path, *args, **kwargs)

    monkeypatch.setattr(summary, "read_survey", counted)
    export_versions(school, formats=["html"])
    assert sorted(reads) == sorted(p.name for p in (school / "surveys").iterdir())


def test_the_document_is_the_same_with_and_without_reuse(tmp_path):
    """Reused reads are read-only: the plan built inside a scope equals the plan built outside one."""
    from kit.demo import install_demo
    from kit.document.content import build_document
    from kit.document.html import render_html

    school = install_demo(tmp_path / "workspace")
    alone = {v: render_html(build_document(school, version=v)) for v in ("intern", "openbaar")}
    with reads_reused():
        together = {v: render_html(build_document(school, version=v)) for v in ("intern", "openbaar", "intern")}
    assert together == alone
