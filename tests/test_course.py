"""The course steps' status on the start page, judged from the school's own files."""

from __future__ import annotations

import shutil

from kit.course import BEZIG, KLAAR, OPEN, statuses
from kit.paths import EXAMPLES_DIR


def _survey(school) -> tuple[str, str]:
    (status,) = [s for s in statuses(school) if s.step.notebook == "03_enquete"]
    return status.state, status.detail


def test_survey_step(copy_demo):
    surveys = copy_demo / "surveys"
    assert _survey(copy_demo)[0] == KLAAR  # the demo has an export of its school year 2026-2027
    (surveys / "2026-2027.xlsx").unlink()
    state, detail = _survey(copy_demo)
    assert state == BEZIG and "Nog geen export van 2026-2027" in detail and "2025-2026.csv" in detail
    (surveys / "2025-2026.csv").unlink()
    assert _survey(copy_demo) == (OPEN, "Nog geen enquête-export in de map surveys/.")
    shutil.copy(EXAMPLES_DIR / "demo-school" / "surveys" / "2026-2027.xlsx", surveys / "2026-2027.xlsx")
    assert _survey(copy_demo)[0] == KLAAR
