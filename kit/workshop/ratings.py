"""Exercise 3, "Stellingen": every participant rates each stelling from helemaal oneens to helemaal eens.

A participant has one current rating per stelling; rating again replaces it.
"""

from __future__ import annotations

import sqlite3
from statistics import fmean, pstdev

from kit.workshop.codes import check_participant_token
from kit.workshop.errors import InputError
from kit.workshop.session import writing_participant
from kit.workshop.store import Store, utc_now

SCALE: dict[int, str] = {
    1: "helemaal oneens",
    2: "oneens",
    3: "neutraal",
    4: "eens",
    5: "helemaal eens",
}


def list_stellingen(store: Store, workshop_id: int) -> list[dict]:
    """The workshop's stellingen in template order: ``[{"id", "text"}, ...]``."""
    rows = store.read(
        lambda conn: conn.execute(
            "SELECT stelling_id AS id, text FROM workshop_stellingen WHERE workshop_id = ? ORDER BY position",
            (workshop_id,),
        ).fetchall()
    )
    return [dict(row) for row in rows]


def rate(store: Store, token: str, stelling_id: str, score: int) -> None:
    """Record the participant's rating of a stelling: ``score`` 1 (helemaal oneens) to 5 (helemaal eens)."""
    token = check_participant_token(token)
    if isinstance(score, bool) or not isinstance(score, int) or score not in SCALE:
        raise InputError("Kies een antwoord van 'helemaal oneens' tot 'helemaal eens'.")

    def action(conn: sqlite3.Connection) -> None:
        participant = writing_participant(conn, token)
        found = isinstance(stelling_id, str) and conn.execute(
            "SELECT 1 FROM workshop_stellingen WHERE workshop_id = ? AND stelling_id = ?",
            (participant["workshop_id"], stelling_id),
        ).fetchone()
        if not found:
            raise InputError("Deze stelling staat niet op de lijst van deze workshop.")
        conn.execute(
            """INSERT INTO ratings (participant_id, workshop_id, stelling_id, score, rated_at)
               VALUES (?, ?, ?, ?, ?)
               ON CONFLICT (participant_id, stelling_id) DO UPDATE SET score = excluded.score,
                   rated_at = excluded.rated_at""",
            (participant["id"], participant["workshop_id"], stelling_id, int(score), utc_now()),
        )

    store.write(action)


def own_ratings(store: Store, token: str) -> dict[str, int]:
    """The participant's current ratings: ``{stelling_id: score}``."""
    token = check_participant_token(token)
    rows = store.read(
        lambda conn: conn.execute(
            """SELECT r.stelling_id, r.score FROM ratings r JOIN participants p ON p.id = r.participant_id
               WHERE p.token = ?""",
            (token,),
        ).fetchall()
    )
    return {row["stelling_id"]: row["score"] for row in rows}


def rating_results(store: Store, workshop_id: int) -> list[dict]:
    """Per stelling the distribution of the ratings, the most divided first.

    Each is ``{"id", "text", "counts", "n", "mean", "spread"}``: ``counts`` maps every
    score 1..5 to its number of ratings, ``mean`` is None without ratings, and
    ``spread`` is the standard deviation of the scores (0 for fewer than two), the
    measure of how divided the team is. Ties keep template order.
    """

    def action(conn: sqlite3.Connection) -> list[dict]:
        stellingen = conn.execute(
            "SELECT stelling_id, text FROM workshop_stellingen WHERE workshop_id = ? ORDER BY position",
            (workshop_id,),
        ).fetchall()
        scores: dict[str, list[int]] = {row["stelling_id"]: [] for row in stellingen}
        for row in conn.execute("SELECT stelling_id, score FROM ratings WHERE workshop_id = ?", (workshop_id,)):
            scores[row["stelling_id"]].append(row["score"])
        return [_summary(row["stelling_id"], row["text"], scores[row["stelling_id"]]) for row in stellingen]

    return sorted(store.read(action), key=lambda item: -item["spread"])


def _summary(stelling_id: str, text: str, scores: list[int]) -> dict:
    return {
        "id": stelling_id,
        "text": text,
        "counts": {score: scores.count(score) for score in SCALE},
        "n": len(scores),
        "mean": fmean(scores) if scores else None,
        "spread": pstdev(scores) if len(scores) > 1 else 0.0,
    }


def list_ratings(store: Store, workshop_id: int) -> list[dict]:
    """Every current rating: ``[{"participant_id", "pseudonym", "stelling_id", "score", "rated_at"}, ...]``."""
    rows = store.read(
        lambda conn: conn.execute(
            """SELECT r.participant_id, p.pseudonym, r.stelling_id, r.score, r.rated_at
               FROM ratings r JOIN participants p ON p.id = r.participant_id
               WHERE r.workshop_id = ? ORDER BY r.participant_id, r.stelling_id""",
            (workshop_id,),
        ).fetchall()
    )
    return [dict(row) for row in rows]
