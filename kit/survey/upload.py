"""Adding a survey export from the Voila app: checked first, stored under ``surveys/``, never overwriting.

Only someone with the school's facilitator key (from ``kit workshop open``) can upload.
The file is read in full before it is stored, so an export the kit cannot use is
refused with the reason and nothing is written.
"""

from __future__ import annotations

import html
import math
import tempfile
from pathlib import Path

from kit.dates import today as dutch_today  # the day in the Netherlands, whatever the server's zone
from kit.errors import KitError
from kit.page import Page, friendly, show_html
from kit.survey.school import free_name

# The upload widget sends the whole file to the kernel in ONE websocket message (the file's bytes plus a
# small JSON header). Tornado, under Jupyter Server and Voila, closes the connection on a message above
# its websocket_max_message_size (10 MiB by default); the file then never arrives and the page showed
# "Kies eerst een bestand" for a 12 MB file while it promised 20 MB. So the limit is 8 MiB, checked in the
# browser before anything is sent (UPLOAD_GUARD_JS) and again here; `kit serve` must let a websocket
# message of UPLOAD_MESSAGE_BYTES through (a cap on message sizes must not go below it). A real export is
# well under 8 MiB: 2 000 pupils x 160 questions is about 2 MB as CSV and 1.5 MB as .xlsx.
UPLOAD_LIMIT_BYTES = 8 * 1024 * 1024
UPLOAD_MESSAGE_BYTES = 10 * 1024 * 1024
ALLOWED_SUFFIXES = (".csv", ".xlsx")
UPLOAD_LIMIT_TEXT = f"{UPLOAD_LIMIT_BYTES // 1024 // 1024} MB"

# Runs once per page. ipywidgets' FileUpload keeps its <input type="file"> outside the document and reads
# and sends the chosen file from its own "change" listener, so a listener on the document never sees it.
# The script therefore wraps HTMLInputElement.click (the widget's button calls it) and adds, to the
# upload's input only, a capturing "change" listener: at the target, capturing listeners run before the
# widget's own, so a file over the limit is stopped before it is read or sent, and the page says why.
UPLOAD_GUARD_JS = """
(function () {
  if (window.kitUploadGuard) { return; }
  window.kitUploadGuard = true;
  var limit = %(limit)d, accept = %(accept)s, message = %(message)s;
  function say(text) {
    var box = document.querySelector(".kit-upload-limit");
    if (box) { box.textContent = text; box.hidden = !text; }
  }
  function guard(event) {
    var files = Array.prototype.slice.call(event.target.files || []);
    var big = files.filter(function (file) { return file.size > limit; })[0];
    if (!big) { say(""); return; }
    event.stopImmediatePropagation();
    event.target.value = "";
    var size = (Math.ceil(big.size / 104857.6) / 10).toFixed(1).replace(".", ",");  // rounded up: never "8,0"
    say(message.replace("{name}", big.name).replace("{size}", size));
  }
  var click = HTMLInputElement.prototype.click;
  HTMLInputElement.prototype.click = function () {
    if (this.type === "file" && this.accept === accept && !this.kitUploadGuard) {
      this.kitUploadGuard = true;
      this.addEventListener("change", guard, true);
    }
    return click.apply(this, arguments);
  };
})();
"""
TOO_BIG_MESSAGE = ("Niet toegevoegd: '{name}' is {size} MB en dat is te groot om hier toe te voegen (hoogstens "
                   f"{UPLOAD_LIMIT_TEXT}). Een export van de leerlingenquête is bijna altijd veel kleiner: controleer "
                   "of u het goede bestand koos, of sla het op als CSV, dat is kleiner.")


def is_facilitator(page: Page) -> bool:
    """True when the page's ``key`` is the school's working facilitator key."""
    key = page.link_params.get("key")
    if not key or not (page.school_dir / "workshop.sqlite").is_file():
        return False
    from kit.workshop import Store, facilitator_access

    try:
        with Store(page.school_dir, create=False) as store:
            facilitator_access(store, key)
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
    if len(content) > UPLOAD_LIMIT_BYTES:
        size = f"{math.ceil(len(content) * 10 / 2**20) / 10:.1f}".replace(".", ",")  # rounded up: never "8,0"
        raise KitError(f"'{name}' is te groot om hier toe te voegen ({size} MB; hoogstens {UPLOAD_LIMIT_TEXT}).",
                       hint="Controleer of u het goede bestand koos, of sla de export op als CSV, dat is kleiner.")
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
    day = dutch_today()
    start = int(current[:4]) if current else (day.year if day.month >= 8 else day.year - 1)
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
    from IPython.display import Javascript, display

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
            result.value = ('<div class="kit-box kit-error">Kies eerst een bestand: een CSV- of Excel-bestand van '
                            f"hoogstens {UPLOAD_LIMIT_TEXT}.</div>")
            return
        upload = chooser.value[0]
        from kit.page_key import key_problem

        problem = key_problem(page)  # the key may have been revoked since the page opened
        if problem is not None:
            result.value = problem
            return
        result.value = '<div class="kit-box" role="status">Het bestand wordt gecontroleerd…</div>'
        try:
            path, pupils = store_upload(page.school_dir, upload["name"], bytes(upload["content"]), year.value)
        except KitError as exc:
            result.value = (f'<div class="kit-box kit-error"><strong>Niet toegevoegd.</strong>'
                            f"<p>{html.escape(str(exc))}</p></div>")
            return
        except Exception:  # noqa: BLE001 -- a callback's exception would vanish into the kernel log, leaving no answer
            result.value = ('<div class="kit-box kit-error"><strong>Niet toegevoegd.</strong><p>'
                            f"{html.escape(upload['name'])} kon niet worden gecontroleerd door een fout in de kit. "
                            "Er is niets opgeslagen. Probeer het opnieuw, of sla het bestand op als CSV UTF-8 en "
                            "voeg dat toe.</p></div>")
            return
        result.value = (f'<div class="kit-box"><strong>Toegevoegd als surveys/{html.escape(path.name)}</strong>'
                        f"<p>{pupils} leerlingen ingelezen. Herlaad de pagina om de nieuwe cijfers te zien.</p></div>")
        chooser.value = ()

    save.on_click(on_save)
    show_html('<div class="kit-page" lang="nl"><h2>Een enquête-export toevoegen</h2><p>CSV of Excel (hoogstens '
              f"{UPLOAD_LIMIT_TEXT}), zoals het enquêteprogramma het bestand geeft. De kit controleert het "
              "bestand eerst; een bestaand bestand wordt nooit overschreven.</p>"
              '<div class="kit-box kit-error kit-upload-limit" role="alert" hidden></div></div>')
    script = widgets.Output(layout=widgets.Layout(display="none"))
    with script:
        display(Javascript(upload_guard_js()))
    display(widgets.VBox([widgets.HBox([chooser, year, save]), result, script]))


def upload_guard_js() -> str:
    """The browser-side size check of the upload (see UPLOAD_GUARD_JS)."""
    import json

    return UPLOAD_GUARD_JS % {"limit": UPLOAD_LIMIT_BYTES, "accept": json.dumps(",".join(ALLOWED_SUFFIXES)),
                              "message": json.dumps(TOO_BIG_MESSAGE)}
