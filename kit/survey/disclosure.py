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

UNGROUPED_LABEL = "Geen groep ingevuld"  # the row of the pupils who left the group question empty

REASON_TEXT = {
    SMALL: "minder dan {min} leerlingen",
    PROTECT: "verborgen om kleine groepen te beschermen",
}


def hidden_cells(counts: Mapping[Hashable, int], min_size: int, already: Mapping[Hashable, str] | None = None,
                 order=None) -> dict[Hashable, str]:
    """The cells of one table to hide, each with its reason (``SMALL`` or ``PROTECT``).

    ``counts``: cell → the pupils behind its figure; ``already``: cells hidden before
    (e.g. a whole group), kept with their reason; ``order``: sort key of a cell among
    equally small ones (default: the cell itself as text). The result satisfies: the sum of
    ``counts`` over the hidden cells is 0 or at least ``min_size``, unless every cell is
    hidden.
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
    return hidden


def reason_text(reason: str | None, min_size: int) -> str:
    """Why a cell is not shown, in plain Dutch."""
    return REASON_TEXT.get(reason or SMALL, REASON_TEXT[SMALL]).format(min=min_size)

