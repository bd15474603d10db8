"""The spread of the answers to a case: how many answered, how serious, which signals and next steps, the texts.

One :class:`CaseResult` per case, computed from the store's answers; the facilitator's
page and the report show it with :func:`result_html` (tables with the counts as text,
bars only as decoration, everything typed escaped). No names: answers are counted.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from kit.live.ui import esc
from kit.signalering.cases import SERIOUSNESS, Case


@dataclass(frozen=True)
class CaseResult:
    case: Case
    answered: int
    seriousness: list[tuple[str, int]]
    signals: list[tuple[str, int]]
    next_steps: list[tuple[str, int]]
    texts: list[str] = field(default_factory=list)

    @property
    def rated(self) -> int:
        return sum(n for _, n in self.seriousness)


def _counts(options: tuple[str, ...], chosen: list[list[str]]) -> list[tuple[str, int]]:
    """Each option with how many chose it, in the case's order; options no longer in the case come last."""
    counts = {option: 0 for option in options}
    for answer in chosen:
        for option in answer:
            counts[option] = counts.get(option, 0) + 1
    return list(counts.items())


def case_result(case: Case, answers: list[dict]) -> CaseResult:
    """The spread of ``answers`` (as from :func:`kit.workshop.cases.list_answers`) to ``case``."""
    mine = [a for a in answers if a["case_id"] == case.id]
    levels = [a["seriousness"] for a in mine]
    return CaseResult(
        case=case,
        answered=len(mine),
        seriousness=[(label, levels.count(level)) for level, label in SERIOUSNESS.items()],
        signals=_counts(case.signals, [a["signals"] for a in mine]),
        next_steps=_counts(case.next_steps, [a["next_steps"] for a in mine]),
        texts=[a["text"] for a in mine if a["text"]],
    )


def _table(caption: str, rows: list[tuple[str, int]], total: int, kind: str) -> str:
    top = max([n for _, n in rows] + [1])
    body = "".join(
        f'<tr><th scope="row">{esc(label)}</th><td class="kit-count-cell">{n}</td>'
        f'<td class="kit-bar-cell" aria-hidden="true"><span class="kit-bar kit-bar-{kind}" '
        f'style="width:{round(100 * n / top)}%"></span></td></tr>' for label, n in rows)
    return (f'<table class="kit-spread kit-spread-{kind}"><caption>{esc(caption)} '
            f'<span class="kit-note">({total} {"antwoord" if total == 1 else "antwoorden"})</span></caption>'
            f'<thead><tr><th scope="col">Antwoord</th><th scope="col">Aantal</th>'
            f'<th scope="col"><span class="kit-visually-hidden">Staaf</span></th></tr></thead>'
            f'<tbody>{body}</tbody></table>')


def result_html(result: CaseResult, participants: int | None = None, heading: str = "h3") -> str:
    """The spread of one case as HTML: the count, three tables (text values, bars decorative) and the texts."""
    who = (f" van de {participants} {'deelnemer' if participants == 1 else 'deelnemers'}" if participants is not None
           else f" {'deelnemer' if result.answered == 1 else 'deelnemers'}")
    verb = "heeft" if result.answered == 1 else "hebben"
    head = (f'<p class="kit-answered"><strong class="kit-answered-count">{result.answered}</strong>{who} '
            f'{verb} deze casus beantwoord.</p>')
    if not result.answered:
        return head + '<p class="kit-note">Nog geen antwoorden. Zodra deelnemers antwoorden, verschijnen ze hier.</p>'
    texts = "".join(f'<li class="kit-usertext kit-case-text">{esc(t)}</li>' for t in result.texts)
    return (head
            + _table("Hoe ernstig is dit?", result.seriousness, result.rated, "ernst")
            + _table("Wat valt op?", result.signals, result.answered, "signalen")
            + _table("Wat is de volgende stap?", result.next_steps, result.answered, "stappen")
            + f'<{heading}>Toelichtingen <span class="kit-count">{len(result.texts)}</span></{heading}>'
            + (f'<ul class="kit-case-texts">{texts}</ul>' if texts
               else '<p class="kit-note">Nog geen toelichtingen geschreven.</p>'))
