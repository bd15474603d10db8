"""The core ``kit`` commands: school, run, demo and serve."""

from __future__ import annotations

import argparse

from kit.errors import KitError
from kit.paths import workspace_path


def register(subparsers: argparse._SubParsersAction) -> None:
    from kit.cli import add_workspace_option

    school = subparsers.add_parser("school", help="scholen aanmaken, controleren en tonen",
                                   description="Scholen in de werkmap aanmaken, controleren en tonen.")
    school_sub = school.add_subparsers(title="opdrachten", metavar="<opdracht>")
    school.set_defaults(func=lambda args: school.print_help() or 0)

    new = school_sub.add_parser("new", help="een nieuwe school aanmaken uit het sjabloon",
                                description="Maakt de map van een nieuwe school met een ingevuld sjabloon "
                                "school.yaml en de mappen surveys/ en output/.")
    new.add_argument("id", help="de id van de school: kleine letters, cijfers en streepjes, bv. obs-de-linde")
    new.add_argument("--naam", help="de naam van de school, bv. \"OBS De Linde\"")
    add_workspace_option(new)
    new.set_defaults(func=cmd_school_new)

    check = school_sub.add_parser("check", help="een schoolprofiel controleren",
                                  description="Controleert school.yaml (en monitor.yaml, als de school "
                                  "dat heeft) en meldt elke fout met regelnummer. Wijzigt niets.")
    check.add_argument("school_dir", metavar="SCHOOL_DIR", help="de map van de school (of school.yaml zelf)")
    check.set_defaults(func=cmd_school_check)

    listing = school_sub.add_parser("list", help="de scholen in de werkmap tonen")
    add_workspace_option(listing)
    listing.set_defaults(func=cmd_school_list)

    run = subparsers.add_parser("run", help="alle notebooks voor een school uitvoeren",
                                description="Voert de notebooks van de cursus op volgorde uit voor één school "
                                "en zet de uitgevoerde notebooks en HTML-rapporten in SCHOOL_DIR/output/.")
    run.add_argument("school_dir", metavar="SCHOOL_DIR", help="de map van de school, of de id van een school "
                     "in de werkmap")
    add_workspace_option(run)
    run.set_defaults(func=cmd_run)

    demo = subparsers.add_parser("demo", help="de voorbeeldscholen maken en alle notebooks uitvoeren",
                                 description="Zet de twee verzonnen voorbeeldscholen in de werkmap: demo-school "
                                 "(primair onderwijs) en demo-vo (voortgezet onderwijs). Opnieuw maken mag; andere "
                                 "scholen blijven onaangeroerd. Daarna voert het kit run uit voor beide.")
    demo.add_argument("--no-run", action="store_true", help="alleen de school maken, niets uitvoeren")
    add_workspace_option(demo)
    demo.set_defaults(func=cmd_demo)

    serve = subparsers.add_parser("serve", help="de apps voor een workshop starten (Voila)",
                                  description="Start Voila met de notebooks als apps. Een pagina kiest haar "
                                  "school via het adres: ?school=<id>.")
    serve.add_argument("--host", default="127.0.0.1", help="adres om op te luisteren (standaard 127.0.0.1; "
                       "gebruik 0.0.0.0 om deelnemers in hetzelfde netwerk toe te laten)")
    serve.add_argument("--port", type=int, default=8866, help="poort (standaard 8866)")
    serve.add_argument("--kernels", "--deelnemers", dest="deelnemers", type=int, default=None, metavar="N",
                       help="zoveel kernels staan per workshoppagina klaar voor begeleiders (standaard 2, elk "
                       "ongeveer 40 MB geheugen; 0 = geen). Deelnemers gebruiken lichte pagina's zonder kernel.")
    serve.add_argument("--achter-proxy", action="store_true",
                       help="de kit draait achter een proxy (bijvoorbeeld nginx) die X-Forwarded-For of X-Real-IP "
                       "zet: het adres van de bezoeker komt dan uit die kopregels, zodat het afremmen van onjuiste "
                       "codes per bezoeker telt (standaard uit: die kopregels worden genegeerd)")
    add_workspace_option(serve)
    serve.set_defaults(func=cmd_serve)


def cmd_school_new(args: argparse.Namespace) -> int:
    from kit.profile import load_profile
    from kit.workspace import create_school

    folder = create_school(workspace_path(args.workspace), args.id, args.naam)
    load_profile(folder)  # the template itself must be valid
    print(f"School '{args.id}' aangemaakt in {folder}")
    print(f"Vul nu {folder / 'school.yaml'} in en controleer het met: kit school check {folder}")
    return 0


