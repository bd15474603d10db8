"""Adding a survey export from the Voila app: checked first, stored under ``surveys/``, never overwriting.

Only someone with the school's facilitator key (from ``kit workshop open``) can upload.
The file is read in full before it is stored, so an export the kit cannot use is
refused with the reason and nothing is written.
"""

from __future__ import annotations

import html
import tempfile
from pathlib import Path

from kit.errors import KitError
from kit.page import Page, friendly, show_html
from kit.survey.school import free_name

MAX_BYTES = 20 * 1024 * 1024
ALLOWED_SUFFIXES = (".csv", ".xlsx")


def is_facilitator(page: Page) -> bool:
    """True when the page's ``key`` is a facilitator key of one of this school's workshops."""
    key = page.link_params.get("key")
    if not key or not (page.school_dir / "workshop.sqlite").is_file():
        return False
    from kit.workshop import Store, workshop_for_key

    try:
        with Store(page.school_dir, create=False) as store:
            workshop_for_key(store, key)
    except KitError:
        return False
    return True


def store_upload(school_dir: Path, name: str, content: bytes, year: str) -> tuple[Path, int]:
    """Check an uploaded export and store it as ``surveys/<year>.<ext>``; returns (path, pupils counted).

    Raises KitError (Dutch) for a file that is too large, of the wrong type, or unreadable.
    """
    from kit.survey.school import instrument_path, school_year_of
    from kit.survey.summary import read_survey

    suffix = Path(name).suffix.lower()
    if suffix not in ALLOWED_SUFFIXES:
        raise KitError(f"'{name}' is geen CSV- of Excel-bestand (.csv of .xlsx).",
                       hint="Download de antwoorden uit het enquêteprogramma als CSV of Excel en probeer het opnieuw.")
    if len(content) > MAX_BYTES:
        raise KitError(f"'{name}' is te groot ({len(content) / 1024 / 1024:.0f} MB; hoogstens "
                       f"{MAX_BYTES // 1024 // 1024} MB).")
    if school_year_of(year) != year:
        raise KitError(f"'{year}' is geen schooljaar; kies bijvoorbeeld 2026-2027.")
    with tempfile.TemporaryDirectory() as tmp:
        probe = Path(tmp) / Path(name).name
        probe.write_bytes(content)
        survey = read_survey(probe, instrument_path(school_dir))
    target = free_name(school_dir, year, suffix)
    target.parent.mkdir(parents=True, exist_ok=True)
    with open(target, "xb") as out:  # "x": never overwrite, even if a file appeared meanwhile
        out.write(content)
    return target, len(survey.answers)


def _school_years(current: str | None) -> list[str]:
    from datetime import date

    start = int(current[:4]) if current else (date.today().year if date.today().month >= 8 else date.today().year - 1)
    return [f"{y}-{y + 1}" for y in range(start, start - 4, -1)]


@friendly
def show_upload(page: Page | None) -> None:
    """Under Voila, for the facilitator: a form to add an export to the school's ``surveys/`` folder."""
    if page is None or not page.live:
        return
    if not is_facilitator(page):
        show_html('<div class="kit-page" lang="nl"><p class="kit-note">Een nieuwe enquête-export toevoegen kan '
                  "alleen de begeleider (met de begeleiderslink).</p></div>")
        return
    import ipywidgets as widgets
    from IPython.display import display

    from kit.profile import load_profile

    years = _school_years(load_profile(page.school_dir).get("schooljaar"))
    chooser = widgets.FileUpload(accept=",".join(ALLOWED_SUFFIXES), multiple=False, description="Kies bestand")
    chooser.add_class("kit-upload-file")
    year = widgets.Dropdown(options=years, value=years[0], description="Schooljaar")
    year.add_class("kit-upload-year")
    save = widgets.Button(description="Toevoegen", button_style="primary", icon="upload")
    save.add_class("kit-upload-save")
    result = widgets.HTML()
    result.add_class("kit-upload-result")

    def on_save(_button) -> None:
        if not chooser.value:
            result.value = '<div class="kit-box kit-error">Kies eerst een bestand.</div>'
            return
        upload = chooser.value[0]
        try:
            path, pupils = store_upload(page.school_dir, upload["name"], bytes(upload["content"]), year.value)
        except KitError as exc:
            result.value = (f'<div class="kit-box kit-error"><strong>Niet toegevoegd.</strong>'
                            f"<p>{html.escape(str(exc))}</p></div>")
            return
        result.value = (f'<div class="kit-box"><strong>Toegevoegd als surveys/{html.escape(path.name)}</strong>'
                        f"<p>{pupils} leerlingen ingelezen. Herlaad de pagina om de nieuwe cijfers te zien.</p></div>")
        chooser.value = ()

    save.on_click(on_save)
    show_html('<div class="kit-page" lang="nl"><h2>Een enquête-export toevoegen</h2><p>CSV of Excel (hoogstens '
              f"{MAX_BYTES // 1024 // 1024} MB), zoals het enquêteprogramma het bestand geeft. De kit controleert het "
              "bestand eerst; een bestaand bestand wordt nooit overschreven.</p></div>")
    display(widgets.VBox([widgets.HBox([chooser, year, save]), result]))
