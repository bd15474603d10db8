"""Assemble the policy document from the school's profile, vision, survey, checklist and action plan.

Chapters, in order: 1 Inleiding ... 10 Evaluatie en borging, then the appendix
"Volledigheidscontrole" listing every gap. Fixed texts come from
data/templates/beleidsplan.yaml; this module only decides what goes where. The
public and the internal version are the same model, filtered by ``version``
(kit.document.versions): the public one leaves out group figures, names beside
actions, open answers and instructions to the team.
"""

from __future__ import annotations

from pathlib import Path

from kit import dates
from kit.document import law
from kit.document.model import (Bullets, Document, Figure, Note, Paragraph, Run, Section, Subheading, Table,
                                plain)
from kit.document.monitoring import in_depth_intro, legal_monitoring
from kit.document.practice import adoption_lines, practice_labels, practice_values, protocol_blocks
from kit.document.signalling import signalling_blocks
from kit.document.texts import Filler, load_texts
from kit.document.versions import (INTERN, PUBLIC_ACTION_STATUS, PUBLIC_CHECK_STATUS, Version, public_owner,
                                   version as load_version)
from kit.errors import KitError
from kit.periods import fields as period_fields, fill as fill_periods
from kit.profile import MISSING_TEXT, ROLES, SCHOOL_TYPES, Profile, load_profile
from kit.terms import group_word

CHAPTERS = (
    "Inleiding",
    "Onze visie op sociale veiligheid",
    "Wettelijk kader",
    "Taken en rollen",
    "Preventie",
    "Signaleren en handelen",
    "Registratie van incidenten",
    "Monitoring: hoe veilig voelen onze leerlingen zich?",
    "Actieplan",
    "Evaluatie en borging",
)
APPENDIX = "Bijlage: Volledigheidscontrole"
PRIVACY_HEADING = "Privacy bij de leerlingenquête"
LAW_ARTICLES = law.ZORGPLICHT  # the zorgplicht veiligheid per onderwijstype; sources in kit/document/law.py
REQUIRED_ROLES = ("directeur", "coordinator", "aanspreekpunt", "aandachtsfunctionaris")
PRIVACY_FIELDS = {  # profile field under privacy: -> what is missing, as the plan says it
    "grondslag": "de grondslag uit de AVG waarop de school de antwoorden verwerkt",
    "informatie": "hoe leerlingen en ouders vooraf over de enquête worden geïnformeerd",
    "bewaartermijn": "hoe lang de school de antwoorden van de enquête bewaart",
    "open_antwoorden": "wie de open antwoorden van leerlingen leest",
}


