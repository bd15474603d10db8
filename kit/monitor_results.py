"""The school's monitor results: ``monitor.yaml`` beside ``school.yaml``.

The school copies the school-level results of its monitoring instrument from the
provider's report, one block per school year: veiligheidsbeleving, welbevinden and
pesten as the monitor reports them (a percentage, or a score on the monitor's own
scale), the number of pupils and the date of the report. These are the figures of the
legal monitoring; the kit never compares them with its own survey (different
instruments, different questions).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import yaml

from kit.dates import today as dutch_today  # the day in the Netherlands, whatever the server's zone
from kit import yamlnodes
from kit.errors import FileProblemsError, ProfileProblem
from kit.monitors import parse_date
from kit.reuse import reused

MONITOR_RESULTS_NAME = "monitor.yaml"
INDICATORS = {
    "veiligheidsbeleving": "Veiligheidsbeleving",
    "welbevinden": "Welbevinden",
    "pesten": "Pesten",
}
_YEAR_KEYS = ("datum_rapport", "n", *INDICATORS)
_FIGURE_KEYS = ("waarde", "eenheid", "omschrijving")
_PCT_UNITS = {"%", "procent", "percentage", "percent"}
_SCALE = re.compile(r"^(?:schaal\s*)?(?:van\s*)?(\d+(?:[.,]\d+)?)\s*(?:-|–|tot en met|tot|t/m)\s*(\d+(?:[.,]\d+)?)$")
_YEAR = re.compile(r"^(\d{4})\s*[-/–]\s*(\d{4})$")


class MonitorResultsError(FileProblemsError):
    """monitor.yaml cannot be used; every problem names its line and field."""

    def __init__(self, path: str, problems: list[ProfileProblem]):
        super().__init__(path, problems, "de uitkomsten van de monitor",
                         "Er is niets gewijzigd. Verbeter het bestand (zie het sjabloon data/templates/monitor.yaml) "
                         "en probeer het opnieuw.")


@dataclass(frozen=True)
class Figure:
    """One result as the monitor reports it: a percentage or a score on the monitor's scale."""

    value: float
    unit: str  # "%" or "schaal 1-4"
    low: float | None = None  # the scale's ends; None for a percentage
    high: float | None = None
    label: str | None = None  # how the monitor names it, e.g. "gepest (2-3 keer per maand of vaker)"
    decimals: int | None = None  # as typed in monitor.yaml ("3,0" keeps its zero); None: as few as needed

    @property
    def is_pct(self) -> bool:
        return self.low is None

    def value_text(self) -> str:
        """``7%`` or ``3,4``."""
        text = _number(self.value, self.decimals)
        return f"{text}%" if self.is_pct else text

    def text(self) -> str:
        """``7%`` or ``3,4 (schaal 1-4)``."""
        return self.value_text() if self.is_pct else f"{self.value_text()} ({self.unit})"

    def comparable(self, other: "Figure") -> bool:
        return (self.low, self.high) == (other.low, other.high)


@dataclass(frozen=True)
class YearResult:
    year: str
    report_date: date
    n: int
    figures: dict[str, Figure]


@dataclass
class MonitorResults:
    years: list[YearResult]  # oldest first
    path: Path | None = None

    @property
    def latest(self) -> YearResult | None:
        return self.years[-1] if self.years else None

    def year(self, school_year: str) -> YearResult | None:
        return next((y for y in self.years if y.year == school_year), None)


def _number(value: float, decimals: int | None = None) -> str:
    if decimals is not None:
        text = f"{value:.{decimals}f}"
    else:
        text = f"{value:.2f}".rstrip("0").rstrip(".") if not float(value).is_integer() else str(int(value))
    return text.replace(".", ",")


def _decimals(raw: str) -> int:
    raw = raw.strip().rstrip("%").strip().replace(",", ".")
    return len(raw.split(".", 1)[1]) if "." in raw else 0


def results_path(school_dir: str | Path) -> Path:
    path = Path(school_dir)
    return (path.parent if path.is_file() else path) / MONITOR_RESULTS_NAME


@reused
def load_monitor_results(school_dir: str | Path, today: date | None = None) -> MonitorResults | None:
    """The school's monitor results, or None when it has no monitor.yaml yet.

    ``school_dir`` is the school folder (or its school.yaml). Raises
    :class:`MonitorResultsError` listing every problem with its line.
    """
    path = results_path(school_dir)
    if not path.is_file():
        return None
    try:
        root = yamlnodes.compose_file(path)
    except yamlnodes.NodeFileError as exc:
        raise MonitorResultsError(str(path), [exc.problem]) from None
    return parse_monitor_results(root, str(path), today)


