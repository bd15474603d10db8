"""The certificates download for a facilitator's page: a button that makes them all and offers a zip."""

from __future__ import annotations

import html

import ipywidgets as w

from kit.live.download import Download, make_download


def certificate_download(page, store, key: str) -> w.Widget:
    """A small panel for the facilitator (``key`` must be a valid facilitator key of ``store``).

    Raises ``workshop.AccessError`` for a wrong key, so no one else ever gets the button.
    """
    from kit import workshop

    workshop.workshop_for_key(store, key)

    def produce() -> Download | str:
        from kit.certificates.render import make_certificates, zip_bytes

        batch = make_certificates(page.school_dir)
        if not batch.files:
            return ('<p class="kit-note">Nog niemand met een volledige naam heeft een bijeenkomst uit het draaiboek '
                    "bijgewoond; er is geen certificaat gemaakt.</p>")
        return Download(f"certificaten-{page.school_id}.zip", zip_bytes(batch), _summary_html(batch))

    from kit.page_key import while_key_works

    make = make_download("Certificaten maken", while_key_works(page, produce), icon="certificate",
                         tooltip="Maak een certificaat voor elke deelnemer met een volledige naam",
                         failed="De certificaten konden niet worden gemaakt door een fout in de kit. De details staan "
                                "in het serverlog.",
                         button_classes=("kit-certificates-make",), result_classes=("kit-certificates-result",),
                         link_classes=("kit-certificates-zip",))
    intro = w.HTML('<div class="kit-page" lang="nl"><h3>Certificaten</h3><p>Een certificaat krijgt elke deelnemer die bij het meedoen een volledige '
                   "naam heeft opgegeven, met de bijgewoonde bijeenkomsten, de contacturen en de leerdoelen. Een eigen "
                   "lijst geven kan met <code>kit certificaat SCHOOL --deelnemers BESTAND</code>.</p></div>")
    box = w.VBox([intro, make])
    box.add_class("kit-certificates")
    return box


def _summary_html(batch) -> str:
    count = "1 certificaat" if len(batch.files) == 1 else f"{len(batch.files)} certificaten"
    rows = "".join(f"<li>{html.escape(c.name)} · {html.escape(c.number)}</li>" for c in batch.certificates)
    skipped = (f'<p class="kit-note">{batch.without_name} deelname(s) zonder volledige naam kregen geen '
               "certificaat.</p>" if batch.without_name else "")
    return f" ({count})<ul>{rows}</ul>{skipped}"