def build_document(school_dir: str | Path, include_open_answers: bool = False, version: str = INTERN) -> Document:
    """The whole plan for one school. Missing parts become visible placeholders and gaps, never errors.

    ``version`` is ``"intern"`` (team, MR, board; the default) or ``"openbaar"`` (website, parents).
    Pupils' open answers stay out unless the school asks for them (``include_open_answers``), and
    never go into the public version.
    """
    school_dir = Path(school_dir)
    profile = load_profile(school_dir)
    texts = load_texts()
    kind = load_version(version, texts)
    surveys = _surveys(school_dir)
    filler = Filler(_values(profile, surveys), _labels())
    adoption = adoption_lines(profile, filler)
    chapter = dict(enumerate(CHAPTERS, start=1))
    open_answers = include_open_answers and not kind.public

    sections = [Section(1, chapter[1], filler.blocks(texts.get("inleiding"), chapter[1]))]
    sections.append(Section(2, chapter[2], _vision(school_dir, filler, chapter[2])))
    sections.append(Section(3, chapter[3], law.chapter_blocks(3, texts, filler, chapter[3])))
    sections.append(Section(4, chapter[4], filler.blocks(texts.get("taken_en_rollen"), chapter[4])
                            + _roles(profile, texts.get("rollen") or {}, filler, chapter[4], kind)))
    sections.append(Section(5, chapter[5], filler.blocks(texts.get("preventie"), chapter[5])))
    sections.append(Section(6, chapter[6], filler.blocks(texts.get("signaleren_en_handelen"), chapter[6])
                            + signalling_blocks(school_dir, profile, texts.get("signaleren_route") or {}, filler,
                                                chapter[6], kind)
                            + protocol_blocks(profile, texts.get("protocollen") or {}, filler, chapter[6])
                            + law.chapter_blocks(6, texts, filler, chapter[6])))
    sections.append(Section(7, chapter[7], filler.blocks(texts.get("registratie"), chapter[7])))
    sections.append(Section(8, chapter[8], legal_monitoring(school_dir, profile, texts.get("monitoring"), filler,
                                                             chapter[8])
                            + in_depth_intro(texts.get("monitoring"), filler, chapter[8])
                            + _monitoring(profile, surveys, filler, chapter[8], kind)
                            + (_open_answers(surveys) if open_answers else [])
                            + [Subheading(PRIVACY_HEADING)] + filler.blocks(texts.get("privacy"), chapter[8])))
    sections.append(Section(9, chapter[9], filler.blocks(texts.get("actieplan"), chapter[9])
                            + _action_plan(school_dir, profile, filler, chapter[9], kind)))
    sections.append(Section(10, chapter[10], filler.blocks(texts.get("evaluatie"), chapter[10])
                            + _evaluation(school_dir, kind)))
    sections.append(Section(None, APPENDIX, _appendix(school_dir, filler, kind)))  # last: it lists every gap
    subtitle = " · ".join(part for part in (
        f"Schooljaar {profile.get('schooljaar')}" if profile.get("schooljaar") else None,
        profile.get("bestuur"), profile.get("adres.plaats")) if part)
    return Document(title=str(texts.get("titel") or "Sociaal veiligheidsplan"), school=profile.naam,
                    subtitle=subtitle, date=dates.dutch_date(dates.today()), sections=sections, gaps=filler.gaps,
                    adoption=adoption, version=kind.code, version_name=kind.name, audience=kind.audience)


def _surveys(school_dir: Path):
    from kit.survey.school import load_school_surveys

    try:
        return load_school_surveys(school_dir)
    except KitError:
        return None  # an unreadable export shows as a gap in chapter 8; `kit survey summary` says why


def _policy(profile: Profile, key: str) -> str | None:
    value = profile.get(f"beleid.{key}")
    if value is True:
        return "aanwezig"
    if value is False or value is None:
        return None
    return str(value)


def _values(profile: Profile, surveys) -> dict[str, str | None]:
    year = profile.get("schooljaar")
    values: dict[str, str | None] = {
        "naam": profile.get("naam"),
        "bestuur": profile.get("bestuur"),
        "plaats": profile.get("adres.plaats"),
        "schooljaar": year,
        "onderwijstype": SCHOOL_TYPES.get(profile.get("onderwijstype") or ""),
        "min_groepsgrootte": str(surveys.min_group_size) if surveys else "10",
        "volgende_enquete": _next_survey(year, surveys),
    }
    values.update(law.law_values(profile.get("onderwijstype")))  # wetsartikel, artikel_meldplicht, groep, ...
    for role in ROLES:
        values[role] = profile.role(role).get("naam")
    for key in ("antipestprogramma", "monitoringsinstrument", "pestprotocol", "klachtenregeling", "meldcode"):
        values[key] = _policy(profile, key)
    values.update(practice_values(profile))  # the school's own practice; pestprotocol by title and date
    for key in PRIVACY_FIELDS:
        values[f"privacy_{key}"] = profile.get(f"privacy.{key}")
    values.update(period_fields())
    return values


def _labels() -> dict[str, str]:
    labels = {"naam": "de naam van de school", "bestuur": "het schoolbestuur", "plaats": "de plaats",
              "schooljaar": "het schooljaar", "onderwijstype": "het soort onderwijs",
              "volgende_enquete": "de datum van de volgende enquête"}
    labels.update(law.law_labels())
    # The same words as the roles table's gaps, so a missing role counts once wherever it shows.
    labels.update({role: f"{'het' if role == 'aanspreekpunt' else 'de'} {label.lower()}"
                   for role, label in ROLES.items()})
    labels.update({"antipestprogramma": "het antipestprogramma", "monitoringsinstrument": "het monitoringsinstrument",
                   "pestprotocol": "het pestprotocol", "klachtenregeling": "de klachtenregeling",
                   "meldcode": "de meldcode huiselijk geweld en kindermishandeling"})
    labels.update(practice_labels())
    labels.update({f"privacy_{key}": what for key, what in PRIVACY_FIELDS.items()})
    return labels


