"""What the school itself says it does, for the plan: protocols, prevention, registration, adoption.

Every sentence about the school's practice comes from the profile (``school.yaml``). The
plan's fixed texts (data/templates/beleidsplan.yaml) name these facts as ``{{ field }}``; an
empty field becomes a visible "nog in te vullen" and a gap through the :class:`Filler`, so a
gap reads the same wherever it shows. This module adds the parts a template sentence cannot
hold: the table of the school's protocols, the steps of its bullying protocol and the
adoption dates on the title page.
"""

from __future__ import annotations

from kit.document.model import Bullets, Paragraph, Run, Table, plain
from kit.document.texts import Filler
from kit.profile import ADOPTION, MISSING_TEXT, PROTOCOLS, Profile, dutch_date, dutch_list

TITLE_PAGE = "Titelpagina"
# Template field -> (profile field, what is missing as the plan words it).
PRACTICE_FIELDS = {
    "rollen_vindbaar_in": ("rollen_vindbaar_in", "waar leerlingen en ouders de namen van de rollen vinden"),
    "toezicht_pauzes": ("preventie.toezicht_pauzes", "het toezicht tijdens pauzes en op het plein"),
    "online_gedrag": ("preventie.online_gedrag", "de lessen over online gedrag en sociale media"),
    "groepsvorming": ("preventie.groepsvorming", "de aandacht voor groepsvorming aan het begin van het schooljaar"),
    "ouders_informeren": ("preventie.ouders_informeren", "de manier waarop de school ouders informeert"),
    "registratie_systeem": ("registratie.systeem", "waar incidenten worden vastgelegd"),
    "registratie_categorieen": ("registratie.categorieen", "welke incidenten worden vastgelegd"),
    "registratie_analyse_door": ("registratie.analyse_door", "wie de incidentregistratie analyseert"),
    "registratie_analyse_frequentie": ("registratie.analyse_frequentie",
                                       "hoe vaak de incidentregistratie wordt geanalyseerd"),
}
ADOPTION_WHAT = {
    "instemming_mr": "de datum waarop de medezeggenschapsraad met het plan heeft ingestemd",
    "bevoegd_gezag": "de datum waarop het bevoegd gezag het plan heeft vastgesteld",
}
ADOPTION_TODO = {
    "instemming_mr": "Vul vaststelling.instemming_mr in het schoolprofiel (school.yaml) in zodra de "
                     "medezeggenschapsraad heeft ingestemd met het plan.",
    "bevoegd_gezag": "Vul vaststelling.bevoegd_gezag in het schoolprofiel (school.yaml) in zodra het bevoegd "
                     "gezag het plan heeft vastgesteld.",
}


def _topic(key: str) -> str:
    """``agressie_en_geweld`` -> ``Agressie en geweld``."""
    return key.replace("_", " ").capitalize()


def _protocol_name(key: str) -> str:
    """The protocol as a sentence names it: ``het pestprotocol``, ``de gedragscode personeel``."""
    label = PROTOCOLS[key]
    article = "de" if label.startswith("Gedragscode") else "het"
    return f"{article} {label[0].lower()}{label[1:]}"


def _text(value) -> str | None:
    if value is None:
        return None
    if isinstance(value, list):
        return dutch_list(value)
    return str(value)


def practice_labels() -> dict[str, str]:
    """What each practice field is, worded for "nog in te vullen: ..." and the list of gaps."""
    labels = {name: what for name, (_, what) in PRACTICE_FIELDS.items()}
    for key in PROTOCOLS:
        labels[f"protocol_{key}"] = f"de datum waarop {_protocol_name(key)} is vastgesteld"
    labels["pestprotocol"] = labels["protocol_pesten"]
    return labels


def practice_values(profile: Profile) -> dict[str, str | None]:
    """The practice fields' text; ``None`` where the profile is empty.

    ``pestprotocol`` names the protocol by its title and adoption date; without a date it is
    empty, whatever the old yes/no field ``beleid.pestprotocol`` says: "ja" gives nothing to print.
    """
    values = {name: _text(profile.get(path)) for name, (path, _) in PRACTICE_FIELDS.items()}
    for key in PROTOCOLS:
        day = profile.get(f"protocollen.{key}.vastgesteld_op")
        values[f"protocol_{key}"] = dutch_date(day) if day else None
    day, title = profile.get("protocollen.pesten.vastgesteld_op"), profile.get("protocollen.pesten.titel")
    values["pestprotocol"] = (f"{title}, vastgesteld op {dutch_date(day)}" if title
                              else f"vastgesteld op {dutch_date(day)}") if day else None
    return values


def protocol_blocks(profile: Profile, texts: dict, filler: Filler, chapter: str) -> list:
    """The bullying protocol's steps (when the school gave them) and the table of the school's protocols."""
    blocks: list = []
    steps = profile.get("protocollen.pesten.stappen")
    if steps:
        blocks.append(plain(str(texts.get("stappen") or "De stappen van het pestprotocol in het kort:")))
        blocks.append(Bullets([plain(step) for step in steps]))
    rows = []
    for key in PROTOCOLS:
        run = filler.field(f"protocol_{key}", chapter)
        title = profile.get(f"protocollen.{key}.titel")
        rows.append([plain(_topic(key)), plain(title or "–"),
                     Paragraph([Run(MISSING_TEXT, missing=True) if run.missing else run])])
    if texts.get("inleiding"):
        blocks.append(plain(str(texts["inleiding"])))
    blocks.append(Table(["Onderwerp", "Titel", "Vastgesteld op"], rows,
                        caption=str(texts.get("tabel") or "Protocollen van de school"), widths=[3.4, 5.6, 2.6]))
    return blocks


def adoption_lines(profile: Profile, filler: Filler) -> list[Paragraph]:
    """The title page's "Instemming medezeggenschapsraad: <datum>" and "Vastgesteld door het bevoegd gezag:
    <datum>"; a missing date is "nog in te vullen" and a gap."""
    lines = []
    for key, label in ADOPTION.items():
        day = profile.get(f"vaststelling.{key}")
        if day:
            value = Run(dutch_date(day))
        else:
            filler.gap(TITLE_PAGE, ADOPTION_WHAT[key], ADOPTION_TODO[key])
            value = Run(MISSING_TEXT, missing=True)
        lines.append(Paragraph([Run(f"{label}: "), value]))
    return lines

