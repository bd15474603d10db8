"""Chapter 8 of the plan, first part: the legal monitoring with the school's recognised monitor.

Which monitor the school uses (matched against data/templates/monitors.yaml), its
school-level results per school year from ``monitor.yaml``, and how they changed over
the years entered. Then the lead-in to the kit's own survey, presented as the in-depth
analysis ("verdiepende analyse"), never as the legal monitor. The monitor's figures and
the survey's figures are never compared: different instruments, different questions.
Fixed texts come from the ``monitoring:`` key of data/templates/beleidsplan.yaml.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from kit.document.model import Figure, Note, Paragraph, Run, Table, plain
from kit.document.texts import Filler
from kit.errors import KitError
from kit.monitor_results import INDICATORS, MonitorResults, load_monitor_results
from kit.monitors import MONITOR, OWN, UNKNOWN, MonitorList, dutch_date, load_monitors, normalise
from kit.profile import MISSING_TEXT, Profile

# How the trend sentence names each result ("de veiligheidsbeleving steeg van ...").
SUBJECTS = {"veiligheidsbeleving": "de veiligheidsbeleving", "welbevinden": "het welbevinden",
            "pesten": "de uitkomst voor pesten"}

RESULTS_TODO = ("Zet de uitkomsten op schoolniveau uit het rapport van de monitor in monitor.yaml, naast het "
                "schoolprofiel (zie het sjabloon data/templates/monitor.yaml), en controleer het bestand met "
                "kit school check.")


def legal_monitoring(school_dir: str | Path, profile: Profile, texts, filler: Filler, chapter: str,
                     today: date | None = None) -> list:
    """The legal monitoring: the law's demand, the school's monitor, its results and trend."""
    parts = _parts(texts)
    monitors = load_monitors()
    blocks: list = filler.blocks(parts.get("wettelijk"), chapter)
    blocks += _instrument(profile, monitors, parts, filler, chapter)
    blocks += _results(school_dir, profile, parts, filler, chapter, today)
    return blocks


def in_depth_intro(texts, filler: Filler, chapter: str) -> list:
    """The lead-in to the kit's survey: an in-depth analysis beside the monitor, not the monitor itself."""
    return filler.blocks(_parts(texts).get("verdieping"), chapter)


def _parts(texts) -> dict:
    if isinstance(texts, dict):
        return texts
    return {"wettelijk": texts or []}  # an older beleidsplan.yaml: one list of paragraphs


def _instrument(profile: Profile, monitors: MonitorList, parts: dict, filler: Filler, chapter: str) -> list:
    value = profile.get("beleid.monitoringsinstrument")
    found = monitors.match(value)
    listed = f"de {monitors.list_name} van {monitors.date_text}"
    if found.kind == MONITOR:
        shown = str(value)
        if normalise(found.monitor.name) not in normalise(shown):
            shown += f" ({found.monitor.name})"
        sub = _sub_filler(filler, {"monitor": shown, "monitor_lijstdatum": monitors.date_text})
        return [sub.paragraph(str(parts.get("erkend") or ""), chapter)] if parts.get("erkend") else []
    if found.kind == OWN:
        filler.gap(chapter, "een monitoringsinstrument van de lijst van de Inspectie",
                   "Kies een instrument van de lijst van de Inspectie en vul de naam in het schoolprofiel in bij "
                   "beleid.monitoringsinstrument; de leerlingenquête van de cursus is geen wettelijke monitor.")
        return [Paragraph([Run(f"Nog in te vullen: het monitoringsinstrument van de school. Het schoolprofiel noemt "
                               f"\"{value}\"; dat is de eigen leerlingenquête. Die verdiept het beeld (zie verderop "
                               "in dit hoofdstuk), maar vervangt de wettelijke monitor niet: zij staat niet op "
                               f"{listed}.", missing=True)])]
    if found.kind == UNKNOWN:
        filler.gap(chapter, f"de controle van het monitoringsinstrument ({value})",
                   f"Ga bij de aanbieder na of {value} aan de wettelijke eisen voldoet en de gegevens aan de "
                   f"Inspectie levert, of kies een instrument van {listed}.")
        return [plain(f"De school gebruikt hiervoor {value}."),
                Paragraph([Run(f"Nog te controleren: {value} staat niet op {listed}. De school gaat na of het "
                               "instrument aan de wettelijke eisen voldoet.", missing=True)])]
    filler.gap(chapter, "het monitoringsinstrument",
               "Kies een instrument van de lijst van de Inspectie en vul de naam in het schoolprofiel in bij "
               "beleid.monitoringsinstrument.")
    return [Paragraph([Run(f"Nog in te vullen: welk monitoringsinstrument de school gebruikt (een instrument van "
                           f"{listed}).", missing=True)])]


