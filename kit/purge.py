"""``kit purge``: remove the personal data of a school, a workshop, a participant, or everything before a school year.

What goes (the personal data):

- participants' names: a pseudonym becomes ``deelnemer 1``, ``deelnemer 2`` ... (numbered per workshop), the
  full name for a certificate is removed, and the participant's link (token) is replaced, so an old link
  no longer opens anything;
- participants' free texts: statements (with their history), comments on actions, the written part of a case
  answer (with every earlier version of the answer);
- history: earlier versions of the vision (the current one stays), and earlier versions of actions;
- on an issued certificate: the holder's name (the number, date, school and meetings stay, so
  ``kit certificaat controleer`` still says the number was issued, and that the holder's name was removed);
- generated files in output/ that can show names or texts (reports, visie.json, certificates);
  ``kit run`` makes them again from what is left;
- with ``--ouder-dan``: the raw survey exports in surveys/ of the school years before it.

What stays (what the plan needs, without names): the vision's current text, the value votes and stellingen
ratings as counts, the choices in case answers, the action plan, the survey exports of the years the plan
shows, and the plan itself.

All database changes happen in one transaction; then the database is vacuumed and its write-ahead log
truncated, so removed text is not left behind in the file.
"""

from __future__ import annotations

import argparse
import re
import secrets
import shutil
import sqlite3
import sys
from dataclasses import dataclass, field
from pathlib import Path

from kit.errors import KitError

SCHOOL, WORKSHOP, PERSON, OLDER = "school", "workshop", "deelnemer", "ouder-dan"
PSEUDONYM = "deelnemer {}"
TIMEOUT_S = 10  # how long to wait for a page that is writing or reading
KEPT_OUTPUT = ("beleidsplan-", "enquete.json", "figuren")  # the plan and the survey figures: no workshop names
_YEAR_RE = re.compile(r"^(\d{4})-(\d{4})")


class PurgeError(KitError):
    """The purge cannot be done as asked; nothing was changed."""


@dataclass(frozen=True)
class Scope:
    kind: str
    workshop: int | None = None
    name: str | None = None
    year: str | None = None

    def text(self) -> str:
        """What is purged, as a Dutch phrase."""
        if self.kind == WORKSHOP:
            return f"workshop {self.workshop}"
        if self.kind == PERSON:
            return f"deelnemer '{self.name}'"
        if self.kind == OLDER:
            return f"alles van vóór schooljaar {self.year}"
        return "de hele school"


@dataclass
class Report:
    """How much was (or would be) removed; ``counts`` in a fixed order, labels in Dutch."""

    counts: dict[str, int] = field(default_factory=dict)
    files: list[Path] = field(default_factory=list)

    def add(self, label: str, count: int) -> None:
        self.counts[label] = self.counts.get(label, 0) + count

    def lines(self) -> list[str]:
        lines = [f"  {count:>6}  {label}" for label, count in self.counts.items() if count]
        surveys = [p for p in self.files if p.parent.name == "surveys"]
        if surveys:
            lines.append(f"  {len(surveys):>6}  enquêtebestanden in surveys/: " + ", ".join(p.name for p in surveys))
        generated = [p for p in self.files if p.parent.name != "surveys"]
        if generated:
            lines.append(f"  {len(generated):>6}  gemaakte bestanden in output/ (kit run maakt ze opnieuw)")
        return lines

    @property
    def empty(self) -> bool:
        return not any(self.counts.values()) and not self.files


def school_year_start(year: str) -> str:
    """``2025-2026`` -> ``2025-08-01``: a Dutch school year starts on 1 August."""
    match = _YEAR_RE.match(year or "")
    if not match or int(match.group(2)) != int(match.group(1)) + 1 or len(year) != 9:
        raise PurgeError(f"'{year}' is geen schooljaar.", hint="Schrijf het als 2025-2026.")
    return f"{match.group(1)}-08-01"


# ----------------------------------------------------------------------------- the database


def _ids(conn: sqlite3.Connection, sql: str, params: tuple = ()) -> list[int]:
    return [row[0] for row in conn.execute(sql, params)]


def _marks(ids: list) -> str:
    return ",".join("?" * len(ids))


