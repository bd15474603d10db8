"""The board's test workspace: the two demo schools, a school with a broken profile and a tiny school.

``kit demo --no-run --workspace WORKSPACE`` gives the demo schools with their surveys, monitor results,
workshop and plan; on top of that:

- ``kapot-profiel``: a school.yaml with an unknown onderwijstype (the profile's own error must be shown);
- ``kleine-school``: named like a spreadsheet formula, with a survey and monitor results of fewer pupils than
  the minimum;
- in demo-school's plan: two overdue actions whose owner and title hold names (they must not leave the school);
- ``_batch/samenvatting.json``: the fixture in the shape ``kit batch`` writes (demo-vo's run failed).
"""

from __future__ import annotations

import csv
import shutil
from datetime import date
from pathlib import Path

FIXTURES = Path(__file__).parent / "fixtures"
TODAY = date(2026, 12, 5)
TINY_NAME = '=HYPERLINK("http://voorbeeld.invalid","klik")'
TINY_ROWS = 6
NAMES = ("Jan Jansen", "Piet Pietersen", "Samir El Amrani", "Marieke de Vries", "Joke Bakker")
TINY_MONITOR = """schooljaren:
  2025-2026:
    datum_rapport: 2026-04-16
    n: 7
    veiligheidsbeleving:
      waarde: 3,4
      eenheid: schaal 1-4
    pesten:
      waarde: 14
      eenheid: "%"
"""
BROKEN_PROFILE = """id: kapot-profiel
naam: Basisschool Het Kapotte Profiel
onderwijstype: universiteit
rollen:
  directeur:
    naam: Marieke de Vries
    email: Jan Jansen
"""


def build_board_workspace(workspace: Path) -> Path:
    from kit import workshop
    from kit.cli import main
    from kit.plan.store import LOCAL, add_action
    from kit.workspace import create_school

    assert main(["demo", "--no-run", "--workspace", str(workspace)]) == 0
    broken = workspace / "kapot-profiel"
    (broken / "surveys").mkdir(parents=True)
    (broken / "school.yaml").write_text(BROKEN_PROFILE, encoding="utf-8")
    tiny = create_school(workspace, "kleine-school", TINY_NAME)
    _tiny_survey(workspace / "demo-school" / "surveys" / "2025-2026.csv", tiny / "surveys" / "2026-2027.csv")
    (tiny / "monitor.yaml").write_text(TINY_MONITOR, encoding="utf-8")
    with workshop.Store(workspace / "demo-school") as store:
        add_action(store, LOCAL, "2026-2027", {"title": "Gesprek met Piet Pietersen over de pauzes",
                                               "owner": "Jan Jansen", "start": "2026-09-01",
                                               "deadline": "2026-10-15"})
        add_action(store, LOCAL, "2026-2027", {"title": "Nieuwe afspraken op het plein", "owner": "",
                                               "deadline": "2026-11-30"})
    batch = workspace / "_batch"
    batch.mkdir()
    shutil.copy(FIXTURES / "samenvatting.json", batch / "samenvatting.json")
    return workspace


def _tiny_survey(source: Path, target: Path) -> None:
    """The first TINY_ROWS responses of a demo export: a school where too few pupils took part."""
    with source.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle))
    with target.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle, quoting=csv.QUOTE_ALL).writerows(rows[:TINY_ROWS + 1])
