"""Turn the matched columns into coded answers, and decide which responses are kept.

Responses are dropped in this order: ``empty`` (no item column holds anything),
``incomplete`` (LimeSurvey without submit date, Qualtrics not finished),
``preview`` (Qualtrics survey preview), ``duplicate`` (an earlier row whose
response id repeats; the last one stays). Answers that are neither a label nor a
code of their answer set are invalid: treated as missing and counted per cell.

Work is done per distinct cell value (the columns are categoricals), so a file
of 200,000 rows costs little more than the handful of distinct answers it holds.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import pandas as pd

from kit.survey.formats import Layout
from kit.survey.instrument import Instrument, Item
from kit.survey.matching import Matching
from kit.survey.normalize import clean_text, normalize
from kit.survey.readers import blank_cells, distinct_values

EXCLUSION_REASONS = ("empty", "incomplete", "preview", "duplicate")
NOT_CHOSEN = {"n", "nee", "no", "0", "false"}
_NUMBER = re.compile(r"(\d+)(?:[.,]0+)?")
_LIMESURVEY_CODE = re.compile(r"a(\d+)")
_INVALID = -1


@dataclass
class CodedResponses:
    """The kept responses, one row each, and what was dropped on the way.

    ``answers`` has a column per matched item: the grouping item as its group name,
    choice items as float codes 1..k (NaN when missing or invalid), open items as
    text (blank cells are missing values), and for a several-answers item one
    boolean column ``item[option]`` per option found in the file.
    """

    answers: pd.DataFrame
    excluded: dict[str, int]
    invalid_answers: dict[str, int]


def code_responses(layout: Layout, matching: Matching, instrument: Instrument) -> CodedResponses:
    """Apply the exclusion rules, then code every matched column of the kept rows."""
    data = layout.data
    item_columns = list(matching.columns.values())
    item_columns += [column for options in matching.option_columns.values() for column in options.values()]
    reason = _exclusion_reasons(layout, item_columns)
    kept = data.loc[reason < 0].reset_index(drop=True)
    excluded = {name: int((reason == index).sum()) for index, name in enumerate(EXCLUSION_REASONS)}

    answers: dict[str, object] = {}
    invalid: dict[str, int] = {}
    for item_id, column in matching.columns.items():
        item = instrument.items[item_id]
        cells = kept[column]
        if item.type == "choice":
            answers[item_id], invalid[item_id] = _code_choice(cells, item, layout.format)
        elif item.type == "category":
            answers[item_id] = _group_names(cells)
        elif item.type == "open":
            answers[item_id] = _per_value(cells, _open_text, object)
        else:
            chosen, invalid[item_id] = _options_from_cells(cells, item)
            answers.update({f"{item_id}[{option}]": flags for option, flags in chosen.items()})
    for item_id, options in matching.option_columns.items():
        for option, column in options.items():
            answers[f"{item_id}[{option}]"] = _per_value(
                kept[column], lambda value: bool(value.strip()) and normalize(value) not in NOT_CHOSEN, bool)
    return CodedResponses(pd.DataFrame(answers, index=kept.index), excluded, invalid)


def _per_value(cells: pd.Series, function: Callable[[str], object], dtype) -> np.ndarray:
    """``function`` applied to each distinct cell value, spread back over the rows."""
    codes, values = distinct_values(cells)
    results = np.empty(len(values), dtype=dtype)
    results[:] = [function(value) for value in values]
    return results[codes]


def _exclusion_reasons(layout: Layout, item_columns: list[int]) -> np.ndarray:
    """Per row the index into EXCLUSION_REASONS of why it is dropped, or -1 when it is kept."""
    data, roles = layout.data, layout.roles
    reason = np.full(len(data), -1)

    def mark(index: int, rows: np.ndarray) -> None:
        reason[(reason < 0) & rows] = index

    filled = np.zeros(len(data), dtype=bool)
    for column in item_columns:
        filled |= ~blank_cells(data[column])
    mark(0, ~filled)
    if layout.format == "limesurvey" and "submitdate" in roles:
        mark(1, blank_cells(data[roles["submitdate"]]))
    if layout.format == "qualtrics" and "finished" in roles:
        mark(1, _per_value(data[roles["finished"]], lambda value: normalize(value) in {"false", "0"}, bool))
    if layout.format == "qualtrics" and "status" in roles:
        mark(2, _per_value(data[roles["status"]], lambda value: normalize(value) in {"survey preview", "1"}, bool))
    if "response_id" in roles:
        ids = data[roles["response_id"]].str.strip()
        candidates = (reason < 0) & (ids != "").to_numpy()
        repeated = np.zeros(len(data), dtype=bool)
        repeated[candidates] = ids[candidates].duplicated(keep="last").to_numpy()
        mark(3, repeated)
    return reason


def _open_text(value: str) -> str | None:
    """An open answer as written (line breaks kept), trimmed; None when blank."""
    return unicodedata.normalize("NFC", value).replace("\xa0", " ").strip() or None


def _code_choice(cells: pd.Series, item: Item, fmt: str) -> tuple[np.ndarray, int]:
    """Codes 1..k as floats (NaN for missing or invalid) and the number of invalid cells."""
    lookup = {normalize(label): code for code, label in enumerate(item.answers, start=1)}
    size = len(item.answers)

    def code(value: str) -> float:
        text = normalize(value)
        if not text:
            return np.nan
        if text in lookup:
            return lookup[text]
        found = _NUMBER.fullmatch(text) or (fmt == "limesurvey" and _LIMESURVEY_CODE.fullmatch(text))
        return int(found.group(1)) if found and 1 <= int(found.group(1)) <= size else _INVALID

    codes = _per_value(cells, code, float)
    invalid = codes == _INVALID
    codes[invalid] = np.nan
    return codes, int(invalid.sum())


def _group_names(cells: pd.Series) -> np.ndarray:
    """Group names, cleaned; spellings that differ only in case become the most frequent one.

    A tie goes to the spelling that comes first in the file.
    """
    codes, values = distinct_values(cells)
    counts = np.bincount(codes, minlength=len(values))
    cleaned = [clean_text(value) for value in values]
    spellings: dict[str, int] = {}
    for text, count in zip(cleaned, counts):
        if text:
            spellings[text] = spellings.get(text, 0) + int(count)
    best: dict[str, str] = {}
    for text, count in spellings.items():
        key = text.casefold()
        if key not in best or count > spellings[best[key]]:
            best[key] = text
    names = np.array([best[text.casefold()] if text else None for text in cleaned], dtype=object)
    return names[codes]


def _options_from_cells(cells: pd.Series, item: Item) -> tuple[dict[str, np.ndarray], int]:
    """Options chosen in one column (split on ``;`` when present, else on ``,``) and the unknown parts."""
    lookup = {}
    for option_id, label in item.options.items():
        lookup[normalize(option_id)] = lookup[normalize(label)] = option_id
    codes, values = distinct_values(cells)
    chosen = np.zeros((len(values), len(item.options)), dtype=bool)
    unknown = np.zeros(len(values), dtype=int)
    positions = {option_id: index for index, option_id in enumerate(item.options)}
    for row, value in enumerate(values):
        for part in value.split(";" if ";" in value else ","):
            text = normalize(part)
            if text in lookup:
                chosen[row, positions[lookup[text]]] = True
            elif text:
                unknown[row] += 1
    per_row = chosen[codes]
    return ({option_id: per_row[:, index] for option_id, index in positions.items()},
            int(unknown[codes].sum()))
