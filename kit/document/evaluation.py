"""Chapter 10's check: how last school year's actions went and what this year's survey measured.

Plan-do-check-act: the plan of last year set actions with targets; this year's survey
shows whether a survey target was reached. The figures come from kit.plan.evaluation
(through kit.plan.document.evaluation_rows), so the plan, ``kit plan show`` and the
04_actieplan report say the same.
"""

from __future__ import annotations

from pathlib import Path

from kit.document.model import Paragraph, Run, Table, plain
from kit.document.versions import PUBLIC_ACTION_STATUS

RESULT_WORDS = {"reached": "gehaald", "not_reached": "niet gehaald", "not_measurable": "niet gemeten met de enquête"}


def evaluation_blocks(school_dir: str | Path, public: bool = False) -> list:
    """A sentence, the table of last year's actions and a count of targets reached; nothing without a plan year."""
    try:
        from kit.plan.document import evaluation_rows
    except ImportError:
        return []
    data = evaluation_rows(school_dir)
    year, survey_year, rows = data["year"], data["survey_year"], data["rows"]
    if not year:
        return []
    if not rows:
        return [plain(f"Voor het schooljaar {year} staan geen acties in het actieplan. De eerste evaluatie van de "
                      "acties volgt na dit schooljaar.")]
    measured_in = f"Gemeten in {survey_year}" if survey_year else "Gemeten"
    blocks: list = [plain(f"Zo verliepen de acties uit het plan van {year}. Had een actie een doel uit de "
                          "leerlingenquête, dan staat ernaast wat de enquête"
                          + (f" van {survey_year}" if survey_year else "") + " liet zien.")]
    table_rows = []
    for row in rows:
        status = PUBLIC_ACTION_STATUS.get(row["status"], row["status"]) if public else row["status"]
        cells = [plain(row["title"]), plain(status), plain(row["target"] or "geen doel vastgelegd"),
                 plain(row["measured"] or "–"), _result(row)]
        if not public:  # who carried it out: the team's own copy only
            cells.insert(1, plain(row["owner"] or "–"))
        table_rows.append(cells)
    header = ["Actie", "Uitgevoerd", "Doel", measured_in, "Uitkomst"]
    widths = [3.6, 1.6, 3.8, 1.8, 1.8]
    if not public:
        header.insert(1, "Eigenaar")
        widths = [3.2, 2.2, 1.4, 3.4, 1.6, 1.6]
    blocks.append(Table(header, table_rows, caption=f"Evaluatie van de acties van {year}", widths=widths))
    blocks.append(plain(_count_sentence(rows)))
    return blocks


def _result(row: dict) -> Paragraph:
    return Paragraph([Run(RESULT_WORDS[row["result_code"]])])


def _count_sentence(rows: list[dict]) -> str:
    measured = [r for r in rows if r["result_code"] != "not_measurable"]
    reached = [r for r in measured if r["result_code"] == "reached"]
    others = len(rows) - len(measured)
    if not measured:
        sentence = "Geen van de acties had een doel dat met de leerlingenquête te meten is."
    else:
        noun = "actie" if len(measured) == 1 else "acties"
        sentence = (f"Van de {len(measured)} {noun} met een doel uit de leerlingenquête "
                    f"{'is' if len(reached) == 1 else 'zijn'} er {len(reached)} gehaald.")
    if others:
        sentence += (f" Bij {others} {'actie' if others == 1 else 'acties'} beoordeelt het team zelf of het doel "
                     "is bereikt.")
    return sentence
