"""The school's signaleringskaart: one printable A4 page for the staff room (``output/signaleringskaart.pdf``).

It holds the key signals, the first steps when someone notices something or a pupil tells
something, who to go to (names, e-mail and phone from the profile's roles), the meldcode's
five steps and the numbers of Veilig Thuis, 112 and the vertrouwensinspecteur. The fixed
texts come from ``data/templates/signaleren.yaml`` (key ``kaart`` and each topic's
``kaart``); the people come only from ``school.yaml``: a role the profile leaves empty shows
"nog invullen in het schoolprofiel", never an invented person.

HTML with Jinja2 (autoescape), PDF with WeasyPrint, as the plan does (kit.document.html).
Black on white with one accent colour, so it prints well in black and white. The page is
rendered at full size and, only if long names push it onto a second page, again a little
smaller, so the card is always exactly one page.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from kit import dates
from kit.profile import ROLES, Profile, load_profile
from kit.signalering.knowledge import Knowledge, load_knowledge

FILE_NAME = "signaleringskaart.pdf"
MISSING_ROLE = "nog invullen in het schoolprofiel"
# The order on the card: first who a colleague goes to with bullying, then the meldcode, complaints, direction.
CARD_ROLES = ("coordinator", "aanspreekpunt", "aandachtsfunctionaris", "vertrouwenspersoon_intern",
              "vertrouwenspersoon_extern", "directeur")
SCALES = (0.85, 0.82, 0.79, 0.76, 0.72, 0.68, 0.64, 0.6)  # times the sizes in the template


@dataclass(frozen=True)
class RoleLine:
    """One row of "Naar wie?": the role, what for, and the person's details (or what is missing)."""

    role: str
    label: str
    purpose: str
    name: str | None
    email: str | None
    phone: str | None
    note: str = ""  # "ook coördinator"
    phone_note: str = ""  # "school": the school's number when the person has none
    missing: str = ""  # the visible placeholder when the profile names no one


def role_lines(profile: Profile, knowledge: Knowledge) -> list[RoleLine]:
    """Who to go to, from the profile only. The aanspreekpunt falls back to the coordinator, as in the plan."""
    lines = []
    for role in CARD_ROLES:
        label = ROLES[role]
        purpose = knowledge.card.roles.get(role, "")
        details = profile.role(role)
        if not details.get("naam"):
            lines.append(RoleLine(role, label, purpose, None, None, None, missing=MISSING_ROLE))
            continue
        note = "ook coördinator" if role == "aanspreekpunt" and not profile.get("rollen.aanspreekpunt.naam") else ""
        phone, phone_note = details.get("telefoon"), ""
        if not phone and profile.get("telefoon"):
            phone, phone_note = profile.get("telefoon"), "school"
        lines.append(RoleLine(role, label, purpose, details["naam"], details.get("email"), phone, note, phone_note))
    return lines


def kaart_html(school_dir: str | Path, scale: float = SCALES[0]) -> str:
    """The card as one complete HTML page (also a web preview); everything typed by people is escaped."""
    from kit.render import render

    school_dir = Path(school_dir)
    profile = load_profile(school_dir)
    knowledge = load_knowledge(school_dir)
    signals = [s for s in knowledge.sections if s.card_heading and s.card_points]
    roles = role_lines(profile, knowledge)
    return render("signaleringskaart.html.j2", card=knowledge.card, school=profile.naam,
                  year=profile.get("schooljaar"), signals=signals, roles=roles,
                  attention=next(r for r in roles if r.role == "aandachtsfunctionaris"),
                  board=profile.get("bestuur") or "", date=dates.dutch_date(dates.today()), scale=scale)


def write_kaart(school_dir: Path, output_dir: Path | None = None) -> Path:
    """Write ``output/signaleringskaart.pdf`` (one A4 page) for the school; returns its path."""
    import logging

    from weasyprint import HTML

    logging.getLogger("weasyprint").setLevel(logging.ERROR)  # font-subsetting chatter is not for users
    school_dir = Path(school_dir)
    target = (Path(output_dir) if output_dir else school_dir / "output") / FILE_NAME
    target.parent.mkdir(parents=True, exist_ok=True)
    for scale in SCALES:
        document = HTML(string=kaart_html(school_dir, scale), base_url=str(target.parent)).render()
        if len(document.pages) == 1:
            break
    else:  # text that does not fit even at the smallest size: keep the first page, the card is one sheet
        document = document.copy(document.pages[:1])
    document.write_pdf(str(target), pdf_tags=True)
    return target
