"""Match the columns of an export to the items of the instrument.

A column belongs to an item when its normalised heading (1) equals the item's id
or text, else (2) has a bracketed part ``[...]`` equal to the id or text, else
(3) contains the item's text (the longest matching text wins). Earlier rules win;
when two columns claim one item, the first stays and the other is unmatched.
A several-answers item may instead have one column per option, headed
``item [option]`` with the item's id or text and the option's id or label.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from kit.survey.instrument import Instrument, Item
from kit.survey.normalize import normalize

_OPTION_HEADING = re.compile(r"^(.*?)\s*\[([^\[\]]*)\]$")
_BRACKETED = re.compile(r"\[([^\[\]]*)\]")


@dataclass
class Matching:
    """Which column holds which item.

    ``columns``: item id → column (a several-answers item here is read from one
    column); ``option_columns``: item id → option id → column; ``unmatched``:
    columns that belong to no item, in file order.
    """

    columns: dict[str, int] = field(default_factory=dict)
    option_columns: dict[str, dict[str, int]] = field(default_factory=dict)
    unmatched: list[int] = field(default_factory=list)


def match_columns(headings: list[str], skipped: set[int], instrument: Instrument) -> Matching:
    """Assign each column (except ``skipped`` ones) to at most one item, by the three rules."""
    normalized = {column: normalize(heading) for column, heading in enumerate(headings) if column not in skipped}
    matching = Matching()
    unmatched: set[int] = set()
    rest = _match_option_columns(normalized, instrument, matching, unmatched)

    exact: dict[str, str] = {}
    for item in reversed(instrument.items.values()):
        exact[normalize(item.id)] = exact[normalize(item.text)] = item.id
    texts = [(normalize(item.text), item.id) for item in instrument.items.values()]
    claims: dict[str, list[tuple[int, int]]] = {}
    for column, heading in rest.items():
        claim = _claim(heading, exact, texts)
        if claim is None:
            unmatched.add(column)
        else:
            rule, item_id = claim
            claims.setdefault(item_id, []).append((rule, column))
    for item_id, columns in claims.items():
        columns.sort()
        winner = None if item_id in matching.option_columns else columns[0][1]
        if winner is not None:
            matching.columns[item_id] = winner
        unmatched.update(column for _, column in columns if column != winner)
    matching.unmatched = sorted(unmatched)
    return matching


def _match_option_columns(normalized: dict[int, str], instrument: Instrument, matching: Matching,
                          unmatched: set[int]) -> dict[int, str]:
    """Take out the ``item [option]`` columns of several-answers items; return the other columns."""
    items = {}
    for item in instrument.items.values():
        if item.type == "multiple":
            items[normalize(item.id)] = items[normalize(item.text)] = item
    rest = {}
    for column, heading in normalized.items():
        found = _OPTION_HEADING.match(heading)
        item = items.get(normalize(found.group(1))) if found else None
        if item is None:
            rest[column] = heading
            continue
        option = _option_id(item, normalize(found.group(2)))
        if option is None or option in matching.option_columns.get(item.id, {}):
            unmatched.add(column)
        else:
            matching.option_columns.setdefault(item.id, {})[option] = column
    return rest


def _option_id(item: Item, text: str) -> str | None:
    for option_id, label in item.options.items():
        if text in (normalize(option_id), normalize(label)):
            return option_id
    return None


def _claim(heading: str, exact: dict[str, str], texts: list[tuple[str, str]]) -> tuple[int, str] | None:
    """The best (rule, item id) for one normalised heading, or None.

    ``exact`` maps each normalised id and text to its item; ``texts`` lists (normalised text, item id).
    """
    if heading in exact:
        return 1, exact[heading]
    for part in _BRACKETED.findall(heading):
        if normalize(part) in exact:
            return 2, exact[normalize(part)]
    contained = [(len(text), item_id) for text, item_id in texts if text in heading]
    if contained:
        return 3, max(contained, key=lambda pair: pair[0])[1]
    return None
