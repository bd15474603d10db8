"""Assemble the policy document from the school's profile, vision, survey, checklist and action plan.

Chapters, in order: 1 Inleiding ... 10 Evaluatie en borging, then the appendix
"Compleetheidscheck" listing every gap. Fixed texts come from
data/templates/beleidsplan.yaml; this module only decides what goes where.
"""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

from kit.document import law
from kit.document.model import Bullets, Document, Figure, Note, Paragraph, Run, Section, Table, plain
from kit.document.monitoring import in_depth_intro, legal_monitoring
from kit.document.practice import adoption_lines, practice_labels, practice_values, protocol_blocks
from kit.document.texts import Filler, load_texts
from kit.errors import KitError
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
APPENDIX = "Bijlage: Compleetheidscheck"
LAW_ARTICLES = law.ZORGPLICHT  # the zorgplicht veiligheid per onderwijstype; sources in kit/document/law.py
REQUIRED_ROLES = ("directeur", "coordinator", "aanspreekpunt", "aandachtsfunctionaris")
MONTHS = ("januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus", "september", "oktober",
          "november", "december")


def build_document(school_dir: str | Path, include_open_answers: bool = False) -> Document:
    """The whole plan for one school. Missing parts become visible placeholders and gaps, never errors.

    Pupils' open answers stay out unless the school asks for them (``include_open_answers``).
    """
    school_dir = Path(school_dir)
    profile = load_profile(school_dir)
    texts = load_texts()
    surveys = _surveys(school_dir)
    filler = Filler(_values(profile, surveys), _labels())
    adoption = adoption_lines(profile, filler)
    chapter = dict(enumerate(CHAPTERS, start=1))

    sections = [Section(1, chapter[1], filler.blocks(texts.get("inleiding"), chapter[1]))]
    sections.append(Section(2, chapter[2], _vision(school_dir, filler, chapter[2])))
    sections.append(Section(3, chapter[3], law.chapter_blocks(3, texts, filler, chapter[3])))
    sections.append(Section(4, chapter[4], filler.blocks(texts.get("taken_en_rollen"), chapter[4])
                            + _roles(profile, texts.get("rollen") or {}, filler, chapter[4])))
    sections.append(Section(5, chapter[5], filler.blocks(texts.get("preventie"), chapter[5])))
    sections.append(Section(6, chapter[6], filler.blocks(texts.get("signaleren_en_handelen"), chapter[6])
                            + protocol_blocks(profile, texts.get("protocollen") or {}, filler, chapter[6])
                            + law.chapter_blocks(6, texts, filler, chapter[6])))
    sections.append(Section(7, chapter[7], filler.blocks(texts.get("registratie"), chapter[7])))
    sections.append(Section(8, chapter[8], legal_monitoring(school_dir, profile, texts.get("monitoring"), filler,
                                                             chapter[8])
                            + in_depth_intro(texts.get("monitoring"), filler, chapter[8])
                            + _monitoring(profile, surveys, filler, chapter[8])
                            + (_open_answers(surveys) if include_open_answers else [])))
    sections.append(Section(9, chapter[9], filler.blocks(texts.get("actieplan"), chapter[9])
                            + _action_plan(school_dir, filler, chapter[9])))
    sections.append(Section(10, chapter[10], filler.blocks(texts.get("evaluatie"), chapter[10])))
    sections.append(Section(None, APPENDIX, _appendix(school_dir, filler)))
    subtitle = " · ".join(part for part in (
        f"Schooljaar {profile.get('schooljaar')}" if profile.get("schooljaar") else None,
        profile.get("bestuur"), profile.get("adres.plaats")) if part)
    return Document(title=str(texts.get("titel") or "Sociaal veiligheidsplan"), school=profile.naam,
                    subtitle=subtitle, date=_dutch_date(date.today()), sections=sections, gaps=filler.gaps,
                    adoption=adoption)


def _dutch_date(day: date) -> str:
    return f"{day.day} {MONTHS[day.month - 1]} {day.year}"


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
    return values


def _labels() -> dict[str, str]:
    labels = {"naam": "de naam van de school", "bestuur": "het schoolbestuur", "plaats": "de plaats",
              "schooljaar": "het schooljaar", "onderwijstype": "het soort onderwijs",
              "volgende_enquete": "de datum van de volgende enquête"}
    labels.update(law.law_labels())
    labels.update({role: f"de naam van de {label.lower()}" for role, label in ROLES.items()})
    labels.update({"antipestprogramma": "het antipestprogramma", "monitoringsinstrument": "het monitoringsinstrument",
                   "pestprotocol": "het pestprotocol", "klachtenregeling": "de klachtenregeling",
                   "meldcode": "de meldcode huiselijk geweld en kindermishandeling"})
    labels.update(practice_labels())
    return labels


def _next_survey(year: str | None, surveys) -> str | None:
    """Spring of the plan's school year, or of the next one when this year's survey is done."""
    if not year:
        return None
    done = surveys is not None and surveys.current_file.year == year
    return f"maart {int(year[5:]) + (1 if done else 0)}"


def _vision(school_dir: Path, filler: Filler, chapter: str) -> list:
    from kit import workshop

    vision = ranking = None
    if (school_dir / workshop.DB_NAME).is_file():
        try:
            with workshop.Store(school_dir, create=False) as store:
                latest = workshop.current_workshop(store)
                if latest is not None:
                    vision = workshop.current_vision(store, latest.id)
                    ranking = [v for v in workshop.value_ranking(store, latest.id) if v["votes"]]
        except KitError:
            vision = None
    blocks: list = []
    if vision is not None and vision["final"]:
        saved = datetime.fromisoformat(vision["saved_at"]).strftime("%d-%m-%Y")
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