def _sub_filler(filler: Filler, extra: dict[str, str]) -> Filler:
    """A filler that also knows ``extra`` fields and records its gaps in ``filler``'s list."""
    sub = Filler({**filler.values, **extra}, filler.labels, filler.source)
    sub.gaps = filler.gaps
    return sub


def _results(school_dir, profile: Profile, parts: dict, filler: Filler, chapter: str, today: date | None) -> list:
    try:
        results = load_monitor_results(school_dir, today)
    except KitError:
        filler.gap(chapter, "de uitkomsten van de monitor (monitor.yaml bevat fouten)",
                   "Voer kit school check uit voor de school; die noemt per fout de regel en wat er moet staan.")
        return [Paragraph([Run("Nog in te vullen: de uitkomsten van de monitor per schooljaar.", missing=True)])]
    if results is None or not results.years:
        filler.gap(chapter, "de uitkomsten van de monitor per schooljaar", RESULTS_TODO)
        return [Paragraph([Run("Nog in te vullen: de uitkomsten van de monitor per schooljaar.", missing=True)])]
    blocks: list = []
    if parts.get("uitkomsten"):
        blocks.append(filler.paragraph(str(parts["uitkomsten"]), chapter))
    blocks += _recent_enough(results, profile.get("schooljaar"), filler, chapter)
    blocks.append(_table(results, filler, chapter))
    labels = _descriptions(results)
    if labels:
        blocks.append(Note("Omschrijving in het rapport van de monitor " + "; ".join(labels) + "."))
    blocks += _trend(results, parts)
    return blocks


def _recent_enough(results: MonitorResults, plan_year: str | None, filler: Filler, chapter: str) -> list:
    """A gap when neither this school year nor the last one has results."""
    if not plan_year:
        return []
    first = int(plan_year[:4])
    previous = f"{first - 1}-{first}"
    if results.year(plan_year) or results.year(previous):
        return []
    filler.gap(chapter, f"de uitkomsten van de monitor van schooljaar {previous}", RESULTS_TODO)
    return [Paragraph([Run(f"Nog in te vullen: de uitkomsten van de monitor van schooljaar {previous}. Hieronder "
                           f"staan de laatste uitkomsten die de school heeft ingevuld ({results.latest.year}).",
                           missing=True)])]


def _table(results: MonitorResults, filler: Filler, chapter: str) -> Table:
    latest = results.latest
    rows = []
    for year in results.years:
        row = [plain(year.year)]
        for name in INDICATORS:
            figure = year.figures.get(name)
            if figure is not None:
                row.append(plain(figure.text()))
            elif year is latest:
                filler.gap(chapter, f"{INDICATORS[name].lower()} in de uitkomsten van de monitor van {year.year}",
                           RESULTS_TODO)
                row.append(Paragraph([Run(MISSING_TEXT, missing=True)]))
            else:
                row.append(plain("–"))
        row += [plain(str(year.n)), plain(dutch_date(year.report_date))]
        rows.append(row)
    return Table(["Schooljaar", *INDICATORS.values(), "n", "Datum rapport"], rows,
                 caption="Uitkomsten van de monitor op schoolniveau", widths=[2.0, 2.4, 2.4, 2.0, 1.0, 2.4])


def _descriptions(results: MonitorResults) -> list[str]:
    out: list[str] = []
    for name, label in INDICATORS.items():
        texts = list(dict.fromkeys(y.figures[name].label for y in results.years
                                   if name in y.figures and y.figures[name].label))
        if texts:
            out.append(f"bij {label.lower()}: {' / '.join(texts)}")
    return out


