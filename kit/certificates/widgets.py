"""The certificates download for a facilitator's page: a button that makes them all and offers a zip."""

from __future__ import annotations

import base64
import html
import sys
import traceback

import ipywidgets as w

from kit.errors import KitError


def certificate_download(page, store, key: str) -> w.Widget:
    """A small panel for the facilitator (``key`` must be a valid facilitator key of ``store``).

    Raises ``workshop.AccessError`` for a wrong key, so no one else ever gets the button.
    """
    from kit import workshop

    workshop.workshop_for_key(store, key)
    make = w.Button(description="Certificaten maken", button_style="primary", icon="certificate",
                    tooltip="Maak een certificaat voor elke deelnemer met een volledige naam",
                    layout=w.Layout(width="auto"))
    make.add_class("kit-certificates-make")
    result = w.HTML()
    result.add_class("kit-certificates-result")

    def on_click(_button) -> None:
        from kit.certificates.render import make_certificates, zip_bytes

        make.disabled = True
        result.value = '<span class="kit-note">Bezig met maken …</span>'
        try:
            batch = make_certificates(page.school_dir)
            result.value = _result_html(page.school_id, batch, zip_bytes(batch) if batch.files else b"")
        except KitError as exc:
            result.value = f'<div class="kit-msg kit-msg-error" role="alert">{html.escape(str(exc))}</div>'
        except Exception:  # never crash a live page; the details go to the server log
            traceback.print_exc(file=sys.stderr)
            result.value = ('<div class="kit-msg kit-msg-error" role="alert">De certificaten konden niet worden '
                            "gemaakt door een fout in de kit. De details staan in het serverlog.</div>")
        finally:
            make.disabled = False

    make.on_click(on_click)
    intro = w.HTML('<div class="kit-page" lang="nl"><h3>Certificaten</h3><p>Een certificaat krijgt elke deelnemer die bij het meedoen een volledige '
                   "naam heeft opgegeven, met de bijgewoonde bijeenkomsten, de contacturen en de leerdoelen. Een eigen "
                   "lijst geven kan met <code>kit certificaat SCHOOL --deelnemers BESTAND</code>.</p></div>")
    box = w.VBox([intro, w.HBox([make]), result])
    box.add_class("kit-certificates")
    return box


def _result_html(school_id: str, batch, data: bytes) -> str:
    if not batch.files:
        return ('<p class="kit-note">Nog niemand met een volledige naam heeft een bijeenkomst uit het draaiboek '
                "bijgewoond; er is geen certificaat gemaakt.</p>")
    name = f"certificaten-{school_id}.zip"
    href = "data:application/zip;base64," + base64.b64encode(data).decode("ascii")
    count = "1 certificaat" if len(batch.files) == 1 else f"{len(batch.files)} certificaten"
    rows = "".join(f"<li>{html.escape(c.name)} · {html.escape(c.number)}</li>" for c in batch.certificates)
    skipped = (f'<p class="kit-note">{batch.without_name} deelname(s) zonder volledige naam kregen geen '
               "certificaat.</p>" if batch.without_name else "")
    return (f'<p><a class="kit-download-link kit-certificates-zip" download="{html.escape(name)}" href="{href}">'
            f"Download {html.escape(name)}</a> ({count})</p><ul>{rows}</ul>{skipped}")
