"""The ``kit`` command: one entry point, a sub-command per job, all messages in Dutch.

Each command group lives in its own module with a ``register(subparsers)`` function
that adds its parser and sets ``func`` (a callable taking the parsed arguments and
returning an exit status). Heavy imports happen inside those functions, so
``kit --help`` stays fast.
"""

from __future__ import annotations

import argparse
import importlib
import sys
from typing import Sequence

from kit.errors import KitError

# argparse's own words, in Dutch (argparse looks them up through gettext at run time).
_ARGPARSE_NL = {
    "usage: ": "gebruik: ",
    "positional arguments": "argumenten",
    "options": "opties",
    "show this help message and exit": "toon deze hulp en stop",
    "the following arguments are required: %s": "deze argumenten ontbreken: %s",
    "invalid choice: %(value)r (choose from %(choices)s)": "ongeldige keuze: %(value)r (kies uit %(choices)s)",
    "unrecognized arguments: %s": "onbekende argumenten: %s",
    "expected one argument": "verwacht één waarde",
    "invalid %(type)s value: %(value)r": "ongeldige waarde: %(value)r",
    "%(prog)s: error: %(message)s\n": "%(prog)s: fout: %(message)s\n",
    "ambiguous option: %(option)s could match %(matches)s": "dubbelzinnige optie: %(option)s kan %(matches)s zijn",
    "show program's version number and exit": "toon het versienummer en stop",
}
argparse._ = lambda text: _ARGPARSE_NL.get(text, text)  # type: ignore[attr-defined]

COMMAND_MODULES = ("kit.commands", "kit.survey.cli", "kit.workshop.cli", "kit.plan.cli", "kit.signalering.cli",
                   "kit.draaiboek.cli", "kit.certificates.cli", "kit.purge", "kit.bestuur.cli", "kit.batch.cli")


def build_parser() -> argparse.ArgumentParser:
    """The full ``kit`` argument parser."""
    from kit import __version__

    parser = argparse.ArgumentParser(
        prog="kit",
        description="Cursuswerkboek en facilitatiekit voor Professionalisering Sociale Veiligheid.",
        epilog="Begin met 'kit demo' voor een voorbeeldschool. Hulp per opdracht: kit <opdracht> --help",
    )
    parser.add_argument("--version", action="version", version=f"kit {__version__}", help="toon het versienummer en stop")
    subparsers = parser.add_subparsers(title="opdrachten", metavar="<opdracht>")
    for name in COMMAND_MODULES:
        try:
            module = importlib.import_module(name)
        except ModuleNotFoundError as exc:  # a feature module that is not part of this checkout
            if exc.name and name.startswith(exc.name):
                continue
            raise
        module.register(subparsers)
    return parser


def add_workspace_option(parser: argparse.ArgumentParser) -> None:
    """The shared ``--workspace`` option (default: $KIT_WORKSPACE, else ./workspace)."""
    parser.add_argument("--workspace", metavar="MAP",
                        help="de werkmap met scholen (standaard $KIT_WORKSPACE, anders ./workspace)")


def main(argv: Sequence[str] | None = None) -> int:
    """Run the ``kit`` command; returns the exit status."""
    parser = build_parser()
    args = parser.parse_args(argv)
    if not hasattr(args, "func"):
        parser.print_help()
        return 0
    try:
        return int(args.func(args) or 0)
    except KitError as exc:
        print(f"Fout: {exc}", file=sys.stderr)
        return exc.exit_code
    except KeyboardInterrupt:
        print("Afgebroken.", file=sys.stderr)
        return 130


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