def _next_survey(year: str | None, surveys) -> str | None:
    """Spring of the plan's school year, or of the next one when this year's survey is done."""
    if not year:
        return None
    done = surveys is not None and surveys.current_file.year == year
    return f"maart {int(year[5:]) + (1 if done else 0)}"


def _vision(school_dir: Path, filler: Filler, chapter: str) -> list:
    from kit import workshop
    from kit.workshop.meetings import vision_workshop

    vision = ranking = None
    if (school_dir / workshop.DB_NAME).is_file():
        try:
            with workshop.Store(school_dir, create=False) as store:
                latest = vision_workshop(store)
                if latest is not None:
                    vision = workshop.current_vision(store, latest.id)
                    ranking = [v for v in workshop.value_ranking(store, latest.id) if v["votes"]]
        except KitError:
            vision = None
    blocks: list = []
    if vision is not None and vision["final"]:
        saved = dates.numeric_date(dates.local_day(vision["saved_at"]))
        blocks += text_blocks(vision["text"])
        blocks.append(Note(f"Vastgesteld door het team op {saved}."))
    else:
        todo = "Stel in de visieworkshop (01_visie) samen een visie op en markeer één versie als definitief."
        filler.gap(chapter, "de definitieve visie van het team", todo)
        blocks.append(Paragraph([Run("Nog in te vullen: de visie op sociale veiligheid die het team samen "
                                     "vaststelt.", missing=True)]))
        if vision is not None:
            blocks.append(Note("Concept (nog niet definitief):"))
            blocks += text_blocks(vision["text"])
    if ranking:
        top = ranking[:5]
        blocks.append(plain("De kernwaarden die het team het belangrijkst vindt:"))
        blocks.append(Bullets([plain(f"{v['name']}: {v['description']}" if v.get("description") else v["name"])
                               for v in top]))
    return blocks


def text_blocks(text: str) -> list:
    """Text typed by the team: blank lines separate paragraphs, lines starting with '- ' are a list."""
    blocks: list = []
    lines: list[str] = []

    def flush() -> None:
        if lines:
            blocks.append(plain(" ".join(lines)))
            lines.clear()

    for raw in text.splitlines():
        line = raw.strip()
        if line.startswith(("- ", "* ")):
            flush()
            item = plain(line[2:].strip())
            if blocks and isinstance(blocks[-1], Bullets):
                blocks[-1].items.append(item)
            else:
                blocks.append(Bullets([item]))
        elif not line:
            flush()
        else:
            lines.append(line)
    flush()
    return blocks


def _roles(profile: Profile, descriptions: dict, filler: Filler, chapter: str, kind: Version) -> list:
    """Who holds each role and how to reach them, then what each role does.

    The public version shows the names (pupils and parents must be able to find them) but no staff
    phone numbers: a role's e-mail address, or else the school's own address and phone number.
    """
    school_contact = _joined(profile.get("email"), profile.get("telefoon"))
    rows = []
    for role, label in ROLES.items():
        details = profile.role(role)
        if details.get("naam"):
            name = plain(details["naam"])
        elif role in REQUIRED_ROLES:
            filler.gap(chapter, filler.labels[role], f"Vul rollen.{role}.naam in het schoolprofiel in.")
            name = Paragraph([Run(f"{MISSING_TEXT}", missing=True)])
        elif role.startswith("vertrouwenspersoon"):
            # Not a legal duty yet, but the plan names both (chapter 6): a missing one is a gap, counted once.
            filler.gap(chapter, filler.labels[role], f"Wijs (met het bestuur) een {label.lower()} aan en vul "
                       f"rollen.{role}.naam in het schoolprofiel in.")
            name = Paragraph([Run("nog niet aangewezen", missing=True)])
        else:
            name = plain("niet aangewezen")
        if role == "aanspreekpunt" and not profile.get("rollen.aanspreekpunt.naam") and details.get("naam"):
            name = plain(f"{details['naam']} (ook coördinator)")
        if kind.public:
            parts = [details["email"]] if details.get("email") else (school_contact if details.get("naam") else [])
        else:
            parts = _joined(details.get("email"), details.get("telefoon"))
        contact = Paragraph([Run(part) for part in parts])
        rows.append([plain(label), name, contact if contact.runs else plain("–")])
    tasks = [Paragraph([Run(f"{label}: "), Run(str(descriptions[role]))]) for role, label in ROLES.items()
             if descriptions.get(role)]
    return [Table(["Rol", "Naam", "Bereikbaar via"], rows, caption="Wie doet wat", widths=[3.2, 3.0, 4.6]),
            plain("Wat de rollen inhouden:"), Bullets(tasks)]


