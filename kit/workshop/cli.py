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
    start.set_defaults(func=run_open)

    close = commands.add_parser(
        "close",
        help="sluit de lopende workshop",
        description="Sluit de lopende workshop: deelnemers zien dat hij gesloten is en kunnen niets meer invoeren. "
        "Alles blijft bewaard; 'kit workshop open' opent hem weer.",
    )
    _school_argument(close)
    close.set_defaults(func=run_close)

    key = commands.add_parser(
        "key",
        help="toon of vervang de begeleiderslinks",
        description="Toon de begeleiderslinks van de laatste workshop. Met --nieuw krijgt die workshop een nieuwe "
        "begeleiderssleutel: de oude links werken meteen niet meer (bijvoorbeeld als een link is gedeeld).",
    )
    _school_argument(key)
    key.add_argument("--nieuw", action="store_true", help="maak een nieuwe sleutel; de oude links werken niet meer")
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
    from kit.workshop.meetings import meeting_of, set_meeting

    folder, school_id = _school(args)
    votes = DEFAULT_VOTES if args.stemmen is None else args.stemmen
    draaiboek = load_draaiboek()
    with Store(folder) as store:
        choice = choose(store, draaiboek, args.bijeenkomst, args.nieuw, args.school_dir)
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
    print(f"\nDeelnamecode: {workshop.join_code}\n")
    # Every live app takes the same code; the apps this meeting works in come first.
    ours = meeting.join_apps if meeting is not None else ()
    apps = sorted(live_apps(), key=lambda app: app[2] not in ours)
    marked = [(title + (" (deze bijeenkomst)" if notebook in ours else ""), url) for title, url, notebook in apps]
    _print_participant_links(apps, ours, school_id, workshop.join_code)
    _print_links(FACILITATOR_LINKS, marked, school_id, key=opened.facilitator_key)
    print(f"\nSluiten na afloop: kit workshop close {args.school_dir}")
    return 0


def _print_participant_links(apps: list[tuple[str, str, str]], ours: tuple[str, ...], school_id: str,
                             code: str) -> None:
    """The participants' addresses: the light page of each app (:func:`kit.light.routes.participant_link`)."""
    from kit.light.routes import participant_link

    print("Links voor de deelnemers (dezelfde code voor elke stap):")
    for title, _, notebook in apps:
        marked = title + (" (deze bijeenkomst)" if notebook in ours else "")
        print(f"  {marked}: {participant_link(school_id, code, notebook, APPS_URL.split('voila/')[0])}")


def _print_links(heading: str, apps: list[tuple[str, str]], school_id: str, **access: str) -> None:
    """``heading``, then per app its address with the school and the code or key (``access``)."""
    print(heading)
    for title, url in apps:
        print(f"  {title}: {url}?{urlencode({'school': school_id, **access})}")


def live_apps() -> list[tuple[str, str, str]]:
    """(``"2. Signaleren en handelen"``, address, notebook) for each course step with a live app, in course order."""
    from kit.course import STEPS

    return [(f"{step.number}. {step.title}", f"{APPS_URL}{step.notebook}.ipynb", step.notebook)
            for step in STEPS if step.notebook in LIVE_STEPS and step.available]


def run_close(args: argparse.Namespace) -> int:
    """``kit workshop close``: close the open workshop."""
    from kit.workshop.session import close_workshop
    from kit.workshop.store import Store

    folder, school_id = _school(args)
    with Store(folder, create=False) as store:
        close_workshop(store)
    print(f"Workshop voor {school_id} gesloten. Deelnemers kunnen niets meer invoeren; alles is bewaard.")
    print("De begeleiderslinks blijven werken (voor de resultaten, de visie en het actieplan) tot er een nieuwe "
          f"workshop begint. Meteen intrekken: kit workshop key {args.school_dir} --nieuw")
    print(f"Weer openen: kit workshop open {args.school_dir}")
    return 0


def run_key(args: argparse.Namespace) -> int:
    """``kit workshop key``: print the facilitator links of the newest workshop; ``--nieuw`` replaces its key."""
    from kit.workshop.errors import WorkshopError
    from kit.workshop.keys import current_key, rotate_key
    from kit.workshop.store import Store

    folder, school_id = _school(args)
    with Store(folder, create=False) as store:
        found = rotate_key(store) if args.nieuw else current_key(store)
    if found is None:
        raise WorkshopError(f"{school_id} heeft nog geen workshop.",
                            hint=f"Start er een met: kit workshop open {args.school_dir}")
    if args.nieuw:
        print(f"Nieuwe begeleiderssleutel voor {school_id}: de oude begeleiderslinks werken vanaf nu niet meer.")
    _print_links(FACILITATOR_LINKS, [(title, url) for title, url, _ in live_apps()], school_id, key=found[1])
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