def parse_monitor_text(text: str, source: str = MONITOR_RESULTS_NAME, today: date | None = None) -> MonitorResults:
    try:
        root = yamlnodes.compose_text(text)
    except yamlnodes.NodeFileError as exc:
        raise MonitorResultsError(source, [exc.problem]) from None
    return parse_monitor_results(root, source, today)


def parse_monitor_results(root, source: str, today: date | None = None) -> MonitorResults:
    today = today or dutch_today()
    problems: list[ProfileProblem] = []
    years: list[YearResult] = []
    if root is None:
        return MonitorResults([], Path(source))
    if not isinstance(root, yaml.MappingNode):
        raise MonitorResultsError(source, [ProfileProblem("-", "het bestand moet beginnen met 'schooljaren:', "
                                                               "zoals in het sjabloon", yamlnodes.line(root))])
    block = None
    for key, key_node, value in yamlnodes.pairs(root):
        if key != "schooljaren":
            problems.append(ProfileProblem(key, "onbekende sleutel op het hoogste niveau; toegestaan is alleen "
                                                "'schooljaren'", yamlnodes.line(key_node)))
        else:
            block = value
    if block is not None and not yamlnodes.is_null(block):
        if not isinstance(block, yaml.MappingNode):
            problems.append(ProfileProblem("schooljaren", "geef per schooljaar een blok, bijvoorbeeld "
                                                          "'2025-2026:' met ingesprongen regels eronder",
                                           yamlnodes.line(block)))
        else:
            seen: set[str] = set()
            for key, key_node, value in yamlnodes.pairs(block):
                result = _read_year(key, key_node, value, seen, today, problems)
                if result is not None:
                    years.append(result)
    if problems:
        raise MonitorResultsError(source, problems)
    return MonitorResults(sorted(years, key=lambda y: y.year), Path(source))


def _read_year(key: str, key_node, node, seen: set[str], today: date,
               problems: list[ProfileProblem]) -> YearResult | None:
    where = f"schooljaren.{key}"
    line = yamlnodes.line(key_node)
    match = _YEAR.match(key)
    if not match or int(match.group(2)) != int(match.group(1)) + 1:
        problems.append(ProfileProblem(where, f"'{key}' is geen schooljaar; schrijf twee opeenvolgende jaren, "
                                              "bijvoorbeeld 2025-2026", line))
        return None
    year = f"{match.group(1)}-{match.group(2)}"
    if year in seen:
        problems.append(ProfileProblem(where, "dit schooljaar staat er twee keer in; laat er één staan", line))
        return None
    seen.add(year)
    if not isinstance(node, yaml.MappingNode):
        problems.append(ProfileProblem(where, "zet onder het schooljaar ingesprongen regels: datum_rapport, n, "
                                              "veiligheidsbeleving, welbevinden, pesten", line))
        return None
    count = len(problems)
    fields: dict = {}
    for name, name_node, value in yamlnodes.pairs(node):
        here = f"{where}.{name}"
        name_line = yamlnodes.line(name_node)
        if name not in _YEAR_KEYS:
            problems.append(ProfileProblem(here, f"onbekend veld; toegestaan zijn: {', '.join(_YEAR_KEYS)}",
                                           name_line))
        elif name in fields:
            problems.append(ProfileProblem(here, "staat twee keer onder dit schooljaar; laat er één staan",
                                           name_line))
        elif name == "datum_rapport":
            fields[name] = _read_date(value, here, year, today, problems)
        elif name == "n":
            fields[name] = _read_count(value, here, problems)
        else:
            fields[name] = _read_figure(value, here, problems)
    for required in ("datum_rapport", "n"):
        if required not in fields:
            what = "de datum van het rapport van de monitor" if required == "datum_rapport" else \
                "het aantal leerlingen dat de vragenlijst invulde"
            problems.append(ProfileProblem(f"{where}.{required}", f"ontbreekt: vul {what} in", line))
    figures = {name: fields[name] for name in INDICATORS if fields.get(name) is not None}
    if not any(name in fields for name in INDICATORS):
        problems.append(ProfileProblem(where, "geen uitkomst ingevuld; vul veiligheidsbeleving, welbevinden en "
                                              "pesten in zoals het rapport van de monitor ze geeft", line))
    if len(problems) > count or fields.get("datum_rapport") is None or fields.get("n") is None:
        return None
    return YearResult(year, fields["datum_rapport"], fields["n"], figures)


def _scalar(node, here: str, problems: list[ProfileProblem]) -> str | None:
    try:
        raw = yamlnodes.text(node)
    except ValueError as exc:
        problems.append(ProfileProblem(here, str(exc), yamlnodes.line(node)))
        return None
    if raw is None:
        problems.append(ProfileProblem(here, "is leeg; vul een waarde in of haal de regel weg", yamlnodes.line(node)))
    return raw


