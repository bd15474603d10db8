"""``kit workshop``: start or resume, close and export a school's live workshop."""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from urllib.parse import urlencode

from kit.cli import add_workspace_option

APPS_URL = "http://127.0.0.1:8866/voila/render/"
FACILITATOR_LINKS = "Links voor de begeleider (deel deze niet; wie ze heeft, kan alles beheren):"
LIVE_STEPS = ("01_visie", "02_signaleren", "04_actieplan")  # the course steps with a live workshop app
PUBLIC_PLAN_STEP = "05_beleidsplan"  # with the join code: the public version of the plan, without a kernel


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add ``kit workshop open|close|export`` to the main parser."""
    parser = subparsers.add_parser(
        "workshop",
        help="live workshop starten, sluiten of exporteren",
        description="De live workshop van een school: deelnemers doen mee vanaf hun eigen laptop of telefoon.",
    )
    commands = parser.add_subparsers(title="opdrachten", metavar="<opdracht>", required=True)

    start = commands.add_parser(
        "open",
        help="start een workshop of ga verder met de lopende",
        description="Start een workshop, of ga verder met de laatste. Toont de deelnamecode en de links "
        "voor deelnemers en begeleider.",
    )
    _school_argument(start)
    start.add_argument("--nieuw", action="store_true",
                       help="begin een nieuwe workshop met een nieuwe code, ook als er al een is geweest")
    start.add_argument("--stemmen", type=int, metavar="AANTAL",
                       help="stemmen per deelnemer bij de waarden (standaard 3; alleen voor een nieuwe workshop)")
    start.add_argument("--bijeenkomst", metavar="N",
                       help="de bijeenkomst uit het draaiboek (nummer of id); een andere bijeenkomst dan de "
                       "laatste workshop krijgt een nieuwe workshop met een eigen code (standaard: verder met de "
                       "laatste; een nieuwe workshop wordt de eerstvolgende bijeenkomst die nog niet is gehouden)")
    _address_options(start)
    start.set_defaults(func=run_open)

    close = commands.add_parser(
        "close",
        help="sluit de lopende workshop",
        description="Sluit de lopende workshop: deelnemers zien dat hij gesloten is en kunnen niets meer invoeren, "
        "en de begeleiderslinks werken niet meer ('kit workshop key' geeft nieuwe). Alles blijft bewaard; "
        "'kit workshop open' opent hem weer.",
    )
    _school_argument(close)
    close.set_defaults(func=run_close)

    key = commands.add_parser(
        "key",
        help="toon of vervang de begeleiderslinks",
        description="Toon begeleiderslinks die werken, naar alle pagina's van de school; nodig na het sluiten van een "
        "workshop, of als de school nog geen workshop heeft. Met --nieuw komt er meteen een nieuwe "
        "begeleiderssleutel: de oude links werken niet meer (bijvoorbeeld als een link is gedeeld).",
    )
    _school_argument(key)
    key.add_argument("--nieuw", action="store_true", help="maak een nieuwe sleutel; de oude links werken niet meer")
    _address_options(key)
    key.set_defaults(func=run_key)

    export = commands.add_parser(
        "export",
        help="toon alles wat in de workshops is ingevoerd",
        description="Toon alles wat in de workshops van een school is ingevoerd: uitspraken, stemmen, "
        "beoordelingen van stellingen, thema's, versies van de visie en antwoorden op casussen.",
    )
    _school_argument(export)
    export.add_argument("--json", action="store_true", help="alles als JSON, voor analyse en tests")
    export.set_defaults(func=run_export)


def _school_argument(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("school_dir", metavar="SCHOOL_DIR", help="de map van de school, of alleen de school-id")
    add_workspace_option(parser)


def _address_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--host", help="het adres van kit serve in de links (standaard: dat van de draaiende "
                        "kit serve, anders 127.0.0.1)")
    parser.add_argument("--port", type=int, help="de poort van kit serve in de links (standaard: die van de "
                        "draaiende kit serve, anders 8866)")


def _school(args: argparse.Namespace) -> tuple[Path, str]:
    """The school's folder and its id (the folder name, which must be a valid id)."""
    from kit.paths import workspace_path
    from kit.workspace import check_id, resolve_school_dir

    folder = resolve_school_dir(args.school_dir, workspace_path(args.workspace))
    return folder, check_id(folder.name)


