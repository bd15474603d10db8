"""The school's start page (notebooks/00_start.ipynb): profile, what is missing, the course steps."""

from __future__ import annotations

from itertools import groupby

from kit import dates
from kit.course import statuses
from kit.page import Page, friendly, show_html
from kit.profile import FIELDS_BY_PATH, ROLE_PARTS, ROLES, ROLES_SECTION, Profile, load_profile
from kit.render import render
from kit.terms import group_word


def start_context(page: Page, profile: Profile) -> dict:
    """Everything the start page template needs, as plain data."""
    filled, total = profile.completeness()
    sections = [
        (section, [(f, profile.display(f), profile.get(f.path) is None) for f in fields])
        for section, fields in groupby((f for f, _ in profile.items()), key=lambda f: f.section)
        if section != ROLES_SECTION
    ]
    roles = [
        (label, [(profile.display(f), profile.get(f.path) is None)
                 for f in (FIELDS_BY_PATH[f"rollen.{role}.{part}"] for part in ROLE_PARTS)])
        for role, label in ROLES.items()
    ]
    steps = []
    for st in statuses(page.school_dir):
        if not st.step.available:
            href = None
        elif page.live:
            href = page.link(f"{st.step.notebook}.ipynb")
        else:
            href = f"{st.step.notebook}.html"
        steps.append({"status": st, "href": href})
    return {
        "profile": profile,
        "filled": filled,
        "total": total,
        "percent": round(100 * filled / total) if total else 100,
        "sections": sections,
        "roles": roles,
        "missing": profile.missing(),
        "leerlingen": profile.leerlingen,
        "group_word": group_word(profile.get("onderwijstype")),
        "steps": steps,
        "live": page.live,
        "today": dates.numeric_date(dates.today()),
    }


@friendly
def show_start(page: Page) -> Profile:
    """Render the start page for ``page``'s school; returns the profile for later cells."""
    from kit.draaiboek.page import show_draaiboek

    profile = load_profile(page.school_dir)
    show_html(render("start.html.j2", **start_context(page, profile)))
    show_draaiboek(page)
    return profile
