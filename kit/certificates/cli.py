"""``kit certificaat SCHOOL`` and ``kit certificaat controleer NUMMER``."""

from __future__ import annotations

import argparse

CHECK = "controleer"


def register(subparsers: argparse._SubParsersAction) -> None:
    from kit.cli import add_workspace_option

    parser = subparsers.add_parser(
        "certificaat", help="certificaten maken voor de deelnemers, of een certificaatnummer controleren",
        formatter_class=argparse.RawDescriptionHelpFormatter,
        description="Maakt een certificaat (PDF, A4) voor elke deelnemer die bij het meedoen een volledige naam "
        "heeft opgegeven, met de bijgewoonde bijeenkomsten en hun datum, de contacturen en de leerdoelen uit het "
        "draaiboek en een uniek nummer. Schrijft output/certificaten/*.pdf.\n\n"
        "Controleren: kit certificaat controleer NUMMER zegt of een nummer is uitgegeven, aan wie, wanneer en "
        "door welke school.\n\n"
        "Eigen lijst (--deelnemers, CSV of Excel .xlsx), vervangt wat de workshops zeggen. Eerste rij: de "
        "kolomnamen.\n"
        "  naam          de volledige naam van de deelnemer (verplicht, één rij per deelnemer)\n"
        "  bijeenkomsten de nummers van de bijgewoonde bijeenkomsten, bv. 1, 2, 4 (datum uit de workshops)\n"
        "of in plaats daarvan een kolom per bijeenkomst ('1' of 'bijeenkomst 1', of de id of titel) met per cel\n"
        "een x (aanwezig; datum uit de workshop), een datum (12-03-2027) of niets (afwezig).")
    parser.add_argument("school_dir", metavar="SCHOOL", help="de map van de school of de school-id; of 'controleer'")
    parser.add_argument("nummer", nargs="?", metavar="NUMMER", help="alleen bij controleer: het certificaatnummer")
    parser.add_argument("--deelnemers", metavar="BESTAND", help="een eigen lijst met deelnemers en bijeenkomsten "
                        "(CSV of .xlsx; zie hierboven)")
    parser.add_argument("--begeleider", metavar="NAAM", help="de naam van de begeleider bij de handtekening")
    add_workspace_option(parser)
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from kit.errors import KitError
    from kit.paths import workspace_path

    workspace = workspace_path(args.workspace)
    if args.school_dir == CHECK:
        from kit.certificates.issue import verify

        if not args.nummer:
            raise KitError("Geef het nummer dat u wilt controleren.",
                           hint="Bijvoorbeeld: kit certificaat controleer PSV-7KQ2-M9XD-4HRB")
        print(verify(workspace, args.nummer).text())
        return 0
    if args.nummer:
        raise KitError(f"Onbekend argument '{args.nummer}'.",
                       hint="Een nummer controleren gaat met: kit certificaat controleer NUMMER")
    from kit.certificates.render import write_certificates
    from kit.workspace import resolve_school_dir

    folder = resolve_school_dir(args.school_dir, workspace)
    batch, paths = write_certificates(folder, args.deelnemers, args.begeleider)
    if not paths:
        print(f"Er is geen certificaat gemaakt voor {folder.name}: niemand met een volledige naam heeft een "
              "bijeenkomst uit het draaiboek bijgewoond.")
    else:
        print(f"{len(paths)} certificaten voor {folder.name} (uit de {'eigen lijst' if batch.source == 'lijst' else 'workshops'}):")
        for path, cert in zip(paths, batch.certificates):
            print(f"  {path}  ({cert.name}, {cert.number})")
    if batch.without_name:
        print(f"{batch.without_name} deelname(s) zonder volledige naam kregen geen certificaat. Wie er alsnog een "
              "wil: geef de lijst met --deelnemers.")
    return 0