def cmd_school_check(args: argparse.Namespace) -> int:
    from kit.monitor_results import load_monitor_results, results_path
    from kit.profile import MISSING_TEXT, load_profile

    profile = load_profile(args.school_dir)
    results = load_monitor_results(profile.path)  # monitor.yaml beside the profile, when the school has one
    filled, total = profile.completeness()
    print(f"{profile.path}: het profiel van {profile.naam} is in orde.")
    print(f"{filled} van de {total} gegevens zijn ingevuld.")
    missing = profile.missing()
    if missing:
        print(f"{MISSING_TEXT.capitalize()}:")
        for f in missing:
            print(f"  - {f.label} ({f.path})")
    if results is not None:
        years = ", ".join(y.year for y in results.years) or "nog geen schooljaren ingevuld"
        print(f"{results_path(profile.path)}: de uitkomsten van de monitor zijn in orde ({years}).")
    return 0


def cmd_school_list(args: argparse.Namespace) -> int:
    from kit.profile import load_profile
    from kit.errors import ProfileError
    from kit.workspace import list_schools

    workspace = workspace_path(args.workspace)
    schools = list_schools(workspace)
    if not schools:
        print(f"Geen scholen in {workspace}. Maak er een met 'kit school new <id>' of 'kit demo'.")
        return 0
    print(f"Scholen in {workspace}:")
    for school_id in schools:
        try:
            profile = load_profile(workspace / school_id)
            filled, total = profile.completeness()
            print(f"  {school_id:<30} {profile.naam} ({filled}/{total} gegevens ingevuld)")
        except ProfileError as exc:
            print(f"  {school_id:<30} profiel bevat {len(exc.problems)} fout(en): kit school check {workspace / school_id}")
    return 0


def cmd_run(args: argparse.Namespace) -> int:
    from kit.runner import run_school
    from kit.workspace import resolve_school_dir

    school_dir = resolve_school_dir(args.school_dir, workspace_path(args.workspace))
    print(f"Notebooks uitvoeren voor {school_dir.name} ...", flush=True)
    result = run_school(school_dir, progress=lambda line: print(line, flush=True))
    print(f"Klaar. De rapporten staan in {result.output_dir}:")
    for nb in result.notebooks:
        print(f"  {nb.report}")
    return 0


def cmd_demo(args: argparse.Namespace) -> int:
    from kit.demo import install_demos
    from kit.profile import SCHOOL_TYPES, load_profile
    from kit.serve import DEFAULT_HOST, DEFAULT_PORT, page_url

    workspace = workspace_path(args.workspace)
    folders = install_demos(workspace)
    kinds = {folder: SCHOOL_TYPES.get(load_profile(folder).get("onderwijstype") or "", "") for folder in folders}
    print("Voorbeeldscholen (fictief) klaargezet:")
    for folder in folders:
        print(f"  {folder.name:<12} {kinds[folder]:<22} {folder}")
    reports = {}
    if not args.no_run:
        from kit.runner import run_school

        for folder in folders:
            print()
            print(f"Notebooks uitvoeren voor {folder.name} ({kinds[folder]}) ...", flush=True)
            reports[folder] = run_school(folder, progress=lambda line: print(line, flush=True)).notebooks
        print()
        print("Klaar. Open de rapporten in een browser:")
        for folder, notebooks in reports.items():
            print(f"  {folder.name} ({kinds[folder]}):")
            for nb in notebooks:
                print(f"    {nb.report}")
    print()
    print("De apps voor een workshop starten:  kit serve --host 0.0.0.0   (voor een zaal: laptops en telefoons in "
          "hetzelfde netwerk)")
    print("of alleen op deze computer:         make serve   (kit serve)")
    print("en dan openen als begeleider (deel deze links niet; alle links en het korte adres: kit workshop open <school>):")
    from kit.workshop import Store
    from kit.workshop.keys import working_key

    for folder in folders:  # the demo's workshop is closed, which revoked its key: a working one for the links
        with Store(folder) as store:
            key = working_key(store)[1]
        print(f"  {page_url(DEFAULT_HOST, DEFAULT_PORT, '00_start.ipynb', school=folder.name, key=key)}")
    first = folders[0].name if folders else "demo-school"
    print()
    print("Voor de begeleider" + ("" if args.no_run else " (de signaleringskaart staat al in output/)") + ":")
    print(f"  kit draaiboek {first}        het draaiboek van de vijf bijeenkomsten, met de links van de school")
    print(f"  kit certificaat {first}      de certificaten van de deelnemers met een volledige naam")
    print(f"  kit survey papier {first}    de leerlingenquête op papier, met het invoerblad")
    return 0


def cmd_serve(args: argparse.Namespace) -> int:
    from kit.serve import DEFAULT_PARTICIPANTS, MAX_PARTICIPANTS, serve
    from kit.workspace import list_schools

    workspace = workspace_path(args.workspace)
    participants = DEFAULT_PARTICIPANTS if args.deelnemers is None else args.deelnemers
    if participants < 0 or participants > MAX_PARTICIPANTS:
        raise KitError(f"--kernels {participants} kan niet.",
                       hint=f"Kies een aantal van 0 tot en met {MAX_PARTICIPANTS}, bijvoorbeeld het aantal "
                       "begeleiders dat tegelijk een workshoppagina opent.")
    serve(workspace, list_schools(workspace), host=args.host, port=args.port, participants=participants,
          behind_proxy=args.achter_proxy)
    return 0  # not reached: serve() replaces this process by Voila
