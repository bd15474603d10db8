"""Chapter 6 "Signaleren en handelen": the school's own route, from its profile.

What a staff member does when they notice something or a pupil tells them something
(the plan's wording of the signaleringskaart's first steps), who they go to with what
(a table built from the profile's roles only; "what for" comes from signaleren.yaml,
the same words as the card), the pointer from household-violence signals to the
meldcode, and the signaleringskaart as an attachment. A role the profile leaves empty
is a visible placeholder and a gap, in the same words as the roles table of chapter 4,
so it counts once. The public version shows no staff phone numbers (kit.document.versions).
"""

from __future__ import annotations

from pathlib import Path

from kit.document.model import Note, Paragraph, Run, Subheading, Table, plain
from kit.document.texts import Filler
from kit.document.versions import Version
from kit.profile import MISSING_TEXT, ROLES, Profile
from kit.signalering.kaart import CARD_ROLES


def signalling_blocks(school_dir: Path, profile: Profile, texts: dict, filler: Filler, chapter: str,
                      kind: Version) -> list:
    """The route blocks for chapter 6 (``texts`` is beleidsplan.yaml's ``signaleren_route``)."""
    from kit.signalering.knowledge import load_knowledge

    purposes = load_knowledge(school_dir).card.roles
    blocks: list = []
    if texts.get("stappen"):
        blocks.append(Subheading(str(texts.get("stappen_kop") or "Wat een medewerker doet bij een signaal")))
        blocks += filler.blocks(texts["stappen"], chapter)
    blocks.append(Subheading(str(texts.get("route_kop") or "Bij wie een medewerker, leerling of ouder terechtkan")))
    blocks.append(route_table(profile, purposes, filler, chapter, kind, str(texts.get("tabel") or "Wie waarvoor")))
    blocks += filler.blocks(texts.get("meldcode"), chapter)
    blocks += filler.blocks(texts.get("kaart"), chapter)
    if texts.get("kaart_intern") and not kind.public:
        blocks.append(Note(str(texts["kaart_intern"])))
    return blocks


def route_table(profile: Profile, purposes: dict[str, str], filler: Filler, chapter: str, kind: Version,
                caption: str) -> Table:
    """What for, which role, who, and how to reach them; in the public version e-mail only (or the school's)."""
    school_contact = [part for part in (profile.get("email"), profile.get("telefoon")) if part]
    rows = []
    for role in CARD_ROLES:
        label, details = ROLES[role], profile.role(role)
        if details.get("naam"):
            name = details["naam"]
            if role == "aanspreekpunt" and not profile.get("rollen.aanspreekpunt.naam"):
                name += " (ook coördinator)"
            who = plain(name)
            if kind.public:
                parts = [details["email"]] if details.get("email") else school_contact
            else:
                parts = [part for part in (details.get("email"), details.get("telefoon")) if part]
            contact = plain(" · ".join(parts) if parts else "–")
        else:
            vertrouwens = role.startswith("vertrouwenspersoon")
            todo = (f"Wijs (met het bestuur) een {label.lower()} aan en vul rollen.{role}.naam in het schoolprofiel "
                    "in." if vertrouwens else f"Vul rollen.{role}.naam in het schoolprofiel in.")
            filler.gap(chapter, filler.labels[role], todo)
            who = Paragraph([Run("nog niet aangewezen" if vertrouwens else MISSING_TEXT, missing=True)])
            contact = plain("–")
        rows.append([plain(purposes.get(role, "")), plain(label), who, contact])
    return Table(["Waarvoor", "Rol", "Naam", "Bereikbaar via"], rows, caption=caption, widths=[3.6, 2.8, 2.4, 3.8])
