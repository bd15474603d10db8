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


def _print_help(parser: argparse.ArgumentParser) -> int:
    parser.print_help()
    return 0
