"""Checklist item ``meldplicht``: is the reporting route for sexual offences by staff in place?

The law (WPO art. 4a, WEC art. 4a and the Wet voortgezet onderwijs 2020) puts the duty on the
staff member (report to the bevoegd gezag) and on the board (consult the vertrouwensinspecteur,
then report to the police). What the kit can see of that:

1. the plan describes the route (the ``meldplicht`` text of beleidsplan.yaml, chapter 6);
2. the profile names the bevoegd gezag, the body staff report to;
3. the action plan shows the team was told: the catalogue action ``meldplicht-bekendmaken`` is
   marked done in this school year or the previous one.

All three give ``met``. Without 3 the item stays ``to_check``: that the route is written down does
not show that directie and team know it, and that is what the action (proposed while the item is
``to_check``) is for. Without 1 the item is ``missing``.
"""

from __future__ import annotations

from kit.plan.facts import Facts

ACTION_ID = "meldplicht-bekendmaken"


def _catalogue_title() -> str:
    """The catalogue action's title as the team sees it in its proposals."""
    from kit.errors import KitError
    from kit.plan.catalogue import load_catalogue

    try:
        return next((a.title for a in load_catalogue() if a.id == ACTION_ID), "de meldplicht bekendmaken")
    except KitError:
        return "de meldplicht bekendmaken"


def _previous(year: str) -> str:
    first = int(year[:4]) - 1
    return f"{first}-{first + 1}"


def check_route(facts: Facts) -> tuple[str, str]:
    """(status, detail) for the ``meldroute`` check; the detail says where the kit looked."""
    from kit.document.law import route_described
    from kit.document.texts import load_texts
    from kit.errors import KitError
    from kit.plan.checklist import MET, MISSING, TO_CHECK

    try:
        described = route_described(load_texts())
    except KitError:
        described = False
    if not described:
        return MISSING, ("Het veiligheidsplan beschrijft de meldroute niet: wie meldt aan wie, het overleg met de "
                         "vertrouwensinspecteur en de aangifte.")
    board = facts.profile.get("bestuur") if facts.profile else None
    if not board:
        return TO_CHECK, ("De meldroute staat in hoofdstuk 6 van het veiligheidsplan, maar het schoolprofiel noemt "
                          "het bevoegd gezag niet, aan wie het personeel meldt. Vul het schoolbestuur in.")
    route = (f"De meldroute staat in hoofdstuk 6 van het veiligheidsplan: het personeel meldt aan het bevoegd "
             f"gezag ({board}), dat overlegt met de vertrouwensinspecteur.")
    years = {facts.plan_year, _previous(facts.plan_year)} if facts.plan_year else set()
    ours = [a for a in facts.actions if a.get("catalogue_id") == ACTION_ID]
    done = [a for a in ours if a.get("status") == "done" and a.get("school_year") in years]
    if done:
        return MET, (f"{route} Het team is geïnformeerd: de actie '{done[0].get('title') or _catalogue_title()}' "
                     f"staat in het actieplan van {done[0]['school_year']} op klaar.")
    if ours:
        return TO_CHECK, (f"{route} De actie '{ours[0].get('title') or _catalogue_title()}' staat in het actieplan "
                          "maar is nog niet klaar; zet haar op klaar als directie en team de route kennen.")
    return TO_CHECK, (f"{route} Of directie en team de route kennen, laat het actieplan nog niet zien: neem de actie "
                      f"'{_catalogue_title()}' op en zet haar op klaar als de route in het team is besproken.")
