"""The ``kit batch`` command."""

from __future__ import annotations

import argparse

from kit.errors import KitError


def register(subparsers: argparse._SubParsersAction) -> None:
    from kit.cli import add_workspace_option

    batch = subparsers.add_parser(
        "batch", help="de notebooks voor alle scholen van een bestuur uitvoeren",
        description="Voert de notebooks van de cursus uit voor elke school in de werkmap (of de genoemde "
        "scholen), meerdere tegelijk. Een school die niet lukt, houdt de andere niet op. Een school waarvan "
        "niets veranderd is sinds de vorige geslaagde run, wordt overgeslagen. Aan het eind volgt een "
        "samenvatting, ook in WERKMAP/_batch/samenvatting.json; de logboeken staan in WERKMAP/_batch/logs/.",
        epilog="Afsluitcode: 0 als alle scholen gelukt of overgeslagen zijn, anders 1.")
    batch.add_argument("werkmap", nargs="?", metavar="WERKMAP",
                       help="de werkmap met scholen (standaard $KIT_WORKSPACE, anders ./workspace)")
    batch.add_argument("--jobs", "-j", type=int, metavar="N",
                       help="zoveel scholen tegelijk (standaard: één per processorkern)")
    batch.add_argument("--schools", metavar="ID,...", help="alleen deze scholen, gescheiden door komma's")
    batch.add_argument("--notebooks", metavar="NB,...",
                       help="alleen deze notebooks, bijvoorbeeld 03_enquete,05_beleidsplan of 03,05 "
                       "(standaard alle)")
    batch.add_argument("--force", action="store_true", help="ook scholen uitvoeren waarvan niets veranderd is")
    batch.add_argument("--scheduler", metavar="ADRES",
                       help="voer de scholen uit op een Dask-cluster, bijvoorbeeld tcp://10.0.0.5:8786")
    batch.add_argument("--geen-balk", action="store_true", help="geen voortgangsbalk tonen")
    add_workspace_option(batch)  # --workspace MAP, as the other commands; WERKMAP goes first
    batch.set_defaults(func=cmd_batch)


def cmd_batch(args: argparse.Namespace) -> int:
    from kit.batch.run import run_batch
    from kit.batch.selection import select_notebooks, select_schools
    from kit.paths import workspace_path

    workspace = workspace_path(args.werkmap or args.workspace)
    if not workspace.is_dir():
        raise KitError(f"De werkmap {workspace} bestaat niet.",
                       hint="Geef de map met de scholen op, bijvoorbeeld: kit batch workspace")
    if args.jobs is not None and args.jobs < 1:
        raise KitError(f"--jobs {args.jobs} kan niet.", hint="Kies 1 of meer.")
    schools = select_schools(workspace, args.schools)
    notebooks = select_notebooks(args.notebooks)
    if args.scheduler:
        from kit.batch.cluster import check_address

        check_address(args.scheduler)
    from kit.batch.run import default_jobs

    jobs = min(args.jobs or default_jobs(), len(schools))
    where = f"op het Dask-cluster {args.scheduler}" if args.scheduler else \
        f"{jobs} {'taak' if jobs == 1 else 'taken'} tegelijk"
    print(f"{len(schools)} {'school' if len(schools) == 1 else 'scholen'}, {len(notebooks)} notebooks, {where}.",
          flush=True)
    result = run_batch(workspace, schools, notebooks, jobs=jobs, force=args.force, scheduler=args.scheduler,
                       progress=not args.geen_balk, out=lambda line: print(line, flush=True))
    return result.exit_code