def _joined(*parts: str | None) -> list[str]:
    present = [p for p in parts if p]
    return [p + (" · " if i < len(present) - 1 else "") for i, p in enumerate(present)]


def _pct(value: float | None) -> str:
    return "–" if value is None else f"{value:.1f}".replace(".", ",") + "%"


def _monitoring(profile: Profile, surveys, filler: Filler, chapter: str, kind: Version) -> list:
    from kit.survey import charts
    from kit.survey.findings import findings

    year = profile.get("schooljaar")
    if surveys is None:
        filler.gap(chapter, "de uitkomsten van de leerlingenquête",
                   "Zet de export van de enquête in de map surveys/ van de school (zie 03_enquete).")
        return [Paragraph([Run("Nog in te vullen: de uitkomsten van de leerlingenquête"
                               + (f" van {year}" if year else "") + ".", missing=True)])]
    blocks: list = []
    if year and surveys.current_file.year != year:
        filler.gap(chapter, f"de enquête van schooljaar {year}",
                   f"Neem de enquête af en zet de export als {year}.xlsx of .csv in surveys/.")
        blocks.append(Paragraph([Run(f"Nog in te vullen: de enquête van {year}. Hieronder staan de uitkomsten "
                                     f"van {surveys.current_file.year or 'de laatste enquête'}.", missing=True)]))
    summary, instrument = surveys.summary, surveys.current.instrument
    pupils = sum(profile.leerlingen.values())
    line = f"In {surveys.current_file.year or 'de laatste enquête'} vulden {summary['n']} leerlingen de enquête in"
    line += f" ({round(100 * summary['n'] / pupils)}% van de {pupils} leerlingen)." if pupils else "."
    blocks.append(plain(line))
    found = findings(summary, instrument, surveys.trend, profile.get("onderwijstype"))
    if kind.public:  # school-level figures only: no finding about a group, class or year group
        groups = set(summary["groups"])
        found = [f for f in found if not f.get("groups") and f.get("kind") not in ("group", "comparison")
                 and not any(f["text"].startswith(f"{g}:") for g in groups)]
    if found:
        blocks.append(plain("De belangrijkste bevindingen:"))
        blocks.append(Bullets([plain(f["text"]) for f in found[:6]]))
    if surveys.previous_file:
        from kit.survey.change import cohort_note, p_value_note, tests_in

        # the public version names no group, not even in the note on who took part
        cohort = cohort_note(None, None) if kind.public else cohort_note(summary, surveys.previous_summary)
        blocks.append(Note(f"{p_value_note(tests_in(surveys.trend))} {cohort}"))
    header = ["Indicator", "Percentage", "95%-interval", "n"]
    if surveys.previous_file:
        header.append(f"{surveys.previous_file.year}")
    rows = []
    for name, figure in summary["indicators"].items():
        row = [plain(instrument.indicators[name].label)]
        if figure.get("suppressed"):
            row += [plain("niet getoond"), plain(""), plain("")]
        else:
            ci = (f"{_pct(figure['ci_low'])} – {_pct(figure['ci_high'])}" if figure.get("pct") is not None else "–")
            row += [plain(_pct(figure.get("pct"))), plain(ci), plain(str(figure.get("n", "")))]
        if surveys.previous_file:
            row.append(plain(_pct((surveys.trend or {}).get(name, {}).get("previous_pct"))))
        rows.append(row)
    blocks.append(Table(header, rows, caption="Veiligheid en pesten in cijfers"))
    fig = charts.indicator_chart(summary, instrument, surveys.previous_summary)
    if fig is not None:
        blocks.append(Figure(charts.png(fig), "Indicatoren met 95%-betrouwbaarheidsinterval"
                             + (" en het cijfer van vorig schooljaar" if surveys.previous_file else ""),
                             "Staafdiagram: " + "; ".join(f"{r[0].text} {r[1].text}" for r in rows), "indicatoren"))
    fig = charts.places_chart(summary, instrument)
    if fig is not None:
        blocks.append(Figure(charts.png(fig), "Waar voelen leerlingen zich weleens onveilig?",
                             "Staafdiagram van de plekken waar leerlingen zich weleens onveilig voelen.", "plekken"))
    if kind.public:
        blocks.append(Note("Deze openbare versie van het plan toont alleen cijfers over de hele school, geen "
                           "cijfers per groep of klas."))
        return blocks
    from kit.survey.disclosure import PROTECT, UNGROUPED_LABEL, reason_text

    group_rows = []
    labels = list(summary["indicators"])
    cells = list(summary["groups"].items())
    if cells and summary.get("ungrouped") is not None:  # without groups it is the whole school
        cells.append((UNGROUPED_LABEL, summary["ungrouped"]))
    protected = False
    for group, figures in cells:
        if figures.get("suppressed"):
            protected |= figures.get("reason") == PROTECT
            why = [plain(reason_text(figures.get("reason"), surveys.min_group_size))] if labels else []
            group_rows.append([plain(group), plain("niet getoond")] + why + [plain("")] * (len(labels) - 1))
            continue
        shown = [figures["indicators"][n] for n in labels]
        protected |= any(f.get("reason") == PROTECT for f in shown)
        group_rows.append([plain(group), plain(str(figures["n"]))]
                          + [plain("verborgen" if f.get("suppressed") else _pct(f.get("pct"))) for f in shown])
    if group_rows:
        kind = profile.get("onderwijstype")
        blocks.append(Table([group_word(kind, capital=True), "n"] + [instrument.indicators[n].label for n in labels],
                            group_rows, caption=f"Per {group_word(kind)}"))
        note = (f"Cijfers over minder dan {surveys.min_group_size} leerlingen worden niet getoond, zodat geen "
                "leerling herkenbaar is.")
        if protected:
            note += (f" Waar de verborgen cijfers samen over minder dan {surveys.min_group_size} leerlingen gaan, "
                     f"zijn ook andere cijfers verborgen om kleine groepen te beschermen: anders zouden ze uit het "
                     "cijfer van de hele school terug te rekenen zijn.")
        if summary.get("ungrouped") is not None:
            note += f" {UNGROUPED_LABEL}: de leerlingen die de vraag naar hun {group_word(kind)} leeg lieten."
        blocks.append(Note(note))
    return blocks


