"""``kit plan``: the action plan from the command line."""

from __future__ import annotations

import argparse
import json


def register(subparsers: argparse._SubParsersAction) -> None:
    from kit.cli import add_workspace_option

    plan = subparsers.add_parser("plan", help="het actieplan van een school tonen",
                                 description="Het actieplan: de wettelijke checklist, de voorstellen met hun "
                                 "reden en de acties in het plan.")
    plan_sub = plan.add_subparsers(title="opdrachten", metavar="<opdracht>")
    plan.set_defaults(func=lambda args: plan.print_help() or 0)

    show = plan_sub.add_parser("show", help="checklist, voorstellen en acties tonen",
                               description="Toont de wettelijke checklist, de voorstellen (met waarom) en de acties "
                               "in het plan van dit schooljaar. Wijzigt niets.")
    show.add_argument("school_dir", metavar="SCHOOL_DIR", help="de map van de school, of de id van een school "
                      "in de werkmap")
    show.add_argument("--json", action="store_true", help="alles als één JSON-object (checklist, proposals, "
                      "actions)")
    add_workspace_option(show)
    show.set_defaults(func=cmd_show)

    export = plan_sub.add_parser("export", help="het veiligheidsplan maken als Word, PDF en webpagina",
                                 description="Maakt het sociaal veiligheidsplan van de school in de map output: "
                                 "beleidsplan.docx, beleidsplan.pdf en beleidsplan.html. Wat nog ontbreekt, staat "
                                 "gemarkeerd in het plan en in de bijlage.")
    export.add_argument("school_dir", metavar="SCHOOL_DIR", help="de map van de school, of de id van een school "
                        "in de werkmap")
    export.add_argument("--format", default="docx,pdf,html", metavar="FORMATEN",
                        help="welke bestanden, gescheiden door komma's (standaard docx,pdf,html)")
    export.add_argument("--open-antwoorden", action="store_true", dest="open_answers",
                        help="zet ook de open antwoorden van leerlingen in hoofdstuk 8 (standaard niet)")
    add_workspace_option(export)
    export.set_defaults(func=cmd_export)


def cmd_show(args: argparse.Namespace) -> int:
    from kit.paths import workspace_path
    from kit.plan.report import plan_data
    from kit.workspace import resolve_school_dir

    school_dir = resolve_school_dir(args.school_dir, workspace_path(args.workspace))
    data = plan_data(school_dir)
    if args.json:
        print(json.dumps(data, ensure_ascii=False, indent=2))
        return 0
    print(format_plan(data))
    return 0


def cmd_export(args: argparse.Namespace) -> int:
    from kit.document.content import build_document
    from kit.document.export import export_plan, parse_formats
    from kit.paths import workspace_path
    from kit.workspace import resolve_school_dir

    formats = parse_formats(args.format)
    school_dir = resolve_school_dir(args.school_dir, workspace_path(args.workspace))
    doc = build_document(school_dir, include_open_answers=args.open_answers)
    for path in export_plan(school_dir, formats, doc=doc).values():
        print(f"Gemaakt: {path}")
    gaps = doc.gaps
    if gaps:
        print(f"Nog in te vullen ({len(gaps)}):")
        for gap in gaps:
            print(f"  - {gap.chapter}: {gap.what}. {gap.todo}")
    else:
        print("Het plan is compleet.")
    return 0


def format_plan(data: dict) -> str:
    """The plan as plain Dutch text for the terminal."""
    counts = data["checklist_counts"]
    lines = [f"Actieplan {data['school_name']}, schooljaar {data['school_year']}", ""]
    lines.append(f"Wettelijke checklist: {counts['met']} voldaan, {counts['missing']} ontbreekt, "
                 f"{counts['to_check']} te controleren.")
    for item in data["checklist"]:
        if item["status"] != "met":
            lines.append(f"  [{item['status_label']}] {item['title']}: {item['detail']}")
    lines += ["", f"Acties in het plan ({len(data['actions'])}):"]
    if not data["actions"]:
        lines.append("  nog geen")
    for action in data["actions"]:
        when = action["deadline_label"] or "geen deadline"
        lines.append(f"  {action['number']}. {action['title']} ({action['owner'] or 'geen eigenaar'}, {when}, "
                     f"{action['status_label'].lower()})")
        target = action["target_label"] or action.get("target_text")
        if target:
            lines.append(f"     doel: {target}")
        for warning in action["warnings"]:
            lines.append(f"     let op: {warning['text']}")
    open_proposals = [p for p in data["proposals"] if not p["in_plan"]]
    lines += ["", f"Voorstellen die nog niet in het plan staan ({len(open_proposals)}):"]
    for proposal in open_proposals:
        lines.append(f"  - {proposal['title']} (prioriteit {proposal['priority_label']})")
        lines.append(f"    waarom: {proposal['reason']}")
        target = proposal["target_label"] or proposal["target_text"]
        if target:
            lines.append(f"    doel: {target}")
    if data["evaluation"]:
        lines += ["", "Evaluatie van eerdere doelen:"]
        for result in data["evaluation"]:
            lines.append(f"  [{result['status_label']}] {result['title']}: {result['detail']}")
    return "\n".join(lines)
