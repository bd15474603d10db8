"""The ``kit survey`` command: ``kit survey summary FILE`` prints the figures of one export."""

from __future__ import annotations

import argparse
import json

from kit.survey.formats import FORMATS


def register(subparsers) -> None:
    """Add ``survey`` with its ``summary`` sub-command to the ``kit`` parser."""
    parser = subparsers.add_parser(
        "survey", help="leerlingenquête: een export inlezen en de cijfers berekenen",
        description="Werken met de export van de leerlingenquête (Microsoft Forms, Google Forms, "
                    "LimeSurvey, Qualtrics, SurveyMonkey of een eigen tabel).")
    parser.set_defaults(func=lambda args: _print_help(parser))
    commands = parser.add_subparsers(title="opdrachten", metavar="<opdracht>")
    summary = commands.add_parser(
        "summary", help="de cijfers van één export: indicatoren, schalen, plekken en groepen",
        description="Leest een export van de leerlingenquête en toont de cijfers: percentages met "
                    "95%-betrouwbaarheidsinterval, schaalgemiddelden met Cronbachs alfa, onveilige plekken "
                    "en de uitsplitsing per groep. Kleine groepen worden niet getoond. Het bestand zelf "
                    "wordt niet veranderd.")
    summary.add_argument("file", metavar="BESTAND", help="de export uit het enquêteprogramma (.csv of .xlsx)")
    summary.add_argument("--instrument", metavar="PAD",
                         help="het instrument (.yaml) met de vragen; standaard data/templates/instrument.yaml")
    summary.add_argument("--format", choices=FORMATS, metavar="INDELING",
                         help=f"de indeling van de export, als de herkenning misgaat: {', '.join(FORMATS)}")
    summary.add_argument("--min-group-size", type=int, default=10, metavar="N",
                         help="toon geen cijfers over minder dan N leerlingen (standaard 10, minstens 5)")
    summary.add_argument("--json", action="store_true",
                         help="druk de uitkomst af als JSON (getallen onafgerond) in plaats van als tekst")
    summary.set_defaults(func=run_summary)

    from kit.cli import add_workspace_option

    paper = commands.add_parser(
        "papier", help="de enquête op papier: een vragenlijst om te printen en een invoerblad",
        description="Maakt uit het instrument van de school (instrument.yaml van de school, anders het "
                    "standaardinstrument) een genummerde vragenlijst om te printen (output/enquete-papier.pdf) en "
                    "een invoerblad in Excel (output/enquete-invoer.xlsx). Het ingevulde invoerblad leest de kit "
                    "in zoals een export van een enquêteprogramma.")
    paper.add_argument("school_dir", metavar="SCHOOL", help="de map van de school, of de id van een school in de werkmap")
    paper.add_argument("--aantal", type=int, metavar="N",
                       help="het aantal formulieren; standaard het aantal leerlingen in het schoolprofiel, anders 30")
    add_workspace_option(paper)
    paper.set_defaults(func=run_paper)

    build = commands.add_parser(
        "bouwblad", help="per enquêteprogramma: hoe u de vragenlijst bouwt zodat de kit de export leest",
        description="Schrijft per enquêteprogramma (Microsoft Forms, Google Forms, LimeSurvey) een bouwblad "
                    "(output/bouwblad-<programma>.html en .pdf): de vraagteksten, soorten vragen, antwoorden en "
                    "instellingen waarmee de export zonder aanpassingen wordt gelezen.")
    build.add_argument("school_dir", metavar="SCHOOL", help="de map van de school, of de id van een school in de werkmap")
    build.add_argument("--tool", choices=("forms", "google", "limesurvey"), action="append", metavar="PROGRAMMA",
                       help="alleen dit programma: forms, google of limesurvey (mag vaker); standaard alle drie")
    add_workspace_option(build)
    build.set_defaults(func=run_build_sheets)


def run_summary(args: argparse.Namespace) -> int:
    """Print the summary of ``args.file``; errors are raised as SurveyError (exit status 2)."""
    from kit.survey.report import format_summary
    from kit.survey.summary import check_min_group_size, read_survey, summarize_survey

    check_min_group_size(args.min_group_size)
    survey = read_survey(args.file, args.instrument, args.format)
    summary = summarize_survey(survey, args.min_group_size)
    if args.json:
        print(json.dumps(summary, ensure_ascii=False, indent=2, allow_nan=False))
    else:
        print(format_summary(summary, survey.instrument, survey.source, args.min_group_size))
    return 0


def run_paper(args: argparse.Namespace) -> int:
    """Write the paper questionnaire and the entry sheet; print their paths."""
    from kit.paths import workspace_path
    from kit.survey.paper import make_paper_survey
    from kit.workspace import resolve_school_dir

    school_dir = resolve_school_dir(args.school_dir, workspace_path(args.workspace))
    made = make_paper_survey(school_dir, args.aantal)
    forms = "1 genummerd formulier" if made.forms == 1 else f"{made.forms} genummerde formulieren"
    print(f"Enquête op papier voor {school_dir.name}: {forms}.")
    print(f"  vragenlijst om te printen: {made.pdf}")
    print(f"  invoerblad:                {made.xlsx}")
    print("Typ de antwoorden van formulier 1 in de rij met nummer 1 van het invoerblad, enzovoort. Zet het ingevulde "
          "invoerblad in surveys/ met het schooljaar als naam, bijvoorbeeld surveys/2026-2027.xlsx.")
    return 0


def run_build_sheets(args: argparse.Namespace) -> int:
    """Write the build sheets of the survey tools; print their paths."""
    from kit.paths import workspace_path
    from kit.survey.build_sheets import write_build_sheets
    from kit.workspace import resolve_school_dir

    school_dir = resolve_school_dir(args.school_dir, workspace_path(args.workspace))
    paths = write_build_sheets(school_dir, args.tool)
    print(f"Bouwbladen voor {school_dir.name}:")
    for path in paths:
        print(f"  {path}")
    return 0


def _print_help(parser: argparse.ArgumentParser) -> int:
    parser.print_help()
    return 0