def _open_answers(surveys) -> list:
    """Pupils' own suggestions, once each and in alphabetical order (so the order says nothing about who)."""
    if surveys is None:
        return []
    instrument, answers = surveys.current.instrument, surveys.current.answers
    texts: set[str] = set()
    for item in instrument.items.values():
        if item.type == "open" and item.id in answers:
            texts |= {str(t).strip() for t in answers[item.id].dropna() if str(t).strip()}
    if not texts:
        return []
    return [plain("Wat leerlingen zelf aandragen (open antwoorden, op alfabet, elk antwoord één keer):"),
            Bullets([plain(t) for t in sorted(texts, key=str.casefold)])]


def _action_plan(school_dir: Path, profile: Profile, filler: Filler, chapter: str, kind: Version) -> list:
    actions = _plan_actions(school_dir)
    if not actions:
        filler.gap(chapter, "de acties van het actieplan",
                   "Stel in het actieplan (04_actieplan) acties op met een eigenaar, een datum en een doel.")
        return [Paragraph([Run("Nog in te vullen: de acties van het actieplan.", missing=True)])]
    role_names = {profile.role(role).get("naam"): label.lower() for role, label in ROLES.items()
                  if profile.role(role).get("naam")}
    rows = []
    for action in actions:
        owner = action.get("owner") or ""
        if kind.public:
            owner = public_owner(owner, role_names)
            owner = owner[:1].upper() + owner[1:]
        status = action.get("status") or ""
        rows.append([plain(action["title"]),
                     _filled(owner, filler, chapter, f"de eigenaar van de actie \"{action['title']}\""),
                     _filled(action.get("deadline"), filler, chapter,
                             f"de einddatum van de actie \"{action['title']}\""),
                     _filled(action.get("target"), filler, chapter, f"het doel van de actie \"{action['title']}\""),
                     plain(PUBLIC_ACTION_STATUS.get(status, status) if kind.public else status)])
    blocks: list = [Table(["Actie", "Eigenaar", "Klaar op", "Doel", "Status"], rows, caption="Acties",
                          widths=[4.0, 2.2, 1.8, 3.2, 1.4])]
    for action in actions:
        if action.get("description"):
            blocks.append(Paragraph([Run(f"{action['title']}: ", missing=False),
                                     Run(fill_periods(action["description"], "het actieplan"))]))
    return blocks


