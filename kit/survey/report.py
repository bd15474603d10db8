"""A survey summary as plain Dutch text, for the command line."""

from __future__ import annotations

from kit.survey.disclosure import PROTECT, UNGROUPED_LABEL, reason_text
from kit.survey.formats import FORMAT_NAMES
from kit.survey.instrument import Instrument

ALPHA_SUFFICIENT = 0.6
_EXCLUSION_WORDS = {"empty": "zonder antwoorden", "incomplete": "niet afgemaakt",
                    "preview": "voorbeeld of test", "duplicate": "dubbel ingestuurd"}


def dutch_number(value: float, decimals: int = 1) -> str:
    """A number with a decimal comma, as Dutch readers expect."""
    return f"{value:.{decimals}f}".replace(".", ",")


def format_summary(summary: dict, instrument: Instrument, source: str, min_group_size: int) -> str:
    """The summary of ``summarize`` as a readable Dutch report."""
    lines = [f"Enquête: {source} (indeling: {FORMAT_NAMES[summary['format']]})",
             f"Meegeteld: {summary['n']} leerlingen.",
             "Niet meegeteld: " + ", ".join(f"{count} {_EXCLUSION_WORDS[reason]}"
                                            for reason, count in summary["excluded"].items()) + ".",
             f"Ongeldige antwoorden (geteld als niet ingevuld): {summary['invalid_answers']}."]
    unmatched = summary["unmatched_columns"]
    lines.append("Kolommen die bij geen vraag horen: " + ("; ".join(unmatched) if unmatched else "geen") + ".")
    lines.append(f"Cijfers over minder dan {min_group_size} leerlingen worden niet getoond; zo nodig ook die van "
                 "andere groepen, zodat de verborgen cijfers niet uit het schooltotaal zijn terug te rekenen.")
    lines += ["", "Indicatoren (percentage leerlingen, met 95%-betrouwbaarheidsinterval):"]
    width = max((len(indicator.label) for indicator in instrument.indicators.values()), default=0)
    for name, figure in summary["indicators"].items():
        lines.append(f"  {instrument.indicators[name].label:<{width}}  {_indicator_text(figure)}")
    lines += ["", "Schalen (gemiddelde score, Cronbachs alfa):"]
    width = max(len(scale.label) for scale in instrument.scales.values())
    for name, figure in summary["scales"].items():
        lines.append(f"  {instrument.scales[name].label:<{width}}  {_scale_text(figure)}")
    lines += _places_lines(summary["places"], instrument)
    lines += _group_lines(summary["groups"], instrument, min_group_size, summary.get("ungrouped"))
    return "\n".join(lines)


def _indicator_text(figure: dict) -> str:
    if figure.get("suppressed"):
        from kit.survey.disclosure import school_hidden_text

        return f"niet getoond ({school_hidden_text(figure)})"
    if figure["pct"] is None:
        return "geen antwoorden"
    return (f"{dutch_number(figure['pct'])}%  ({dutch_number(figure['ci_low'])} tot "
            f"{dutch_number(figure['ci_high'])}%)  n = {figure['n']}")


def _scale_text(figure: dict) -> str:
    if figure.get("suppressed"):
        return "niet getoond (te weinig antwoorden)"
    if figure["mean"] is None:
        return "geen antwoorden"
    text = f"{dutch_number(figure['mean'], 2)}  n = {figure['n']}"
    alpha = figure.get("alpha")
    if alpha is None:
        return text + "  (alfa niet te berekenen)"
    verdict = "" if alpha >= ALPHA_SUFFICIENT else ", onvoldoende betrouwbaar"
    return text + f"  (alfa {dutch_number(alpha, 2)}{verdict})"


def _places_lines(places: dict | None, instrument: Instrument) -> list[str]:
    if places is None:
        return ["", "Onveilige plekken: deze vraag staat niet in het bestand."]
    options = instrument.items[instrument.places_item].options
    figures = list(places.values())
    if any(figure.get("suppressed") for figure in figures):
        return ["", "Onveilige plekken: niet getoond (te weinig leerlingen kozen een plek)."]
    n = max(figure["n"] for figure in figures)
    if n == 0:
        return ["", "Onveilige plekken: geen leerling koos een plek."]
    lines = ["", f"Onveilige plekken (van de {n} leerlingen die minstens één plek kozen):"]
    width = max(len(label) for label in options.values())
    ranked = sorted(places.items(), key=lambda pair: -(pair[1]["pct"] or 0))
    for option, figure in ranked:
        shown = "niet gevraagd" if figure["pct"] is None else f"{dutch_number(figure['pct'])}%"
        lines.append(f"  {options[option]:<{width}}  {shown}")
    return lines


def _group_lines(groups: dict, instrument: Instrument, min_group_size: int, ungrouped: dict | None = None) -> list[str]:
    if not groups:  # the pupils without a group are then the whole school
        return ["", "Groepen: geen leerling vulde de groep in."]
    rows = list(groups.items()) + ([(UNGROUPED_LABEL, ungrouped)] if ungrouped is not None else [])
    columns = list(instrument.indicators) + list(instrument.scales)
    widths = [max(len(column), 9) for column in columns]
    width = max(len(name) for name, _ in rows)
    lines = ["", "Per groep (percentages van de indicatoren, gemiddelden van de schalen):",
             "  " + " " * width + "      n  " + "  ".join(f"{c:>{w}}" for c, w in zip(columns, widths))]
    protected = hidden = False
    for name, group in rows:
        if group.get("suppressed"):
            lines.append(f"  {name:<{width}}  niet getoond ({reason_text(group.get('reason'), min_group_size)})")
            continue
        cells = [_cell(group["indicators"][column], "pct", 1, "%") for column in instrument.indicators]
        cells += [_cell(group["scales"][column], "mean", 2, "") for column in instrument.scales]
        figures = [*group["indicators"].values(), *group["scales"].values()]
        hidden |= any(f.get("suppressed") for f in figures)
        protected |= any(f.get("reason") == PROTECT for f in figures)
        lines.append(f"  {name:<{width}}  {group['n']:>5}  " + "  ".join(f"{c:>{w}}" for c, w in zip(cells, widths)))
    if hidden:
        lines.append(f"  'verborgen': minder dan {min_group_size} antwoorden"
                     + (", of verborgen om kleine groepen te beschermen." if protected else "."))
    return lines


def _cell(figure: dict, key: str, decimals: int, unit: str) -> str:
    if figure.get("suppressed"):
        return "verborgen"
    return "-" if figure[key] is None else dutch_number(figure[key], decimals) + unit
