"""The draaiboek on the start page (notebooks/00_start.ipynb): overview, the whole script, PDF, certificates.

Participants' links only; opened with a facilitator key (``&key=``) the page adds the
facilitator links of that key's meeting and the certificates download.
"""

from __future__ import annotations

import base64
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
    import ipywidgets as w

    from kit.draaiboek.school import pdf_bytes, render_document, school_view

    make = w.Button(description="Draaiboek als PDF", icon="file", button_style="primary",
                    layout=w.Layout(width="auto"))
    make.add_class("kit-draaiboek-pdf")
    link = w.HTML()
    link.add_class("kit-draaiboek-pdf-result")

    def on_click(_button) -> None:
        make.disabled = True
        link.value = '<span class="kit-note">Bezig met maken …</span>'
        try:
            data = pdf_bytes(render_document(school_view(page.school_dir)))
            name = f"draaiboek-{page.school_id}.pdf"
            href = "data:application/pdf;base64," + base64.b64encode(data).decode("ascii")
            link.value = f'<a class="kit-download-link" download="{html.escape(name)}" href="{href}">Download {html.escape(name)}</a>'
        except Exception as exc:  # never crash a live page; say what happened
            link.value = f'<span class="kit-missing">Het draaiboek kon niet worden gemaakt: {html.escape(str(exc))}</span>'
        finally:
            make.disabled = False

    make.on_click(on_click)
    return w.HBox([make, link], layout=w.Layout(align_items="center", gap="1rem"))


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
