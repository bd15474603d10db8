"""``kit signalering``: the school's signaleringskaart from the command line."""

from __future__ import annotations

import argparse


def register(subparsers: argparse._SubParsersAction) -> None:
    from kit.cli import add_workspace_option

    group = subparsers.add_parser("signalering", help="signaleren en handelen: de signaleringskaart",
                                  description="Cursusstap 2, Signaleren en handelen.")
    sub = group.add_subparsers(title="opdrachten", metavar="<opdracht>")
    group.set_defaults(func=lambda args: group.print_help() or 0)

    kaart = sub.add_parser("kaart", help="de signaleringskaart maken (één A4, PDF)",
                           description="Maakt output/signaleringskaart.pdf: één A4 voor de teamkamer met de "
                           "signalen, de eerste stappen, bij wie je terechtkunt (uit de rollen in het schoolprofiel), "
                           "de meldcode en de nummers van Veilig Thuis en de vertrouwensinspecteur.")
    kaart.add_argument("school_dir", metavar="SCHOOL", help="de map van de school, of de id van een school in de "
                       "werkmap")
    add_workspace_option(kaart)
    kaart.set_defaults(func=cmd_kaart)


def cmd_kaart(args: argparse.Namespace) -> int:
    from kit.paths import workspace_path
    from kit.signalering.kaart import MISSING_ROLE, role_lines, write_kaart
    from kit.signalering.knowledge import load_knowledge
    from kit.profile import load_profile
    from kit.workspace import resolve_school_dir

    school_dir = resolve_school_dir(args.school_dir, workspace_path(args.workspace))
    path = write_kaart(school_dir)
    print(f"De signaleringskaart staat in {path}")
    missing = [r.label for r in role_lines(load_profile(school_dir), load_knowledge(school_dir)) if r.missing]
    if missing:
        print(f"Op de kaart staat \"{MISSING_ROLE}\" bij: {', '.join(missing)}. Vul de namen in onder rollen in "
              f"{school_dir / 'school.yaml'} en maak de kaart opnieuw.")
    return 0