def _filled(value: str | None, filler: Filler, chapter: str, what: str) -> Paragraph:
    """A table cell: the value, or the visible placeholder and a gap."""
    if value:
        return plain(value)
    filler.gap(chapter, what, "Vul dit in bij de actie in het actieplan (04_actieplan).")
    return Paragraph([Run(MISSING_TEXT, missing=True)])


def _evaluation(school_dir: Path, kind: Version) -> list:
    from kit.document.evaluation import evaluation_blocks

    return evaluation_blocks(school_dir, public=kind.public)


def _plan_actions(school_dir: Path) -> list[dict]:
    """The plan's actions as plain dicts (title, description, owner, deadline, target, status)."""
    try:
        from kit.plan.document import plan_actions
    except ImportError:
        return []
    return plan_actions(school_dir)


def _appendix(school_dir: Path, filler: Filler, kind: Version) -> list:
    """What the law asks and what is still missing: the same gaps the title page counts."""
    from kit.document.model import gap_count_text

    gaps = filler.gaps
    if kind.public:
        blocks: list = [plain("Wat de wet en de Inspectie van het Onderwijs vragen, en hoe de school daar nu voor "
                              "staat.")]
    else:
        blocks = [plain("Wat de wet en de Inspectie vragen en wat in dit plan nog ontbreekt. Elke plek in het "
                        "plan waar \"nog in te vullen\" staat, staat hier ook.")]
    checklist = _checklist(school_dir)
    if checklist:
        rows = [[plain(c["title"]), plain(PUBLIC_CHECK_STATUS.get(c["status"], c["status"]) if kind.public
                                          else c["status"]), plain(c["source"])] for c in checklist]
        blocks.append(Table(["Eis", "Stand", "Bron"], rows, caption="Wettelijke eisen"))
    if not gaps:
        blocks.append(plain("Alles wat de wet en de cursus vragen, staat in dit plan."))
        return blocks
    caption = f"Nog in te vullen ({len(gaps)})"
    if kind.public:
        blocks.append(plain(f"Dit plan is nog een concept: {gap_count_text(len(gaps))}. Het gaat om:"))
        blocks.append(Table(["Hoofdstuk", "Wat ontbreekt"], [[plain(g.chapter), plain(g.what)] for g in gaps],
                            caption=caption, widths=[4, 7]))
    else:
        blocks.append(Table(["Hoofdstuk", "Wat ontbreekt", "Wat te doen"],
                            [[plain(g.chapter), plain(g.what), plain(g.todo)] for g in gaps],
                            caption=caption, widths=[3, 4, 6]))
    return blocks


def _checklist(school_dir: Path) -> list[dict]:
    try:
        from kit.plan.document import checklist_items
    except ImportError:
        return []
    return checklist_items(school_dir)