def _selection(conn: sqlite3.Connection, scope: Scope) -> tuple[list[int], list[int]]:
    """(participant ids, workshop ids) the purge covers; PurgeError for an unknown workshop or person."""
    from kit.workshop.meetings import person_key

    if scope.kind == SCHOOL:
        return _ids(conn, "SELECT id FROM participants"), _ids(conn, "SELECT id FROM workshops")
    if scope.kind == WORKSHOP:
        if not conn.execute("SELECT 1 FROM workshops WHERE id = ?", (scope.workshop,)).fetchone():
            from kit import dates

            known = "; ".join(f"{row[0]} (geopend {dates.dutch_date(dates.local_day(row[1]))}"
                              + (f", {row[2]})" if row[2] else ")")
                              for row in conn.execute("SELECT id, opened_at, meeting FROM workshops ORDER BY id"))
            raise PurgeError(f"Workshop {scope.workshop} bestaat niet bij deze school; er is niets gewijzigd.",
                             hint=f"De workshops van deze school: {known or 'geen'}.")
        return _ids(conn, "SELECT id FROM participants WHERE workshop_id = ?", (scope.workshop,)), [scope.workshop]
    if scope.kind == PERSON:
        wanted, key = scope.name.strip().casefold(), person_key(scope.name)
        people = [row[0] for row in conn.execute("SELECT id, pseudonym, full_name FROM participants")
                  if row[1].strip().casefold() == wanted or (row[2] and person_key(row[2]) == key)]
        certificates = conn.execute("SELECT 1 FROM certificates WHERE person = ? AND person != ''", (key,)).fetchone()
        if not people and not certificates:
            raise PurgeError(f"Niemand met de naam '{scope.name}' gevonden bij deze school; er is niets gewijzigd.",
                             hint="Geef de naam waarmee de deelnemer meedeed, of de volledige naam op het certificaat.")
        return people, []
    start = school_year_start(scope.year)
    workshops = _ids(conn, "SELECT id FROM workshops WHERE opened_at < ?", (start,))
    people = _ids(conn, f"SELECT id FROM participants WHERE workshop_id IN ({_marks(workshops)})", tuple(workshops))
    return people, workshops


def _purge_rows(conn: sqlite3.Connection, scope: Scope, report: Report) -> set[str]:
    """Every database change of the purge (inside the caller's transaction); returns the certificate holders'
    names removed (for their PDFs)."""
    from kit.workshop.meetings import person_key

    people, workshops = _selection(conn, scope)
    p = tuple(people)
    statements = _ids(conn, f"SELECT id FROM statements WHERE participant_id IN ({_marks(people)})", p)
    report.add("uitspraken (met hun eerdere versies)", len(statements))
    conn.execute(f"DELETE FROM statement_versions WHERE statement_id IN ({_marks(statements)})", tuple(statements))
    conn.execute(f"DELETE FROM statements WHERE id IN ({_marks(statements)})", tuple(statements))
    report.add("reacties op acties", conn.execute(
        f"DELETE FROM plan_comments WHERE participant_id IN ({_marks(people)})", p).rowcount)
    answers = _ids(conn, f"SELECT id FROM case_answers WHERE participant_id IN ({_marks(people)})", p)
    report.add("toelichtingen bij casussen", conn.execute(
        f"UPDATE case_answers SET text = '' WHERE text != '' AND id IN ({_marks(answers)})", tuple(answers)).rowcount)
    report.add("eerdere versies van antwoorden op casussen", conn.execute(
        f"DELETE FROM case_answer_versions WHERE answer_id IN ({_marks(answers)})", tuple(answers)).rowcount)

    named = conn.execute(f"SELECT full_name FROM participants WHERE full_name IS NOT NULL AND id IN ({_marks(people)})",
                         p).fetchall()
    holders = {row[0] for row in named}
    report.add("volledige namen (voor certificaten)", len(named))
    renamed = 0
    for workshop_id in sorted({row[0] for row in conn.execute(
            f"SELECT workshop_id FROM participants WHERE id IN ({_marks(people)})", p)}):
        for number, (participant_id, pseudonym) in enumerate(conn.execute(
                "SELECT id, pseudonym FROM participants WHERE workshop_id = ? ORDER BY id", (workshop_id,)).fetchall(),
                start=1):
            if participant_id in people:
                new = PSEUDONYM.format(number)
                renamed += pseudonym != new
                conn.execute("UPDATE participants SET pseudonym = ?, full_name = NULL, token = ? WHERE id = ?",
                             (new, secrets.token_urlsafe(16), participant_id))
    report.add("deelnemersnamen (nu 'deelnemer 1', 'deelnemer 2' ...)", renamed)

    w = tuple(workshops)
    report.add("eerdere versies van de visie", conn.execute(
        f"""DELETE FROM vision_versions WHERE workshop_id IN ({_marks(workshops)}) AND id NOT IN (
                SELECT COALESCE((SELECT id FROM vision_versions f WHERE f.workshop_id = v.workshop_id AND f.final = 1),
                                MAX(v.id))
                FROM vision_versions v GROUP BY v.workshop_id)""", w).rowcount)

    actions_sql = {SCHOOL: "SELECT id FROM plan_actions",
                   OLDER: "SELECT id FROM plan_actions WHERE school_year < ?",
                   WORKSHOP: "SELECT DISTINCT action_id FROM plan_action_versions WHERE workshop_id = ?"}.get(scope.kind)
    if actions_sql:
        params = {OLDER: (scope.year,), WORKSHOP: (scope.workshop,)}.get(scope.kind, ())
        actions = _ids(conn, actions_sql, params)
        report.add("eerdere versies van acties", conn.execute(
            f"""DELETE FROM plan_action_versions WHERE action_id IN ({_marks(actions)}) AND id NOT IN (
                    SELECT MAX(id) FROM plan_action_versions GROUP BY action_id)""", tuple(actions)).rowcount)

    if scope.kind == SCHOOL:
        where, params = "full_name != ''", ()
    elif scope.kind == OLDER:
        where, params = "full_name != '' AND issued_at < ?", (school_year_start(scope.year),)
    elif scope.kind == PERSON:
        keys = {person_key(scope.name)} | {person_key(name) for name in holders}
        where, params = f"full_name != '' AND person IN ({_marks(list(keys))})", tuple(keys)
    else:  # a certificate covers several meetings: purging one workshop does not remove it
        where, params = None, ()
    removed_names: set[str] = set(holders)
    if where:
        removed_names |= {row[0] for row in conn.execute(f"SELECT full_name FROM certificates WHERE {where}", params)}
        report.add("namen op uitgegeven certificaten (nummer en datum blijven)", conn.execute(
            f"UPDATE certificates SET full_name = '', person = '' WHERE {where}", params).rowcount)
    return removed_names