def run_open(args: argparse.Namespace) -> int:
    """``kit workshop open``: print the join code and both links."""
    from kit.workshop.session import DEFAULT_VOTES, list_workshops, open_workshop
    from kit.workshop.store import Store

    from kit.draaiboek import load_draaiboek
    from kit.draaiboek.schedule import choose
    from kit.workshop.keys import current_key
    from kit.workshop.meetings import meeting_of, set_meeting

    folder, school_id = _school(args)
    votes = DEFAULT_VOTES if args.stemmen is None else args.stemmen
    draaiboek = load_draaiboek()
    with Store(folder) as store:
        choice = choose(store, draaiboek, args.bijeenkomst, args.nieuw, args.school_dir)
        before = current_key(store)
        opened = open_workshop(store, new=choice.new, votes_per_participant=votes)
        if choice.meeting is not None:
            set_meeting(store, opened.workshop.id, choice.meeting.id)
        meeting = draaiboek.by_id(meeting_of(store, opened.workshop.id))
        first_id = list_workshops(store)[0].id
    workshop = opened.workshop
    done = {"started": "gestart", "resumed": "loopt nog; je gaat verder", "reopened": "weer geopend"}
    print(f"Workshop voor {school_id} {done[opened.status]}.")
    if opened.status == "started" and opened.workshop.id != first_id:
        print("De begeleiderslinks van eerdere workshops van deze school werken vanaf nu niet meer.")
    if meeting is not None:
        print(f"Bijeenkomst {meeting.number}: {meeting.title} (het draaiboek: kit draaiboek {args.school_dir})")
    else:
        print("Deze workshop hoort bij geen bijeenkomst uit het draaiboek; kies er een met --bijeenkomst N.")
    if args.stemmen is not None and opened.status != "started":
        print(f"Let op: --stemmen geldt alleen voor een nieuwe workshop; deze houdt "
              f"{workshop.votes_per_participant} stemmen per deelnemer.")
    _example_note(folder, school_id, workshop.id, opened.status, args.school_dir)
    print(f"\nDeelnamecode: {workshop.join_code}\n")
    ours = meeting.join_apps if meeting is not None else ()
    if opened.status == "reopened" and before is not None and before[1] != opened.facilitator_key:
        print("De workshop heeft een nieuwe begeleiderssleutel gekregen (sluiten trok de vorige in).\n")
    _print_all_links(folder, args, school_id, workshop.join_code, opened.facilitator_key, ours)
    print(f"\nSluiten na afloop: kit workshop close {args.school_dir}")
    return 0


def _example_note(folder: Path, school_id: str, workshop_id: int, status: str, target: str) -> None:
    """A demo school's workshop that goes on has made-up participants: say who, and how to start an empty one."""
    from kit.demo import DEMO_IDS
    from kit.workshop.session import list_participants
    from kit.workshop.store import Store

    if status == "started" or school_id not in DEMO_IDS:
        return
    with Store(folder, create=False) as store:
        names = [p["pseudonym"] for p in list_participants(store, workshop_id)]
    if names:
        print(f"Dit is de voorbeeldworkshop; er doen al {len(names)} (verzonnen) deelnemers mee: {', '.join(names)}. "
              f"Die namen zijn hierin bezet. Een lege workshop voor echte deelnemers: "
              f"kit workshop close {target}, dan kit workshop open {target} --nieuw")


