"""Shared fixtures for the survey tests: the canonical pupils and the files rendered from them."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest

FIXTURES = Path(__file__).resolve().parent / "fixtures"


def _load_generator():
    spec = importlib.util.spec_from_file_location("survey_fixture_generator", FIXTURES / "generate.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up there
    spec.loader.exec_module(module)
    return module


GENERATOR = _load_generator()


@pytest.fixture(scope="session")
def generator():
    """The fixture generator module (canonical pupils, renderers)."""
    return GENERATOR


@pytest.fixture(scope="session")
def pupils():
    """The canonical pupils every fixture file is rendered from."""
    return GENERATOR.pupils()


@pytest.fixture(scope="session")
def instrument():
    from kit.survey.instrument import load_instrument

    return load_instrument()


@pytest.fixture(scope="session")
def summaries():
    """The summary of every fixture file, by file name (read once per test session)."""
    from kit.survey.summary import summarize

    return {name: summarize(FIXTURES / name) for name in GENERATOR.FIXTURES}

