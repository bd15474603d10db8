"""The pupil survey: read exports of the tools schools use and compute the figures.

The names below are imported on first use, so ``import kit.survey`` (done by the
``kit`` command to register its sub-command) stays light.
"""

from __future__ import annotations

import importlib

_EXPORTS = {
    "read_survey": "kit.survey.summary",
    "summarize": "kit.survey.summary",
    "summarize_survey": "kit.survey.summary",
    "compare_years": "kit.survey.summary",
    "Survey": "kit.survey.summary",
    "load_instrument": "kit.survey.instrument",
    "Instrument": "kit.survey.instrument",
    "format_summary": "kit.survey.report",
    "FORMATS": "kit.survey.formats",
    "SurveyError": "kit.survey.errors",
    "InstrumentError": "kit.survey.errors",
}

__all__ = sorted(_EXPORTS)


def __getattr__(name: str):
    if name not in _EXPORTS:
        raise AttributeError(f"module 'kit.survey' has no attribute {name!r}")
    return getattr(importlib.import_module(_EXPORTS[name]), name)