def _files(school_dir: Path, scope: Scope, names: set[str]) -> list[Path]:
    """The files the purge removes: generated output that can show names or texts, certificates of the
    people removed, and (``--ouder-dan``) the raw survey exports of earlier school years."""
    from kit.certificates.render import slug

    output = school_dir / "output"
    files: list[Path] = []
    if output.is_dir():
        for path in sorted(output.iterdir()):
            if path.name == "certificaten":
                continue
            if not path.name.startswith(KEPT_OUTPUT):
                files.append(path)
        certificates = output / "certificaten"
        if certificates.is_dir():
            slugs = {slug(name) for name in names if name}
            for path in sorted(certificates.glob("certificaat-*.pdf")):
                if scope.kind in (SCHOOL, OLDER) or any(
                        re.fullmatch(rf"certificaat-{re.escape(s)}(-[a-z0-9]{{4}})?", path.stem) for s in slugs):
                    files.append(path)
    surveys = school_dir / "surveys"
    if scope.kind == OLDER and surveys.is_dir():
        files += [path for path in sorted(surveys.iterdir())
                  if _YEAR_RE.match(path.name) and path.name[:9] < scope.year]
    return files


def _rebuild(conn: sqlite3.Connection, database: Path) -> None:
    """VACUUM and truncate the write-ahead log, so no removed text stays in free pages or in the log."""
    try:
        conn.execute("VACUUM")
        if conn.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()[0]:  # busy: a reader kept the log
            raise sqlite3.OperationalError("database is locked")
    except sqlite3.OperationalError as exc:
        raise PurgeError(f"{database}: de gegevens zijn verwijderd, maar het bestand kon niet opnieuw worden "
                         f"opgebouwd ({exc}); er kan nog verwijderde tekst in staan.",
                         hint="Stop kit serve en voer dezelfde opdracht nog een keer uit.") from exc


def rebuild(school_dir: str | Path) -> None:
    """Only :func:`_rebuild` (for a purge whose rebuild failed earlier); nothing else changes."""
    from kit.workshop.store import DB_NAME

    database = Path(school_dir) / DB_NAME
    if database.is_file():
        conn = sqlite3.connect(database, isolation_level=None, timeout=TIMEOUT_S)
        try:
            _rebuild(conn, database)
        finally:
            conn.close()


def purge(school_dir: str | Path, scope: Scope, *, apply: bool = True) -> Report:
    """Remove (``apply``) or count (``apply=False``: nothing changes) what ``scope`` covers in one school."""
    from kit.workshop.store import DB_NAME, Store

    school_dir = Path(school_dir)
    if scope.kind == OLDER:
        school_year_start(scope.year)
    report = Report()
    names: set[str] = set()
    unfinished: PurgeError | None = None
    database = school_dir / DB_NAME
    if database.is_file():
        Store(school_dir, create=False).close()  # migrated to the current schema
        conn = sqlite3.connect(database, isolation_level=None, timeout=TIMEOUT_S)
        try:
            conn.execute("PRAGMA secure_delete = ON")  # freed pages are overwritten with zeros
            conn.execute("BEGIN IMMEDIATE")
            try:
                names = _purge_rows(conn, scope, report)
                conn.execute("COMMIT" if apply else "ROLLBACK")
            except BaseException:
                if conn.in_transaction:
                    conn.execute("ROLLBACK")
                raise
            if apply:
                try:
                    _rebuild(conn, database)
                except PurgeError as exc:
                    unfinished = exc  # the rows are gone: remove the files too, then say so
        except sqlite3.OperationalError as exc:
            raise PurgeError(f"{database}: de workshopdatabase is in gebruik ({exc}); er is niets verwijderd.",
                             hint="Stop kit serve (en sluit de notebooks van deze school) en probeer het opnieuw."
                             ) from exc
        finally:
            conn.close()
    elif scope.kind in (WORKSHOP, PERSON):
        raise PurgeError(f"{school_dir}: hier is nog geen workshop gehouden; er is niets te verwijderen.")
    report.files = _files(school_dir, scope, names)
    if apply:
        for path in report.files:
            shutil.rmtree(path) if path.is_dir() else path.unlink(missing_ok=True)
    if unfinished is not None:
        raise unfinished
    return report


