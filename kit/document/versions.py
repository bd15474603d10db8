"""The two versions of the plan, built from one document model.

The *internal* version (team, MR, board) holds everything the school may see: group
figures, staff names and phone numbers, what the team still has to do. The *public*
version (website, parents) holds school-level figures only, names staff only in the
roles table (so the aanspreekpunt and the vertrouwenspersonen can be found), words
every status for a reader and never contains pupils' open answers or instructions
about files. ``build_document(..., version=...)`` decides per block; this module
holds what both the builder and the renderers need to know about a version.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from kit.errors import KitError

INTERN, OPENBAAR = "intern", "openbaar"
VERSIONS = (INTERN, OPENBAAR)
BASENAME = "beleidsplan"

# What a reader of the public plan sees instead of the team's working words.
PUBLIC_ACTION_STATUS = {"Gepland": "gepland", "Bezig": "loopt", "Klaar": "afgerond", "Gestopt": "gestopt"}
PUBLIC_CHECK_STATUS = {"voldaan": "geregeld", "ontbreekt": "nog niet geregeld", "controleren": "wordt nagegaan"}

# Words that say what someone does (a role), not who they are. An owner without any of them may be a
# name ("Meester Daan") and is not shown in the public plan.
_ROLE_WORDS = re.compile(
    r"leerkracht|leraar|leraren|docent|mentor|directeur|directie|coördinator|coordinator|aanspreekpunt|"
    r"vertrouwenspersoon|aandachtsfunctionaris|intern begeleider|ib'er|zorgcoördinator|conciërge|concierge|"
    r"team|overblijf|pleinwacht|vakleerkracht|onderwijsassistent|leerlingenraad|medezeggenschapsraad|\bmr\b|"
    r"ouders|bestuur|administratie|schoolmaatschappelijk|gedragsspecialist|orthopedagoog|afdelingsleider|"
    r"teamleider|bouwcoördinator|preventiemedewerker|bhv|sectievoorzitter|sectieleider|locatieleider|"
    r"locatiedirecteur|rector|conrector|begeleider|decaan|coach", re.IGNORECASE)
# "groep 8", "groepen 5 tot en met 8", "klas 2b", "leerjaar 3", "klassen 1 en 2": a named group, class or year.
_GROUP = re.compile(
    r"\s*\b(groep|groepen|klas|klassen|leerjaar|leerjaren|jaarlaag)\s+\w{1,3}"
    r"((\s*,\s*|\s+(en|tot en met|t/m|of)\s+|\s*-\s*)\w{1,3}\b)*", re.IGNORECASE)
STAFF_MEMBER = "medewerker van de school"


@dataclass(frozen=True)
class Version:
    code: str
    name: str  # "Interne versie"
    audience: str  # one sentence for the title page

    @property
    def public(self) -> bool:
        return self.code == OPENBAAR

    def filename(self, fmt: str) -> str:
        return f"{BASENAME}-{self.code}.{fmt}"


def parse_version(text: str | None) -> str:
    """'Openbaar' -> 'openbaar'; a Dutch error for anything else."""
    code = (text or INTERN).strip().lower()
    if code not in VERSIONS:
        raise KitError(f"Onbekende versie: {text}.",
                       hint="Kies --versie intern (voor team, MR en bestuur) of --versie openbaar (voor de website "
                            "en ouders).")
    return code


def version(code: str, texts: dict | None = None) -> Version:
    """The version with its Dutch name and audience from beleidsplan.yaml (key ``versies``)."""
    code = parse_version(code)
    entry = ((texts or {}).get("versies") or {}).get(code) or {}
    default_name = "Openbare versie" if code == OPENBAAR else "Interne versie"
    return Version(code, str(entry.get("naam") or default_name), str(entry.get("voor") or ""))


def public_owner(owner: str, role_names: dict[str, str] | None = None) -> str:
    """An action owner as the public plan shows it: the role, never a name or a named group.

    ``role_names`` maps a person's name (from the profile's roles) to the role's label, so
    "Marieke de Vries" becomes "directeur". "Directeur (Marieke de Vries)" becomes "Directeur", "Ilse
    Verhoef (intern begeleider)" becomes "intern begeleider", "Leerkracht groep 8 (D. Visser)" becomes
    "Leerkracht".
    """
    text = (owner or "").strip()
    if not text:
        return ""
    for name, label in (role_names or {}).items():
        if name and text.casefold() == name.casefold():
            return label
    inside = re.fullmatch(r"(.*?)\s*\((.+)\)\s*", text)
    if inside:  # "Role (Name)" or "Name (role)": keep the part that is a role
        outer, inner = inside.group(1).strip(), inside.group(2).strip()
        text = outer if _ROLE_WORDS.search(outer) else inner
    if not _ROLE_WORDS.search(text):
        return STAFF_MEMBER
    text = _GROUP.sub("", text).strip(" ,")
    if not text or not _ROLE_WORDS.search(text):
        return STAFF_MEMBER
    return text
