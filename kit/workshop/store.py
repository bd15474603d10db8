"""The connection to one school's ``workshop.sqlite``: WAL, busy handling, one transaction per action.

Every Voila page has its own kernel and its own :class:`Store`; the database file is
what they share. A write runs as ``BEGIN IMMEDIATE … COMMIT``, so it takes the single
write lock up front and never has to upgrade a read lock (the case where SQLite
gives up at once instead of waiting). SQLite's busy timeout waits for the lock;
if it still cannot get it, the whole transaction is retried after a short random
pause. WAL mode lets readers go on while someone writes.
"""

from __future__ import annotations

import random
import sqlite3
import threading
import time
from datetime import datetime, timezone
from os import PathLike
from pathlib import Path
from typing import Callable, TypeVar

from kit.workshop.errors import StoreError
from kit.workshop.migrations import migrate

DB_NAME = "workshop.sqlite"
BUSY_TIMEOUT_S = 5.0
RETRY_PAUSES_S = (0.05, 0.1, 0.2, 0.5, 1.0)

T = TypeVar("T")


def utc_now() -> str:
    """The current time as an ISO 8601 string in UTC, to the millisecond."""
    return datetime.now(timezone.utc).isoformat(timespec="milliseconds")


class Store:
    """One school's workshop database, opened (and migrated forward) on creation.

    ``create=False`` refuses to make a new database file. A Store may be used from
    several threads (a page that refreshes itself in the background); it must not be
    carried into another process: make a new one there.
    """

    def __init__(self, school_dir: str | PathLike, *, create: bool = True):
        self.school_dir = Path(school_dir)
        self.path = self.school_dir / DB_NAME
        if not self.school_dir.is_dir():
            raise StoreError(f"De map {self.school_dir} bestaat niet.")
        if not create and not self.path.is_file():
            raise StoreError(
                f"{self.school_dir}: hier is nog geen workshop gehouden.",
                hint="Start er een met: kit workshop open " + str(self.school_dir),
            )
        self._lock = threading.RLock()
        self._conn = _retry(self._connect)

    def _connect(self) -> sqlite3.Connection:
        try:
            conn = sqlite3.connect(
                self.path, timeout=BUSY_TIMEOUT_S, isolation_level=None, check_same_thread=False
            )
        except sqlite3.Error as exc:
            raise StoreError(f"{self.path}: de workshopdatabase kan niet worden geopend ({exc}).") from exc
        try:
            conn.row_factory = sqlite3.Row
            mode = conn.execute("PRAGMA journal_mode=WAL").fetchone()[0]
            if mode != "wal":
                raise StoreError(
                    f"{self.path}: de database kan in deze map niet veilig gedeeld worden.",
                    hint="Zet de werkmap op een lokale schijf (niet op een netwerkschijf).",
                )
            conn.execute("PRAGMA synchronous=FULL")
            conn.execute("PRAGMA foreign_keys=ON")
            migrate(conn)
        except sqlite3.DatabaseError as exc:
            conn.close()
            if _is_busy(exc):
                raise
            raise StoreError(
                f"{self.path}: dit is geen bruikbare workshopdatabase ({exc}).",
                hint="Zet een reservekopie terug, of verplaats het bestand en start een nieuwe workshop.",
            ) from exc
        except BaseException:
            conn.close()
            raise
        return conn

    def write(self, action: Callable[[sqlite3.Connection], T]) -> T:
        """Run ``action(conn)`` as one write transaction, committed before returning.

        ``action`` may run more than once (after a busy retry), so it must not change
        anything outside the database. An exception inside it rolls everything back and
        is passed on.
        """
        return self._run("BEGIN IMMEDIATE", action)

    def read(self, action: Callable[[sqlite3.Connection], T]) -> T:
        """Run ``action(conn)`` in one read transaction: all its queries see the same moment.

        Reads may nest: a read inside another read joins the outer one, so a function
        that calls several read functions inside ``store.read`` gets one consistent view.
        """
        with self._lock:
            if self._connection().in_transaction:
                return action(self._conn)
            return self._run("BEGIN", action)

    def _run(self, begin: str, action: Callable[[sqlite3.Connection], T]) -> T:
        with self._lock:
            conn = self._connection()
            if conn.in_transaction:
                raise RuntimeError("a write cannot start inside another transaction")
            return _retry(lambda: _transaction(conn, begin, action))

    def _connection(self) -> sqlite3.Connection:
        if self._conn is None:
            raise StoreError("De verbinding met de workshopdatabase is al gesloten.")
        return self._conn

    @property
    def schema_version(self) -> int:
        """The schema version recorded in the database (``PRAGMA user_version``)."""
        return self.read(lambda conn: conn.execute("PRAGMA user_version").fetchone()[0])

    def close(self) -> None:
        """Close the connection; everything written is already committed."""
        with self._lock:
            if self._conn is not None:
                self._conn.close()
                self._conn = None

    def __enter__(self) -> "Store":
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()


def _transaction(conn: sqlite3.Connection, begin: str, action: Callable[[sqlite3.Connection], T]) -> T:
    conn.execute(begin)
    try:
        result = action(conn)
        conn.execute("COMMIT")
    except BaseException:
        if conn.in_transaction:
            conn.execute("ROLLBACK")
        raise
    return result


def _is_busy(exc: sqlite3.Error) -> bool:
    code = getattr(exc, "sqlite_errorcode", 0) & 0xFF
    return code in (sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED)


def _retry(attempt: Callable[[], T]) -> T:
    """Call ``attempt`` until it does not fail with SQLITE_BUSY, pausing a little longer each time."""
    pauses = iter(RETRY_PAUSES_S)
    while True:
        try:
            return attempt()
        except sqlite3.OperationalError as exc:
            if not _is_busy(exc):
                raise
            pause = next(pauses, None)
            if pause is None:
                raise StoreError(
                    "De workshopdatabase is te lang bezet.",
                    hint="Wacht een paar seconden en probeer het opnieuw.",
                ) from exc
            time.sleep(pause * (1 + random.random()))