# ----------------------------------------------------------------------------- the command


def register(subparsers: argparse._SubParsersAction) -> None:
    from kit.cli import add_workspace_option

    parser = subparsers.add_parser(
        "purge", help="persoonsgegevens van een school, workshop of deelnemer verwijderen",
        description="Verwijdert persoonsgegevens uit de workshopdatabase en de map van een school: namen van "
        "deelnemers (zij heten daarna 'deelnemer 1', 'deelnemer 2' ...), volledige namen, uitspraken, reacties, "
        "toelichtingen bij casussen, eerdere versies, namen op uitgegeven certificaten en gemaakte rapporten. Wat "
        "het plan nodig heeft blijft: de visie, de stemmen en scores als aantallen, het actieplan en de enquête. "
        "Zonder optie: de hele school. Vraagt om bevestiging (tenzij --ja).")
    parser.add_argument("school_dir", metavar="SCHOOL", help="de map van de school of de school-id")
    which = parser.add_mutually_exclusive_group()
    which.add_argument("--workshop", type=int, metavar="N", help="alleen workshop N: de workshops zijn genummerd in de volgorde waarin ze "
                       "werden geopend (1 is de eerste); een onbekend nummer toont de lijst")
    which.add_argument("--deelnemer", metavar="NAAM", help="alleen deze deelnemer: de naam waarmee hij of zij "
                       "meedeed, of de volledige naam")
    which.add_argument("--ouder-dan", metavar="SCHOOLJAAR", dest="ouder_dan",
                       help="alles van vóór dit schooljaar (bv. 2025-2026), ook de enquêtebestanden van die jaren")
    parser.add_argument("--ja", action="store_true", help="niet om bevestiging vragen")
    add_workspace_option(parser)
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from kit.paths import workspace_path
    from kit.workspace import resolve_school_dir

    folder = resolve_school_dir(args.school_dir, workspace_path(args.workspace))
    if args.workshop is not None:
        scope = Scope(WORKSHOP, workshop=args.workshop)
    elif args.deelnemer is not None:
        if not args.deelnemer.strip():
            raise PurgeError("Geef de naam van de deelnemer.", hint="Bijvoorbeeld: --deelnemer \"Anna de Vries\"")
        scope = Scope(PERSON, name=args.deelnemer)
    elif args.ouder_dan is not None:
        scope = Scope(OLDER, year=args.ouder_dan.strip())
    else:
        scope = Scope(SCHOOL)
    try:
        preview = purge(folder, scope, apply=False)
    except PurgeError:
        rebuild(folder)  # a second run for a person already removed still finishes an earlier rebuild
        raise
    if preview.empty:
        purge(folder, scope)  # still rebuilds the file, in case an earlier purge could not
        print(f"{folder.name}: voor {scope.text()} is er niets (meer) te verwijderen.")
        return 0
    if not args.ja:
        print(f"{folder.name}: dit wordt verwijderd voor {scope.text()}:")
        print("\n".join(preview.lines()))
        print("Dit kan niet ongedaan worden gemaakt. Het plan blijft te maken.")
        if not sys.stdin.isatty():
            raise PurgeError("Er is niets verwijderd: er kan hier niet om bevestiging worden gevraagd.",
                             hint="Voeg --ja toe aan de opdracht als u zeker weet dat dit weg mag.")
        answer = input("Doorgaan? Typ ja en Enter: ").strip().lower()
        if answer != "ja":
            print("Er is niets verwijderd.")
            return 1
    report = purge(folder, scope)
    print(f"{folder.name}: verwijderd voor {scope.text()}:")
    print("\n".join(report.lines()) or "  niets")
    if scope.kind != OLDER and (folder / "surveys").is_dir() and any((folder / "surveys").iterdir()):
        print("De enquêtebestanden in surveys/ blijven staan: het plan rekent ermee. Oude jaren verwijdert u met "
              "--ouder-dan SCHOOLJAAR.")
    print("De database is daarna opnieuw opgebouwd (VACUUM), zodat de verwijderde tekst ook niet meer in het "
          "bestand staat.")
    return 0
