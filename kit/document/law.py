"""The law per kind of education (po, vo, so), as the plan's fixed texts cite it.

The texts in ``data/templates/beleidsplan.yaml`` name articles through fields such as
``{{ wetsartikel }}`` or ``{{ artikel_meldplicht }}``; :func:`law_values` fills them for the
school's kind of education. Every reference below was checked on 4 December 2026 against the
sources named beside it. Where an article number could not be verified (the Wet voortgezet
onderwijs 2020 renumbered the old WVO on 1 August 2022 and its new numbers could not be read
in any available source), the text names the law without an article number.
"""

from __future__ import annotations

from kit.terms import term_values

# Sources (checked 2026-12-04):
# - WPO art. 4a, 4b, 4c, 8 lid 3, 14 and WEC art. 4a, 5, 5a, 23: the law texts as published on
#   wetten.overheid.nl (BWBR0003420, BWBR0003549), read in the mirror
#   https://github.com/statengeneraal/laws-markdown (wet/wbo/BWBR0003420, wet/isovso/BWBR0003549),
#   and art. 4c in https://zoek.officielebekendmakingen.nl/stb-2015-238.html (Wet veiligheid op school).
# - Besluit bekostiging WPO art. 34.6a: https://zoek.officielebekendmakingen.nl/stb-2020-209.html
#   (the same decree set the rules for vo and so; it cites WVO art. 3b, the pre-2022 article).
# - WPO art. 8 lid 3 (burgerschap, basiswaarden): Kamerstuk 35 352,
#   https://5dok.net/document/q7wo25po-bijbrengen-basiswaarden-democratische-rechtsstaat-verankerd-grondwet-universeel-fundamentele.html
#   (bill text) and in force 1 August 2021 per
#   https://bijbelenonderwijs.nl/tag/inspectie/ ; the vo and so counterparts: same bill, article
#   numbers not verified.
LAW_NAMES = {
    "po": "de Wet op het primair onderwijs (WPO)",
    "vo": "de Wet voortgezet onderwijs 2020 (WVO 2020)",
    "so": "de Wet op de expertisecentra (WEC)",
}
ZORGPLICHT = {
    "po": "artikel 4c van de Wet op het primair onderwijs",
    "vo": "de Wet voortgezet onderwijs 2020",  # article number not verified; formerly WVO art. 3b
    "so": "artikel 5a van de Wet op de expertisecentra",
}
MELDPLICHT = {
    "po": "artikel 4a van de Wet op het primair onderwijs",
    "vo": "de Wet voortgezet onderwijs 2020",  # article number not verified
    "so": "artikel 4a van de Wet op de expertisecentra",
}
MELDCODE = {
    "po": "artikel 4b van de Wet op het primair onderwijs",
    "vo": "de Wet voortgezet onderwijs 2020",  # article number not verified
    "so": "artikel 5 van de Wet op de expertisecentra",
}
KLACHTENREGELING = {
    "po": "artikel 14 van de Wet op het primair onderwijs",
    "vo": "de Wet voortgezet onderwijs 2020",  # article number not verified
    "so": "artikel 23 van de Wet op de expertisecentra",
}
BURGERSCHAP = {
    "po": "artikel 8, derde lid, van de Wet op het primair onderwijs",
    "vo": "de Wet voortgezet onderwijs 2020",  # article number not verified
    "so": "de Wet op de expertisecentra",  # article number after the 2021 change not verified
}
MONITORBESLUIT = {
    "po": "artikel 34.6a van het Besluit bekostiging WPO",
    "vo": "het Besluit van 17 juni 2020 over het monitoren van de veiligheid op scholen (Staatsblad 2020, 209)",
    "so": "het Besluit van 17 juni 2020 over het monitoren van de veiligheid op scholen (Staatsblad 2020, 209)",
}
# WPO art. 4a speaks of "een leerling"; WEC art. 4a of "een minderjarige leerling"; the Inspectie's page
# https://www.onderwijsinspectie.nl/onderwerpen/vertrouwensinspecteurs/zedenmisdrijven of "een minderjarige
# leerling of student" for the education laws in general (vo).
ZEDEN_LEERLING = {"po": "een leerling", "vo": "een minderjarige leerling", "so": "een minderjarige leerling"}

FIELDS = {
    "wet": LAW_NAMES, "wetsartikel": ZORGPLICHT, "artikel_meldplicht": MELDPLICHT, "artikel_meldcode": MELDCODE,
    "artikel_klachtenregeling": KLACHTENREGELING, "artikel_burgerschap": BURGERSCHAP,
    "monitorbesluit": MONITORBESLUIT,
}
LABEL = "het soort onderwijs (po, vo of so), waaruit de wetsartikelen volgen"
MELDROUTE_KEY = "meldplicht"
# The plan's texts per chapter, in order (keys of beleidsplan.yaml); content.py places them.
CHAPTER_TEXTS = {
    3: ("wettelijk_kader", "andere_wetten", "wetsvoorstel"),
    6: ("meldcode", "meldplicht", "klachten", "partners"),  # after the bullying protocol and the protocol table
}


def law_values(onderwijstype: str | None) -> dict[str, str | None]:
    """Every law field and term for the plan's texts; law fields are None when the kind is unknown."""
    kind = (onderwijstype or "").strip().lower()
    values: dict[str, str | None] = {name: table.get(kind) for name, table in FIELDS.items()}
    values["zeden_leerling"] = ZEDEN_LEERLING.get(kind, "een leerling")  # wording only: never a gap
    values.update(term_values(kind or None))
    return values


def law_labels() -> dict[str, str]:
    """What an empty law field asks for: one label for all, so a missing kind is one gap per chapter."""
    return {name: LABEL for name in FIELDS}


def chapter_blocks(number: int, texts: dict, filler, chapter: str) -> list:
    """The fixed texts of chapter ``number`` (3 or 6) as blocks, in the order of :data:`CHAPTER_TEXTS`."""
    blocks: list = []
    for key in CHAPTER_TEXTS[number]:
        blocks += filler.blocks(texts.get(key), chapter)
    return blocks


def route_described(texts: dict) -> bool:
    """True when the plan's texts describe the reporting route for sexual offences: who reports to whom.

    The route is the template key ``meldplicht``; it must name the bevoegd gezag, the
    vertrouwensinspecteur and the aangifte, so an edited template that dropped the route is caught.
    """
    route = " ".join(str(p) for p in texts.get(MELDROUTE_KEY) or []).lower()
    return all(word in route for word in ("bevoegd gezag", "vertrouwensinspecteur", "aangifte"))
