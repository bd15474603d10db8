"""Which cells of a table of pupils' figures stay hidden: primary and secondary (complementary) suppression.

A survey's figures form, per indicator or scale and per school year, a one-dimensional
table: one cell per group (and one for the pupils who left the group question empty)
with the school's figure as its total. Hiding a small cell is not enough: the school
total minus the visible cells gives the hidden cells together. So, as τ-Argus and
sdcTable do for such a table, the rule is:

- primary: a cell behind fewer pupils than the minimum (but more than none) is hidden;
- secondary: the pupils behind all hidden cells together are none or at least the
  minimum; where they are fewer, the smallest visible cells (with pupils) are hidden
  too, one by one, until they are at least the minimum or every cell is hidden.

The leftover figure can also give away what each hidden pupil answered without being
small: when the pupils behind the hidden cells together all gave the same answer, the
school's share minus the shown cells is 0% or 100% (attribute or "group" disclosure: an
identifiable group in which all score on one category). So, for a share (``hits``), a third
rule: the hidden cells together must not be homogeneous. Where they are, a further visible
cell that answered otherwise is hidden (the smallest first); where no visible cell did, every
pupil of the school answered the same and the school's own figure is hidden
(:data:`SCHOOL`), so no leftover can be computed. This is the direct-disclosure check of
Statistics Norway's SSBtools ``FindDisclosiveCells`` and GaussSuppression's
``SuppressDirectDisclosure`` / ``SuppressKDisclosure`` (with a coalition of none), applied to
the one union an attacker can derive here, and the "group disclosure" rule for frequency
tables discussed by the sdcTools maintainers (sources checked 2026-12-05:
https://rdrr.io/cran/SSBtools/man/FindDisclosiveCells.html,
https://search.r-project.org/CRAN/refmans/GaussSuppression/html/SuppressDirectDisclosure.html,
https://search.r-project.org/CRAN/refmans/GaussSuppression/html/SuppressKDisclosure.html,
https://github.com/orgs/sdcTools/discussions/243).

When the total itself is below the minimum, every cell is hidden (and so is the total,
see :mod:`kit.survey.figures`). The rule is applied to the pupils behind each figure:
the pupils who answered that indicator, or who have a score on that scale, so missing
answers cannot open a gap. :func:`hidden_cells` is the only place that decides.

This is the frequency rule with secondary suppression of sdcTable's ``primarySuppression``
(type ``freq``; empty cells are published, not sensitive) and ``protectTable``, and of
τ-Argus's modular method, reduced to a table with one breakdown and a total, where it can be
solved exactly by hand (sources checked 2026-12-04:
https://search.r-project.org/CRAN/refmans/sdcTable/html/primarySuppression.html,
https://stat.ethz.ch/CRAN/web/packages/sdcTable/refman/sdcTable.html (Hundepool et al. 2012),
https://www.rdocumentation.org/packages/sdcTable/versions/0.26/topics/createArgusInput).
"""

from __future__ import annotations

from collections.abc import Hashable, Mapping

SMALL = "small"  # the cell itself is behind too few pupils
PROTECT = "protect"  # hidden so that other small cells cannot be derived from the total
SAME = "same"  # the school's figure, hidden: every pupil gave the same answer, so the hidden cells' would follow


class _School:
    """The key of the school's own figure in :func:`hidden_cells`' result (no cell can equal it)."""

    def __repr__(self) -> str:
        return "SCHOOL"


SCHOOL = _School()

UNGROUPED_LABEL = "Geen groep ingevuld"  # the row of the pupils who left the group question empty

REASON_TEXT = {
    SMALL: "minder dan {min} leerlingen",
    PROTECT: "verborgen om kleine groepen te beschermen",
    SAME: "verborgen: iedereen gaf hetzelfde antwoord, dus ook de leerlingen van de verborgen groepen",
}


def hidden_cells(counts: Mapping[Hashable, int], min_size: int, already: Mapping[Hashable, str] | None = None,
                 order=None, hits: Mapping[Hashable, int] | None = None) -> dict[Hashable, str]:
    """The cells of one table to hide, each with its reason (``SMALL`` or ``PROTECT``).

    ``counts``: cell → the pupils behind its figure; ``already``: cells hidden before
    (e.g. a whole group), kept with their reason; ``order``: sort key of a cell among
    equally small ones (default: the cell itself as text). The result satisfies: the sum of
    ``counts`` over the hidden cells is 0 or at least ``min_size``, unless every cell is
    hidden. With ``hits`` (cell → the pupils of ``counts`` who gave the answer a share
    counts) also: the hidden cells' hits together are neither none nor all of their pupils;
    where only hiding the school's own figure gives that, the result holds ``SCHOOL: SAME``.
    """
    order = order or (lambda cell: str(cell))
    hidden = dict(already or {})
    if sum(counts.values()) < min_size:
        return {**{cell: SMALL for cell in counts}, **hidden}
    for cell, count in counts.items():
        if cell not in hidden and 0 < count < min_size:
            hidden[cell] = SMALL
    total = sum(counts.get(cell, 0) for cell in hidden)
    while 0 < total < min_size:
        visible = [cell for cell, count in counts.items() if cell not in hidden and count > 0]
        if not visible:
            break
        smallest = min(visible, key=lambda cell: (counts[cell], order(cell)))
        hidden[smallest] = PROTECT
        total += counts[smallest]
    if hits is not None:
        _not_all_the_same(counts, hits, hidden, order)
    return hidden


def _not_all_the_same(counts: Mapping[Hashable, int], hits: Mapping[Hashable, int], hidden: dict,
                      order) -> None:
    """Hide further cells (or the school's figure) until the hidden cells' share is not 0% or 100%."""
    pupils = sum(counts.get(cell, 0) for cell in hidden)
    answered = sum(hits.get(cell, 0) for cell in hidden)
    while pupils > 0 and answered in (0, pupils):
        # a cell helps when it holds an answer the hidden pupils did not give
        other = [cell for cell, count in counts.items() if cell not in hidden and count > 0
                 and (hits.get(cell, 0) > 0 if answered == 0 else hits.get(cell, 0) < count)]
        if not other:  # every pupil of the school gave the same answer: the school's figure would tell it
            hidden[SCHOOL] = SAME
            return
        smallest = min(other, key=lambda cell: (counts[cell], order(cell)))
        hidden[smallest] = PROTECT
        pupils += counts[smallest]
        answered += hits.get(smallest, 0)


def school_hidden_text(figure: dict) -> str:
    """Why the school's own figure is not shown: too few answers, or everyone answered the same."""
    if figure.get("reason") == SAME:
        return "iedereen gaf hetzelfde antwoord; het cijfer zou ook dat van de verborgen groepen verraden"
    return "te weinig antwoorden"


def reason_text(reason: str | None, min_size: int) -> str:
    """Why a cell is not shown, in plain Dutch."""
    return REASON_TEXT.get(reason or SMALL, REASON_TEXT[SMALL]).format(min=min_size)

