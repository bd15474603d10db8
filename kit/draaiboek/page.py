"""The draaiboek on the start page (notebooks/00_start.ipynb): overview, the whole script, PDF, certificates.

Participants' links only; opened with a facilitator key (``&key=``) the page adds the
facilitator links of that key's meeting and the certificates download.
"""

from __future__ import annotations

import html

from kit.page import Page, friendly, query, show_html


@friendly
def show_draaiboek(page: Page | None) -> None:
    """The section "Draaiboek" for ``page``'s school."""
    if page is None:
        return
    from kit.draaiboek.school import render_fragment, school_view

    key = query().get("key", "") if page.live else ""
    view = school_view(page.school_dir, relative=page.live, key=key or None, anchors=page.live)
    note = ("Het draaiboek als PDF voor deze school: met de knop hieronder." if page.live else
            f"Als PDF en webpagina: <code>kit draaiboek {html.escape(page.school_id)}</code>.")
    show_html('<div class="kit-page" lang="nl"><h2 id="draaiboek">Draaiboek</h2><p>Het draaiboek voor de '
              "begeleider: de bijeenkomsten op volgorde, met de doelen, wat u opent, zegt en vraagt, en de links "
              f"voor de deelnemers. {note}</p><details class=\"kit-draaiboek-details\"><summary>Het hele draaiboek "
              f"tonen</summary>{render_fragment(view)}</details></div>")
    if not page.live:
        return
    from IPython.display import display

    display(_pdf_button(page))
    if key:
        _show_certificates(page, key)


def _pdf_button(page: Page):
    from kit.draaiboek.school import pdf_bytes, render_document, school_view
    from kit.live.download import Download, make_download
    from kit.page_key import while_key_works

    return make_download(
        "Draaiboek als PDF",
        while_key_works(page, lambda: Download(f"draaiboek-{page.school_id}.pdf",
                                               pdf_bytes(render_document(school_view(page.school_dir))))),
        failed="Het draaiboek kon niet worden gemaakt door een fout in de kit. De details staan in het serverlog.",
        button_classes=("kit-draaiboek-pdf",), result_classes=("kit-draaiboek-pdf-result",))


def _show_certificates(page: Page, key: str) -> None:
    from IPython.display import display

    from kit import workshop
    from kit.certificates.widgets import certificate_download

    if not (page.school_dir / workshop.DB_NAME).is_file():
        return
    with workshop.Store(page.school_dir, create=False) as store:
        try:
            panel = certificate_download(page, store, key)
        except workshop.AccessError:
            return  # not a facilitator key of this school: no certificates
    display(panel)