def _trend(results: MonitorResults, parts: dict) -> list:
    """One sentence on the first and last year entered per indicator; a chart with two or more years."""
    if len(results.years) < 2:
        return [plain(f"Er zijn nog alleen uitkomsten van {results.years[0].year}; een ontwikkeling over de jaren "
                      "is te zien zodra er meer schooljaren zijn ingevuld.")]
    changes: list[str] = []
    series: dict[str, list[tuple[str, float]]] = {}
    for name in INDICATORS:
        subject = SUBJECTS[name]
        points = [(y.year, y.figures[name]) for y in results.years if name in y.figures]
        if len(points) < 2:
            continue
        (first_year, first), (last_year, last) = points[0], points[-1]
        if not all(f.comparable(first) for _, f in points):
            changes.append(f"{subject} is niet in alle jaren op dezelfde schaal gemeten en is daarom niet over de "
                           "jaren te vergelijken")
            continue
        series[name] = [(year, f.value) for year, f in points]
        unit = "" if first.is_pct else f" ({first.unit})"
        values = f"{first.value_text()} in {first_year} naar {last.value_text()} in {last_year}{unit}"
        if last.value > first.value:
            changes.append(f"{subject} steeg van {values}")
        elif last.value < first.value:
            changes.append(f"{subject} daalde van {values}")
        else:
            changes.append(f"{subject} bleef gelijk: {first.value_text()} in {first_year} en in {last_year}{unit}")
    if not changes:
        return []
    listed = _join(changes)
    blocks: list = [plain(f"Ontwikkeling over de ingevulde schooljaren: {listed}.")]
    if parts.get("trend_toelichting"):
        blocks.append(Note(" ".join(str(parts["trend_toelichting"]).split())))
    chart = _chart(series, results)
    if chart is not None:
        alt = f"Lijndiagram van de uitkomsten van de monitor per schooljaar: {listed}."
        blocks.append(Figure(chart, "Uitkomsten van de monitor per schooljaar", alt, "monitor"))
    return blocks


def _join(items: list[str]) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " en " + items[-1]


def _chart(series: dict[str, list[tuple[str, float]]], results: MonitorResults) -> bytes | None:
    figures = {name: [y.figures[name] for y in results.years if name in y.figures] for name in series}
    """One small line chart per indicator (each on the monitor's own scale), side by side."""
    if not series:
        return None
    from matplotlib.figure import Figure as MplFigure

    from kit.survey import charts

    fig = MplFigure(figsize=(2.5 * len(series) + 0.6, 2.4), dpi=110, layout="constrained")
    axes = fig.subplots(1, len(series), squeeze=False)[0]
    for ax, (name, points) in zip(axes, series.items()):
        figure = next(y.figures[name] for y in reversed(results.years) if name in y.figures)
        years = [p[0] for p in points]
        values = [p[1] for p in points]
        ax.plot(range(len(years)), values, color=charts.BLUE, marker="o", linewidth=2)
        shown = [f.value_text() for f in figures[name]]
        for x, (value, text) in enumerate(zip(values, shown)):
            ax.annotate(text, (x, value), textcoords="offset points", xytext=(0, 6), ha="center", fontsize=8,
                        color=charts.INK)
        ax.set_xticks(range(len(years)), years, fontsize=7)
        if figure.is_pct:
            ax.set_ylim(0, 100 if max(values) > 50 else max(10.0, max(values) * 1.6))
            ax.yaxis.set_major_formatter(lambda v, _pos: f"{v:g}%")
        else:
            ax.set_ylim(figure.low, figure.high)
            ax.yaxis.set_major_formatter(lambda v, _pos: f"{v:g}".replace(".", ","))
        ax.set_title(INDICATORS[name] + ("" if figure.is_pct else f" ({figure.unit})"), fontsize=9,
                     color=charts.INK)
        ax.set_xlim(-0.4, len(years) - 0.6)
        for side in ("top", "right"):
            ax.spines[side].set_visible(False)
        ax.tick_params(axis="y", labelsize=7, colors="#5b6a75")
    return charts.png(fig)
