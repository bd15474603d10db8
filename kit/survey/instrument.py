"""The survey instrument: answer sets, items, scales and indicators, read from YAML.

The code knows no item by heart; everything about the questionnaire comes from
an instrument file such as ``data/templates/instrument.yaml``. Loading checks
the whole file and reports every problem at once, in Dutch, by field.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from kit import yamlnodes

from kit.paths import TEMPLATES_DIR
from kit.survey.errors import InstrumentError
from kit.survey.normalize import normalize
from kit.reuse import reused

DEFAULT_INSTRUMENT = TEMPLATES_DIR / "instrument.yaml"
ITEM_TYPES = ("category", "choice", "multiple", "open")

_ID = re.compile(r"^[a-z0-9_]+$")
_TOP_KEYS = {"answer_sets", "group_item", "places_item", "items", "scales", "indicators"}
_ITEM_KEYS = {"category": {"text", "type"}, "open": {"text", "type"},
              "choice": {"text", "type", "answers"}, "multiple": {"text", "type", "options"}}
_QUOTE_HINT = "zet de tekst tussen aanhalingstekens als het bijvoorbeeld Ja, Nee of een getal is"


@dataclass(frozen=True)
class Item:
    """One question. ``answers`` (choice) are labels with codes 1..k; ``options`` (multiple) id → label."""

    id: str
    text: str
    type: str
    answers: tuple[str, ...] = ()
    options: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class Scale:
    """A scale: a pupil's score is the mean of these items."""

    id: str
    label: str
    items: tuple[str, ...]


@dataclass(frozen=True)
class Indicator:
    """The share of pupils answering ``item`` with a code of at least ``threshold``."""

    id: str
    label: str
    item: str
    threshold: int


@dataclass(frozen=True)
class Instrument:
    """A validated instrument. ``places_item`` is None when the school has no places question."""

    source: str
    items: dict[str, Item]
    scales: dict[str, Scale]
    indicators: dict[str, Indicator]
    group_item: str
    places_item: str | None

    @property
    def scale_items(self) -> set[str]:
        return {item for scale in self.scales.values() for item in scale.items}


@reused
def load_instrument(path: str | Path | None = None) -> Instrument:
    """Read and validate an instrument file; the default template when ``path`` is None."""
    path = Path(path) if path is not None else DEFAULT_INSTRUMENT
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise InstrumentError(f"Het instrument {path} bestaat niet.",
                              hint="Geef het pad naar een instrumentbestand (.yaml) op.") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise InstrumentError(f"Het instrument {path} kan niet worden gelezen ({exc}).",
                              hint="Sla het bestand op als UTF-8-tekst en probeer het opnieuw.") from None
    try:
        data = yamlnodes.load_text(text)  # bounded size and nesting, no control characters
    except yamlnodes.NodeFileError as exc:
        if exc.syntax:
            where = f" op regel {exc.problem.line}" if exc.problem.line else ""
            raise InstrumentError(f"Het instrument {path} is geen geldige YAML{where}.",
                                  hint="Controleer de inspringing (spaties, geen tabs) en de dubbele punten.") from None
        where = f", regel {exc.problem.line}" if exc.problem.line else ""
        raise InstrumentError(f"Het instrument {path}{where}: {exc.problem.message}.",
                              hint="Controleer de inspringing (spaties, geen tabs) en de dubbele punten.") from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" op regel {mark.line + 1}" if mark is not None else ""
        raise InstrumentError(f"Het instrument {path} is geen geldige YAML{where}.",
                              hint="Controleer de inspringing (spaties, geen tabs) en de dubbele punten.") from None
    return _Validator(str(path)).instrument(data)


