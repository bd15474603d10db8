"""The course's apps as the draaiboek names them: notebook, title, tabs or page headings, join form.

Kept as plain data (no widget imports) so the draaiboek loads fast; a test checks these
names against the apps' own tab titles and headings.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class AppInfo:
    """One notebook of the course: ``tabs`` on its facilitator page, or ``headings`` on a page without tabs.

    ``join`` is True for the live apps with a join form (participants take part with the code).
    """

    notebook: str
    title: str
    tabs: tuple[str, ...] = ()
    headings: tuple[str, ...] = ()
    join: bool = False


APPS: dict[str, AppInfo] = {app.notebook: app for app in (
    AppInfo("00_start", "Startpagina",
            headings=("Schoolprofiel", "Taken en rollen", "De stappen van de cursus", "Draaiboek")),
    AppInfo("01_visie", "Visie", tabs=("Uitspraken", "Waarden", "Stellingen", "Visie"), join=True),
    AppInfo("02_signaleren", "Signaleren en handelen", tabs=("Casussen", "Kennis"), join=True),
    AppInfo("03_enquete", "Leerlingenquête",
            headings=("Wat is ingelezen", "De belangrijkste bevindingen", "Veiligheid en pesten in cijfers",
                      "Antwoorden per vraag", "Schalen", "Waar voelen leerlingen zich onveilig?", "Per groep",
                      "Een enquête-export toevoegen")),
    AppInfo("04_actieplan", "Actieplan", tabs=("Plan", "Voorstellen", "Tijdlijn", "Checklist", "Evaluatie"),
            join=True),
    AppInfo("05_beleidsplan", "Sociaal veiligheidsplan",
            headings=("Bovenaan de pagina", "Downloaden", "Voorbeeld (interne versie)")),
)}
