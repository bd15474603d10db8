"""A first draft of the vision text, built from what the team chose in the workshop.

The draft is a starting point the facilitator edits together with the team: the
values with the most votes, the themes the facilitator made of the statements (each
with one statement as an example), and the stellingen the team agrees on most.
It is plain text; whoever shows it must show it as text.
"""

from __future__ import annotations

from kit.visie.results import Results

TOP_VALUES = 3
AGREED_MEAN = 4.0  # on the 1-5 scale: "eens" or more on average
AGREED_SPREAD = 1.0
MAX_AGREED = 3
EXAMPLE_MAX = 160


def _join(names: list[str]) -> str:
    """``a``, ``a en b``, ``a, b en c``."""
    if len(names) <= 1:
        return "".join(names)
    return ", ".join(names[:-1]) + " en " + names[-1]


def _sentence(text: str) -> str:
    text = " ".join(text.split())
    if len(text) > EXAMPLE_MAX:
        text = text[: EXAMPLE_MAX - 1].rstrip() + "…"
    return text


def _lower_first(text: str) -> str:
    return text[:1].lower() + text[1:] if text[:2] != text[:2].upper() else text


def agreed_stellingen(results: Results) -> list[dict]:
    """Stellingen the team clearly agrees with: high mean, little spread, rated by at least two."""
    agreed = [s for s in results.stellingen
              if s["n"] >= 2 and s["mean"] is not None and s["mean"] >= AGREED_MEAN and s["spread"] <= AGREED_SPREAD]
    return sorted(agreed, key=lambda s: (-s["mean"], s["spread"]))[:MAX_AGREED]


def build_draft(results: Results, school_name: str) -> str:
    """The draft vision text for ``school_name`` from ``results``.

    Always returns usable text: parts without input (no votes yet, no themes yet) are
    replaced by a line that says what to fill in.
    """
    lines = [
        f"Visie op sociale veiligheid van {school_name}",
        "",
        "Op onze school is iedereen veilig en voelt iedereen zich veilig: leerlingen, ouders en "
        "medewerkers. In de klas, op het plein, onderweg en online.",
        "",
    ]
    top = results.top_values(TOP_VALUES)
    if top:
        lines.append(f"Daarbij staan {'deze waarde' if len(top) == 1 else 'deze waarden'} voor ons centraal: "
                     f"{_join([v['name'].lower() for v in top])}.")
        lines += [f"- {v['name']}: {_lower_first(v['description'])}" for v in top]
    else:
        lines.append("Daarbij staan deze waarden voor ons centraal: (vul hier de waarden in die het team kiest).")
    lines.append("")

    groups = [g for g in results.groups() if g.theme and g.statements]
    if groups:
        lines.append("Wat sociale veiligheid voor ons betekent:")
        for group in sorted(groups, key=lambda g: -len(g.statements)):
            example = _sentence(group.statements[0]["text"])
            lines.append(f"- {group.title}. Zoals een collega zei: \"{example}\"")
    elif results.statements:
        lines.append("Wat sociale veiligheid voor ons betekent, in onze eigen woorden:")
        lines += [f"- \"{_sentence(s['text'])}\"" for s in results.statements[:3]]
    else:
        lines.append("Wat sociale veiligheid voor ons betekent: (vul hier de belangrijkste thema's uit de "
                     "uitspraken in).")
    lines.append("")

    agreed = agreed_stellingen(results)
    if agreed:
        lines.append("Hier staan we samen voor:")
        lines += [f"- {s['text']}" for s in agreed]
        lines.append("")

    lines.append("Zo werken we elke dag aan een school waar iedereen erbij hoort. Wie iets ziet, doet iets; "
                 "we spreken elkaar aan en we blijven hierover met elkaar in gesprek.")
    return "\n".join(lines)