def _roles(profile: Profile, descriptions: dict, filler: Filler, chapter: str) -> list:
    """Who holds each role and how to reach them, then what each role does."""
    rows = []
    for role, label in ROLES.items():
        details = profile.role(role)
        if details.get("naam"):
            name = plain(details["naam"])
        elif role in REQUIRED_ROLES:
            filler.gap(chapter, f"de {label.lower()}", f"Vul rollen.{role}.naam in het schoolprofiel in.")
            name = Paragraph([Run(f"{MISSING_TEXT}", missing=True)])
        else:
            name = plain("niet aangewezen")
        if role == "aanspreekpunt" and not profile.get("rollen.aanspreekpunt.naam") and details.get("naam"):
            name = plain(f"{details['naam']} (ook coördinator)")
        contact = Paragraph([Run(part) for part in _joined(details.get("email"), details.get("telefoon"))])
        rows.append([plain(label), name, contact if contact.runs else plain("–")])
    if not (profile.get("rollen.vertrouwenspersoon_intern.naam") or profile.get("rollen.vertrouwenspersoon_extern.naam")):
        filler.gap(chapter, "een vertrouwenspersoon (intern of extern)",
                   "Wijs een vertrouwenspersoon aan en vul de naam in het schoolprofiel in.")
    tasks = [Paragraph([Run(f"{label}: "), Run(str(descriptions[role]))]) for role, label in ROLES.items()
             if descriptions.get(role)]
    return [Table(["Rol", "Naam", "Bereikbaar via"], rows, caption="Wie doet wat", widths=[3.2, 3.0, 4.6]),
            plain("Wat de rollen inhouden:"), Bullets(tasks)]


def _joined(*parts: str | None) -> list[str]:
    present = [p for p in parts if p]
    return [p + (" · " if i < len(present) - 1 else "") for i, p in enumerate(present)]


def _pct(value: float | None) -> str:
    return "–" if value is None else f"{value:.1f}".replace(".", ",") + "%"


def _monitoring(profile: Profile, surveys, filler: Filler, chapter: str) -> list:
    from kit.survey import charts
    from kit.survey.findings import findings

    year = profile.get("schooljaar")
    if surveys is None:
        filler.gap(chapter, "de uitkomsten van de leerlingenquête",
                   "Zet de export van de enquête in de map surveys/ van de school (zie 02_enquete).")
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
    if found:
        blocks.append(plain("De belangrijkste bevindingen:"))
        blocks.append(Bullets([plain(f["text"]) for f in found[:6]]))
    if surveys.previous_file:
        from kit.survey.change import cohort_note, p_value_note, tests_in

        blocks.append(Note(f"{p_value_note(tests_in(surveys.trend))} "
                           f"{cohort_note(summary, surveys.previous_summary)}"))
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
    group_rows = []
    labels = list(summary["indicators"])
    for group, figures in summary["groups"].items():
        if figures.get("suppressed"):
            group_rows.append([plain(group), plain("niet getoond")] + [plain("")] * len(labels))
            continue
        group_rows.append([plain(group), plain(str(figures["n"]))]
                          + [plain(_pct(figures["indicators"][n].get("pct"))) for n in labels])
    if group_rows:
        kind = profile.get("onderwijstype")
        blocks.append(Table([group_word(kind, capital=True), "n"] + [instrument.indicators[n].label for n in labels],
                            group_rows, caption=f"Per {group_word(kind)}"))
        blocks.append(Note(f"{group_word(kind, plural=True, capital=True)} met minder dan {surveys.min_group_size} "
                           f"leerlingen worden niet getoond, en zo nodig ook de kleinste andere {group_word(kind)}, "
                           "zodat geen leerling herkenbaar is."))
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


def _action_plan(school_dir: Path, filler: Filler, chapter: str) -> list:
    actions = _plan_actions(school_dir)
    if not actions:
        filler.gap(chapter, "de acties van het actieplan",
                   "Stel in het actieplan (03_actieplan) acties op met een eigenaar, een datum en een doel.")
        return [Paragraph([Run("Nog in te vullen: de acties van het actieplan.", missing=True)])]
    rows = [[plain(a["title"]), plain(a.get("owner") or MISSING_TEXT), plain(a.get("deadline") or MISSING_TEXT),
             plain(a.get("target") or MISSING_TEXT), plain(a.get("status") or "")] for a in actions]
    blocks: list = [Table(["Actie", "Eigenaar", "Klaar op", "Doel", "Status"], rows, caption="Acties",
                          widths=[4.0, 2.2, 1.8, 3.2, 1.4])]
    for action in actions:
        if action.get("description"):
            blocks.append(Paragraph([Run(f"{action['title']}: ", missing=False), Run(action["description"])]))
    return blocks


def _plan_actions(school_dir: Path) -> list[dict]:
    """The plan's actions as plain dicts (title, description, owner, deadline, target, status)."""
    try:
        from kit.plan.document import plan_actions
    except ImportError:
        return []
    return plan_actions(school_dir)


def _appendix(school_dir: Path, filler: Filler) -> list:
    blocks: list = [plain("Wat de wet en de Inspectie vragen en wat in dit plan nog ontbreekt. Elke plek in het "
                          "plan waar \"nog in te vullen\" staat, staat hier ook.")]
    checklist = _checklist(school_dir)
    if checklist:
        blocks.append(Table(["Eis", "Stand", "Bron"], [[plain(c["title"]), plain(c["status"]), plain(c["source"])]
                                                        for c in checklist], caption="Wettelijke eisen"))
    return blocks  # the gap table is added by the renderers from Document.gaps, after all chapters ran


def _checklist(school_dir: Path) -> list[dict]:
    try:
        from kit.plan.document import checklist_items
    except ImportError:
        return []
    return checklist_items(school_dir)
