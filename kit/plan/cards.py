"""An action of the plan as a participant sees it (the light page of the plan, :mod:`kit.light`), and the year
a participant sees. Plain HTML built by the kit; everything typed is escaped."""

from __future__ import annotations

import html
from kit.dates import today as dutch_today  # the day in the Netherlands, whatever the server's zone

from kit import workshop
from kit.plan import store as plan
from kit.plan.facts import Labels, school_year_of_date, target_text
from kit.plan.model import PRIORITIES, STATUSES, short_date


def esc(text: object) -> str:
    return html.escape(str(text), quote=True)


def participant_year(school_dir, store: workshop.Store) -> str:
    """The plan year a participant sees: the profile's school year, else the latest year with actions."""
    from kit.errors import KitError
    from kit.profile import load_profile

    try:
        year = load_profile(school_dir).get("schooljaar")
    except KitError:
        year = None
    if year:
        return year
    years = [a["school_year"] for a in plan.list_actions(store)]
    return max(years) if years else school_year_of_date(dutch_today())


def card_html(action: dict, number: int, votes: int, labels: Labels) -> str:
    """The card of one action: number, title, status, priority and votes, description, why, owner, when, target."""
    target = target_text(labels, action.get("target")) or action.get("target_text") or ""
    when = (f"{short_date(action['start'])} tot {short_date(action['deadline'])}" if action.get("start")
            and action.get("deadline") else short_date(action.get("deadline")) or "nog geen deadline")
    rows = [("Eigenaar", action.get("owner") or "nog in te vullen"), ("Wanneer", when)]
    if target:
        rows.append(("Doel", target))
    cells = "".join(f'<div class="kit-field"><div class="kit-field-label">{esc(k)}</div>'
                    f'<div class="kit-field-value">{esc(v)}</div></div>' for k, v in rows)
    return (
        f'<div class="kit-card-head"><span class="kit-plan-nr">{number}</span>'
        f'<h3 class="kit-action-title">{esc(action["title"])}</h3></div>'
        f'<div class="kit-card-badges"><span class="kit-badge kit-status-{action["status"]}">'
        f'{STATUSES[action["status"]]}</span> <span class="kit-note">prioriteit {PRIORITIES[action["priority"]]} · '
        f'★ {votes} {"stem" if votes == 1 else "stemmen"}</span></div>'
        + (f'<p class="kit-usertext">{esc(action["description"])}</p>' if action.get("description") else "")
        + (f'<details class="kit-why"><summary>Waarom</summary><p class="kit-note kit-action-reason">'
           f'{esc(action["reason"])}</p></details>' if action.get("reason") else "")
        + f'<div class="kit-card-fields">{cells}</div>')
