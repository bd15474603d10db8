"""``kit bestuur [WORKSPACE] [--scholen ID,...]``: the board overview as HTML, PDF and Excel in ``_bestuur/``."""

from __future__ import annotations

import argparse


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "bestuur", help="het overzicht van alle scholen voor het bestuur maken",
        description="Maakt het overzicht voor het bestuur: alle scholen naast elkaar (respons, indicatoren, "
        "monitor, verandering sinds vorig jaar, wettelijke checklist, voortgang van het actieplan en welke scholen "
        "eerst aandacht vragen). Schrijft bestuur.html, bestuur.pdf en bestuur.xlsx naar WERKMAP/_bestuur/. "
        "Alleen cijfers voor de hele school, geen namen.")
    parser.add_argument("workspace", nargs="?", metavar="WERKMAP",
                        help="de werkmap met scholen (standaard $KIT_WORKSPACE, anders ./workspace)")
    parser.add_argument("--workspace", dest="workspace_option", metavar="MAP",
                        help="hetzelfde als WERKMAP, zoals bij de andere opdrachten")
    parser.add_argument("--scholen", metavar="ID,...",
                        help="alleen deze scholen, gescheiden door komma's (standaard: alle scholen in de werkmap)")
    parser.add_argument("--minimum", type=int, default=10, metavar="N",
                        help="minimale groepsgrootte: een school met minder reacties staat erin zonder cijfers "
                        "(standaard 10, minstens 5)")
    parser.add_argument("--nieuwe-sleutel", action="store_true",
                        help="maak een nieuwe bestuurssleutel; de oude link naar het overzicht werkt dan niet meer")
    parser.set_defaults(func=cmd_bestuur)


def cmd_bestuur(args: argparse.Namespace) -> int:
    from kit.bestuur.export import write_exports
    from kit.bestuur.overview import board_overview
    from kit.paths import workspace_path

    workspace = workspace_path(args.workspace or args.workspace_option)
    overview = board_overview(workspace, args.scholen, min_group_size=args.minimum)
    exports = write_exports(overview)
    broken = [s for s in overview.schools if not s.profile_ok]
    print(f"Overzicht voor het bestuur gemaakt van {len(overview.schools)} "
          f"{'school' if len(overview.schools) == 1 else 'scholen'} in {workspace}:")
    for path in exports.paths():
        print(f"  {path}")
    if broken:
        print(f"Let op: het schoolprofiel van {', '.join(s.school_id for s in broken)} is ongeldig; "
              "die school staat erin zonder gegevens.")
    attention = overview.attention
    if attention:
        print(f"Eerst aandacht: {', '.join(s.name for s in attention)}.")
    print_app_link(workspace, args.nieuwe_sleutel)
    return 0


def print_app_link(workspace, new: bool = False) -> None:
    """The overview as an app under ``kit serve``: its address with the board key (made the first time)."""
    from urllib.parse import urlencode

    from kit.bestuur.key import board_key
    from kit.workshop.links import apps_address

    key, made = board_key(workspace, new)
    address = apps_address(workspace)
    if made and new:
        print("Nieuwe bestuurssleutel: de vorige link naar het overzicht werkt niet meer.")
    print(f"Het overzicht als app (met kit serve; deel deze link alleen met het bestuur):\n"
          f"  {address.base}/voila/render/bestuur.ipynb?{urlencode({'key': key})}")