class _Validator:
    """Collects every problem in an instrument file, then raises them together."""

    def __init__(self, source: str):
        self.source = source
        self.problems: list[str] = []

    def problem(self, where: str, message: str) -> None:
        self.problems.append(f"veld '{where}': {message}")

    def instrument(self, data: Any) -> Instrument:
        if not isinstance(data, dict):
            self.fail_now("het bestand moet bestaan uit velden als 'answer_sets:', 'items:' en 'scales:'.")
        for key in sorted(set(map(str, data)) - _TOP_KEYS):
            self.problem(key, f"onbekend veld; toegestaan zijn {', '.join(sorted(_TOP_KEYS))}.")
        answer_sets = self.answer_sets(data.get("answer_sets"))
        items = self.items(data.get("items"), answer_sets)
        group_item = self.special_item(data, "group_item", "category", items, required=True)
        places_item = self.special_item(data, "places_item", "multiple", items, required=False)
        scales = self.scales(data.get("scales"), items)
        indicators = self.indicators(data.get("indicators"), items)
        if self.problems:
            lines = [f"{self.source}: {len(self.problems)} fout(en) in het instrument."]
            lines += [f"  - {problem}" for problem in self.problems]
            raise InstrumentError("\n".join(lines), hint="Verbeter het instrument en probeer het opnieuw.")
        return Instrument(self.source, items, scales, indicators, group_item, places_item)

    def fail_now(self, message: str) -> None:
        raise InstrumentError(f"{self.source}: {message}",
                              hint="Kijk naar data/templates/instrument.yaml voor een voorbeeld.")

    def mapping(self, value: Any, where: str) -> dict:
        if not isinstance(value, dict) or not value:
            self.problem(where, "verwacht een lijst van 'code: ...'-regels.")
            return {}
        return value

    def optional_mapping(self, value: Any, where: str) -> dict:
        return {} if value is None else self.mapping(value, where)

    def valid_id(self, key: Any, where: str) -> bool:
        if isinstance(key, str) and _ID.match(key):
            return True
        self.problem(where, f"de code {key!r} mag alleen kleine letters, cijfers en _ bevatten.")
        return False

    def labels(self, value: Any, where: str) -> tuple[str, ...]:
        if not isinstance(value, list) or len(value) < 2:
            self.problem(where, "verwacht een lijst van minstens twee antwoorden, van laag naar hoog.")
            return ()
        if not all(isinstance(label, str) and label.strip() for label in value):
            self.problem(where, f"elk antwoord moet een tekst zijn; {_QUOTE_HINT}.")
            return ()
        self.unique([normalize(label) for label in value], where, "het antwoord")
        return tuple(value)

    def unique(self, values: list[str], where: str, what: str) -> None:
        seen: set[str] = set()
        for value in values:
            if value in seen:
                self.problem(where, f"{what} '{value}' komt twee keer voor.")
            seen.add(value)

    def answer_sets(self, value: Any) -> dict[str, tuple[str, ...]]:
        sets = {}
        for name, labels in self.optional_mapping(value, "answer_sets").items():
            if self.valid_id(name, f"answer_sets.{name}"):
                sets[name] = self.labels(labels, f"answer_sets.{name}")
        return sets

    def items(self, value: Any, answer_sets: dict[str, tuple[str, ...]]) -> dict[str, Item]:
        items = {}
        for item_id, spec in self.mapping(value, "items").items():
            where = f"items.{item_id}"
            if not self.valid_id(item_id, where):
                continue
            if not isinstance(spec, dict):
                self.problem(where, "verwacht 'text:' en 'type:'.")
                continue
            item = self.item(item_id, spec, where, answer_sets)
            if item is not None:
                items[item_id] = item
        self.unique([normalize(item.text) for item in items.values()], "items", "de vraagtekst")
        return items

    def item(self, item_id: str, spec: dict, where: str, answer_sets: dict) -> Item | None:
        text, kind = spec.get("text"), spec.get("type")
        if not isinstance(text, str) or not text.strip():
            self.problem(f"{where}.text", "de vraagtekst ontbreekt.")
            return None
        if kind not in ITEM_TYPES:
            self.problem(f"{where}.type", f"kies uit {', '.join(ITEM_TYPES)}.")
            return None
        for key in sorted(set(map(str, spec)) - _ITEM_KEYS[kind]):
            self.problem(f"{where}.{key}", f"hoort niet bij een vraag van het soort '{kind}'.")
        if kind == "choice":
            return Item(item_id, text, kind, answers=self.answers(spec.get("answers"), f"{where}.answers", answer_sets))
        if kind == "multiple":
            return Item(item_id, text, kind, options=self.options(spec.get("options"), f"{where}.options"))
        return Item(item_id, text, kind)

    def answers(self, value: Any, where: str, answer_sets: dict) -> tuple[str, ...]:
        if isinstance(value, str):
            if value not in answer_sets:
                self.problem(where, f"onbekende antwoordset '{value}'; kies uit {', '.join(answer_sets) or '(geen)'}.")
            return answer_sets.get(value, ())
        return self.labels(value, where)

    def options(self, value: Any, where: str) -> dict[str, str]:
        options = {}
        for option_id, label in self.mapping(value, where).items():
            if not self.valid_id(option_id, f"{where}.{option_id}"):
                continue
            if not isinstance(label, str) or not label.strip():
                self.problem(f"{where}.{option_id}", f"de tekst van de keuze ontbreekt; {_QUOTE_HINT}.")
            elif "," in label or ";" in label:
                self.problem(f"{where}.{option_id}",
                             f"de tekst '{label}' bevat een komma of puntkomma; dat kan niet, want exports "
                             "scheiden meerdere antwoorden daarmee. Kies een tekst zonder , en ;.")
            else:
                options[option_id] = label
        self.unique([normalize(label) for label in options.values()], where, "de keuze")
        return options

    def special_item(self, data: dict, key: str, kind: str, items: dict, *, required: bool) -> str | None:
        item_id = data.get(key)
        if item_id is None and not required:
            return None
        if item_id not in items or items[item_id].type != kind:
            self.problem(key, f"verwacht de code van een vraag van het soort '{kind}' uit 'items'.")
        return item_id

    def scales(self, value: Any, items: dict[str, Item]) -> dict[str, Scale]:
        scales = {}
        for scale_id, spec in self.mapping(value, "scales").items():
            where = f"scales.{scale_id}"
            if not self.valid_id(scale_id, where):
                continue
            spec = spec if isinstance(spec, dict) else {}
            members = spec.get("items")
            if not isinstance(members, list) or len(members) < 2:
                self.problem(f"{where}.items", "verwacht een lijst van minstens twee vraagcodes.")
                continue
            wrong = [m for m in members if m not in items or items[m].type != "choice"]
            if wrong:
                self.problem(f"{where}.items", f"{', '.join(map(str, wrong))} is geen vraag van het soort 'choice'.")
                continue
            if len({items[m].answers for m in members}) > 1:
                self.problem(f"{where}.items", "alle vragen van een schaal moeten dezelfde antwoorden hebben.")
                continue
            scales[scale_id] = Scale(scale_id, str(spec.get("label") or scale_id), tuple(members))
        return scales

    def indicators(self, value: Any, items: dict[str, Item]) -> dict[str, Indicator]:
        indicators = {}
        for indicator_id, spec in self.optional_mapping(value, "indicators").items():
            where = f"indicators.{indicator_id}"
            if not self.valid_id(indicator_id, where):
                continue
            spec = spec if isinstance(spec, dict) else {}
            item, threshold = spec.get("item"), spec.get("threshold")
            if item not in items or items[item].type != "choice":
                self.problem(f"{where}.item", "verwacht de code van een vraag van het soort 'choice'.")
                continue
            size = len(items[item].answers)
            if isinstance(threshold, bool) or not isinstance(threshold, int) or not 1 <= threshold <= size:
                self.problem(f"{where}.threshold", f"verwacht een antwoordnummer van 1 tot en met {size}.")
                continue
            indicators[indicator_id] = Indicator(indicator_id, str(spec.get("label") or indicator_id),
                                                 item, threshold)
        return indicators