def _print_all_links(folder: Path, args: argparse.Namespace, school_id: str, code: str | None, key: str,
                     ours: tuple[str, ...] = ()) -> None:
    """The short join address and the participants' links (with ``code``), then the facilitator's (with ``key``).

    Every live app takes the same code; the apps this meeting works in (``ours``) come first.
    """
    from kit.live.header import join_address
    from kit.workshop.links import apps_address, facilitator_links, participant_links, steps

    address = apps_address(folder.parent, args.host, args.port)
    if address.note:
        print(address.note + "\n")
    mark = " (deze bijeenkomst)"
    if code:
        print("Voor de deelnemers (dezelfde code voor elke stap):")
        print(f"  Kort adres: {join_address(code, base=address.base)}  (brengt naar de stap van deze bijeenkomst; "
              "staat met QR-code op de beamer)")
        links = sorted(participant_links(address.base, school_id, code), key=lambda link: link[0] not in ours)
        for notebook, title, url in links:
            print(f"  {title}{mark if notebook in ours else ''}: {url}")
        public = f"{address.base}/voila/render/{PUBLIC_PLAN_STEP}.ipynb?{urlencode({'school': school_id, 'code': code})}"
        print(f"  {dict(steps())[PUBLIC_PLAN_STEP]} (openbare versie): {public}")
    print(FACILITATOR_LINKS)
    for notebook, title, url in facilitator_links(address.base, school_id, key):
        print(f"  {title}{mark if notebook in ours else ''}: {url}")



def run_close(args: argparse.Namespace) -> int:
    """``kit workshop close``: close the open workshop."""
    from kit.workshop.session import close_workshop
    from kit.workshop.store import Store

    folder, school_id = _school(args)
    with Store(folder, create=False) as store:
        close_workshop(store)
    print(f"Workshop voor {school_id} gesloten. Deelnemers kunnen niets meer invoeren; alles is bewaard.")
    print("De begeleiderslinks van deze workshop werken niet meer. Verder werken aan de visie, de enquête en het "
          f"plan: kit workshop key {args.school_dir} geeft nieuwe links.")
    print(f"Weer openen: kit workshop open {args.school_dir}")
    return 0


def run_key(args: argparse.Namespace) -> int:
    """``kit workshop key``: print links with a working facilitator key; ``--nieuw`` replaces the key at once."""
    from kit.workshop.keys import rotate_key, working_key
    from kit.workshop.store import Store

    from kit.workshop.session import facilitator_access

    folder, school_id = _school(args)
    with Store(folder) as store:  # a school without a workshop gets a key too: the survey and the plan need one
        if args.nieuw:
            key, made = rotate_key(store)[1], True
        else:
            _, key, made = working_key(store)
        workshop = facilitator_access(store, key)  # None: the school's key before its first workshop
    if args.nieuw:
        print(f"Nieuwe begeleiderssleutel voor {school_id}: de oude begeleiderslinks werken vanaf nu niet meer.")
    elif made:
        print(f"Nieuwe begeleiderssleutel voor {school_id}: de vorige werkte niet meer (of er was er nog geen).")
    code = workshop.join_code if workshop is not None and workshop.is_open else None
    _print_all_links(folder, args, school_id, code, key)
    return 0



def run_export(args: argparse.Namespace) -> int:
    """``kit workshop export``: everything as JSON, or a short summary per workshop."""
    from kit.workshop.export import export

    folder, _ = _school(args)
    data = export(folder)
    if args.json:
        print(json.dumps(data, ensure_ascii=False, indent=2))
        return 0
    count = len(data["workshops"])
    print(f"School {data['school']}: {count} {'workshop' if count == 1 else 'workshops'}.")
    for workshop in data["workshops"]:
        print(_summary(workshop))
    print("Alles als JSON: voeg --json toe.")
    return 0


def _summary(workshop: dict) -> str:
    live = [s for s in workshop["statements"] if not (s["withdrawn_at"] or s["deleted_at"])]
    votes = [v for v in workshop["votes"] if not v["withdrawn_at"]]
    themes = [t for t in workshop["themes"] if not t["deleted_at"]]
    finals = sum(1 for v in workshop["vision_versions"] if v["final"])
    state = "open" if workshop["is_open"] else "gesloten"
    return (
        f"  Workshop {workshop['id']} ({state}, begonnen {workshop['opened_at'][:10]}): "
        f"{len(workshop['participants'])} deelnemers, {len(live)} uitspraken, {len(votes)} stemmen, "
        f"{len(workshop['ratings'])} beoordelingen, {len(themes)} thema's, "
        f"{len(workshop['vision_versions'])} versies van de visie ({finals} definitief), "
        f"{len(workshop['case_answers'])} {'antwoord' if len(workshop['case_answers']) == 1 else 'antwoorden'} "
        "op casussen."
    )
