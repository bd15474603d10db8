"""The static report of step 2 (``kit run``): the case results, the knowledge texts and the signaleringskaart.

Under papermill the notebook shows, per case that was answered in any of the school's
workshops, how many answered, the spread of seriousness, signals and next steps, and
the texts, never with names. From the answers' history it also shows how the first
answers were spread and how many were changed after discussion. It writes
``signalering.json`` (the same figures, for the policy document) and the school's
``signaleringskaart.pdf`` to the output folder, with a link to it.
"""

from __future__ import annotations

from datetime import datetime, timezone
from pathlib import Path

from kit import dates, workshop
from kit.live.report import existing_store, write_json
from kit.signalering.cases import SERIOUSNESS, Case, load_school_cases, read_cases
from kit.signalering.results import CaseResult, case_result, result_html
from kit.workshop import cases as store_cases

JSON_NAME = "signalering.json"


def gather(school_dir: Path) -> dict:
    """Every answered case of the school, as results and first-answer spreads, plus the workshops' count.

    ``{"workshops", "cases": [{"result": CaseResult, "first": [(label, n)], "changed": n}]}``
    """
    data = {"workshops": 0, "cases": []}
    store = existing_store(school_dir)
    if store is None:
        return data
    answers, history = [], {}
    with store:
        for ws in workshop.list_workshops(store):
            found = store_cases.list_answers(store, ws.id)
            if found:
                data["workshops"] += 1
                answers += found
                history.update(store_cases.answer_history(store, ws.id))
    known = {c.id: c for c in load_school_cases(school_dir)}
    for case in read_cases():  # a case of the other kind of school, or shown before an edit, still counts
        known.setdefault(case.id, case)
    order = list(known)
    for case_id in sorted({a["case_id"] for a in answers}, key=lambda i: order.index(i) if i in order else len(order)):
        case = known.get(case_id) or Case(case_id, case_id, (), "", (), (), "")
        mine = [a for a in answers if a["case_id"] == case_id]
        firsts = [history[a["id"]][0]["seriousness"] for a in mine if history.get(a["id"])]
        data["cases"].append({
            "result": case_result(case, mine),
            "first": [(label, firsts.count(level)) for level, label in SERIOUSNESS.items()],
            "changed": sum(1 for a in mine if len(history.get(a["id"], [])) > 1),
        })
    return data


def as_json(data: dict, school_id: str, school_name: str) -> dict:
    """The figures as plain data (what ``signalering.json`` holds); texts included, names never."""

    def one(item: dict) -> dict:
        r: CaseResult = item["result"]
        return {"id": r.case.id, "titel": r.case.title, "antwoorden": r.answered,
                "ernst": dict(r.seriousness), "ernst_eerste_antwoord": dict(item["first"]),
                "gewijzigd": item["changed"], "signalen": dict(r.signals), "vervolgstappen": dict(r.next_steps),
                "toelichtingen": r.texts}

    return {"school": school_id, "school_naam": school_name,
            "gemaakt_op": datetime.now(timezone.utc).isoformat(timespec="seconds"),
            "workshops": data["workshops"], "casussen": [one(item) for item in data["cases"]]}


def report_html(data: dict, school_name: str, knowledge: str, kaart: str | None) -> str:
    """The report page (the kit's own markup; typed text escaped in :func:`result_html`)."""
    from kit.live.ui import esc

    parts = [f'<div class="kit-page kit-signalering-report" lang="nl"><h1>Signaleren en handelen</h1>'
             f'<p class="kit-lead">{esc(school_name)} · rapport van {esc(dates.numeric_date(dates.today()))}</p>']
    if kaart:
        parts.append(f'<p class="kit-box kit-kaart"><strong>Signaleringskaart:</strong> '
                     f'<a class="kit-download" href="{esc(kaart)}">{esc(kaart)}</a> (één A4 voor de teamkamer, '
                     'met de namen uit het schoolprofiel).</p>')
    parts.append("<h2>De casussen</h2>")
    if not data["cases"]:
        parts.append('<div class="kit-box kit-todo kit-cases-missing"><strong>Er zijn nog geen casussen besproken.'
                     '</strong><p>Start een workshop met <code>kit workshop open</code> en open de app Signaleren en '
                     'handelen met de link die de kit dan toont. Na de oefening staan hier de antwoorden per '
                     'casus.</p></div>')
    else:
        parts.append(f'<p>{len(data["cases"])} casussen beantwoord in {data["workshops"]} '
                     f'{"workshop" if data["workshops"] == 1 else "workshops"}. Namen staan niet in dit rapport.</p>')
    for item in data["cases"]:
        r = item["result"]
        first = ", ".join(f"{label}: {n}" for label, n in item["first"])
        parts.append(
            f'<section class="kit-case-report" id="casus-{esc(r.case.id)}"><h3>{esc(r.case.title)}</h3>'
            + (f'<p class="kit-case-body">{esc(r.case.text)}</p>' if r.case.text else "")
            + result_html(r, heading="h4")
            + f'<p class="kit-note kit-case-history">Eerste antwoorden op de ernst: {esc(first)}. '
            f'{item["changed"]} van de {r.answered} antwoorden {"is" if item["changed"] == 1 else "zijn"} na het '
            'eerste opslaan nog gewijzigd.</p>'
            + (f'<details><summary>Aantekeningen voor de bespreking</summary><p>{esc(r.case.notes)}</p></details>'
               if r.case.notes else "")
            + "</section>")
    parts.append(f'<div class="kit-knowledge-report">{knowledge}</div></div>')
    return "".join(parts)


def show_report(page) -> dict:
    """Render the report for ``page``'s school; write ``signalering.json`` and the signaleringskaart."""
    from kit.errors import KitError
    from kit.page import show_error, show_html
    from kit.profile import load_profile
    from kit.signalering.kaart import write_kaart
    from kit.signalering.knowledge import knowledge_html

    school_name = load_profile(page.school_dir).naam
    data = gather(page.school_dir)
    record = as_json(data, page.school_id, school_name)
    write_json(page.output_dir, JSON_NAME, record)
    kaart = None
    try:
        kaart = write_kaart(page.school_dir, page.output_dir).name
    except KitError as exc:
        show_error(str(exc), title="De signaleringskaart kon niet worden gemaakt")
    show_html(report_html(data, school_name, knowledge_html(page.school_dir), kaart))
    return record
