"""``kit draaiboek SCHOOL``: the facilitator's script for one school, as PDF and web page."""

from __future__ import annotations

import argparse


def register(subparsers: argparse._SubParsersAction) -> None:
    from kit.cli import add_workspace_option
    from kit.serve import DEFAULT_HOST, DEFAULT_PORT

    parser = subparsers.add_parser(
        "draaiboek", help="het draaiboek voor de begeleider maken (PDF en webpagina)",
        description="Maakt het draaiboek van de cursus voor één school: de bijeenkomsten op volgorde, met per "
        "onderdeel de duur, de app en het tabblad, wat u zegt en vraagt, en de eigen links en deelnamecodes van "
        "de school. Schrijft output/draaiboek.pdf en output/draaiboek.html. De begeleiderssleutel staat er "
        "nooit in. Het sjabloon is data/templates/draaiboek.yaml.")
    parser.add_argument("school_dir", metavar="SCHOOL", help="de map van de school, of alleen de school-id")
    parser.add_argument("--host", default=DEFAULT_HOST,
                        help=f"het adres in de links (standaard {DEFAULT_HOST}; voor deelnemers op hun eigen "
                        "laptop: het IP-adres van uw computer)")
    parser.add_argument("--port", type=int, default=DEFAULT_PORT, help=f"de poort in de links (standaard {DEFAULT_PORT})")
    add_workspace_option(parser)
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from kit.draaiboek.school import write_draaiboek
    from kit.paths import workspace_path
    from kit.workspace import resolve_school_dir

    folder = resolve_school_dir(args.school_dir, workspace_path(args.workspace))
    written = write_draaiboek(folder, args.host, args.port)
    print(f"Het draaiboek voor {folder.name} staat klaar:")
    for path in written.values():
        print(f"  {path}")
    return 0