def _read_date(node, here: str, year: str, today: date, problems: list[ProfileProblem]) -> date | None:
    raw = _scalar(node, here, problems)
    if raw is None:
        return None
    try:
        day = parse_date(raw)
    except ValueError:
        problems.append(ProfileProblem(here, f"'{raw}' is geen datum; schrijf bijvoorbeeld 2026-04-15 of "
                                             "15-4-2026", yamlnodes.line(node)))
        return None
    start = date(int(year[:4]), 8, 1)
    if day < start:
        problems.append(ProfileProblem(here, f"{raw} ligt vóór het begin van schooljaar {year} (1 augustus "
                                             f"{year[:4]}); controleer de datum of het schooljaar",
                                       yamlnodes.line(node)))
        return None
    if day > today:
        problems.append(ProfileProblem(here, f"{raw} ligt in de toekomst; vul de datum van het rapport in",
                                       yamlnodes.line(node)))
        return None
    return day


def _read_count(node, here: str, problems: list[ProfileProblem]) -> int | None:
    raw = _scalar(node, here, problems)
    if raw is None:
        return None
    if not raw.isdigit() or int(raw) == 0:
        problems.append(ProfileProblem(here, f"'{raw}' is geen aantal leerlingen; geef een heel getal groter dan "
                                             "0, bijvoorbeeld 96", yamlnodes.line(node)))
        return None
    return int(raw)


def _to_float(raw: str) -> float | None:
    try:
        return float(raw.strip().replace(",", "."))
    except ValueError:
        return None


def _read_figure(node, here: str, problems: list[ProfileProblem]) -> Figure | None:
    if yamlnodes.is_null(node):
        return None  # left empty in the template: not entered yet
    line = yamlnodes.line(node)
    if not isinstance(node, yaml.MappingNode):
        problems.append(ProfileProblem(here, "geef de uitkomst als ingesprongen regels 'waarde:' en 'eenheid:' "
                                             "(zie het sjabloon)", line))
        return None
    parts: dict[str, str | None] = {}
    lines: dict[str, int] = {}
    for name, name_node, value in yamlnodes.pairs(node):
        lines[name] = yamlnodes.line(value)
        if name not in _FIGURE_KEYS:
            problems.append(ProfileProblem(f"{here}.{name}", "onbekend veld; toegestaan zijn: "
                                           + ", ".join(_FIGURE_KEYS), yamlnodes.line(name_node)))
            continue
        try:
            parts[name] = yamlnodes.text(value)
        except ValueError as exc:
            problems.append(ProfileProblem(f"{here}.{name}", str(exc), yamlnodes.line(value)))
    raw_value, raw_unit = parts.get("waarde"), parts.get("eenheid")
    if raw_value is None:
        problems.append(ProfileProblem(f"{here}.waarde", "ontbreekt: vul het cijfer uit het rapport in", line))
        return None
    value_line, unit_line = lines.get("waarde", line), lines.get("eenheid", line)
    value = _to_float(raw_value.rstrip("%").strip())
    if value is None:
        problems.append(ProfileProblem(f"{here}.waarde", f"'{raw_value}' is geen getal; schrijf bijvoorbeeld 3,4 "
                                                         "of 7", value_line))
        return None
    if raw_unit is None:
        problems.append(ProfileProblem(f"{here}.eenheid", "ontbreekt: schrijf % voor een percentage, of de schaal "
                                                          "van de monitor, bijvoorbeeld 'schaal 1-4'", line))
        return None
    unit = raw_unit.strip().lower()
    if unit in _PCT_UNITS:
        if not 0 <= value <= 100:
            problems.append(ProfileProblem(f"{here}.waarde", f"{raw_value} is geen percentage tussen 0 en 100",
                                           value_line))
            return None
        return Figure(value, "%", label=parts.get("omschrijving"), decimals=_decimals(raw_value))
    scale = _SCALE.match(unit)
    if not scale:
        problems.append(ProfileProblem(f"{here}.eenheid", f"'{raw_unit}' kent de kit niet; schrijf % voor een "
                                                          "percentage, of de schaal van de monitor, bijvoorbeeld "
                                                          "'schaal 1-4'", unit_line))
        return None
    low, high = _to_float(scale.group(1)), _to_float(scale.group(2))
    if low is None or high is None or low >= high:
        problems.append(ProfileProblem(f"{here}.eenheid", f"'{raw_unit}': het begin van de schaal moet lager zijn "
                                                          "dan het eind, bijvoorbeeld 'schaal 1-4'", unit_line))
        return None
    if not low <= value <= high:
        problems.append(ProfileProblem(f"{here}.waarde", f"{raw_value} ligt buiten de schaal {_number(low)}-"
                                                         f"{_number(high)}", value_line))
        return None
    return Figure(value, f"schaal {_number(low)}-{_number(high)}", low, high, parts.get("omschrijving"),
                  _decimals(raw_value))
