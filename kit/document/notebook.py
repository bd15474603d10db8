"""The policy document page (notebooks/04_beleidsplan.ipynb): preview, completeness, files and downloads."""

from __future__ import annotations

import base64
import html
import tempfile
from pathlib import Path

from kit.document.export import FORMATS, export_plan, parse_formats
from kit.page import Page, friendly, show_html
from kit.render import render

MIME = {"docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        "pdf": "application/pdf", "html": "text/html"}
LABELS = {"docx": "Word", "pdf": "PDF", "html": "webpagina"}


@friendly
def show_summary(page: Page | None, formats: str = "docx,pdf,html"):
    """Build the plan and show what is still missing; under papermill also write the files."""
    if page is None:
        return None
    from kit.document.content import build_document

    doc = build_document(page.school_dir)
    written = {}
    if not page.live:
        written = export_plan(page.school_dir, parse_formats(formats), page.output_dir)
    show_html(render("beleidsplan_page.html.j2", doc=doc, written={k: v.name for k, v in written.items()},
                     live=page.live, labels=LABELS))
    return doc


@friendly
def show_preview(doc) -> None:
    """The plan as it will look, in a frame of its own (its styles do not mix with the page)."""
    if doc is None:
        return
    from IPython.display import display

    from kit.document.html import render_html

    show_html('<div class="kit-page" lang="nl"><h2>Voorbeeld</h2></div>')
    # A raw bundle: IPython's HTML() would warn about the iframe in front of the reader.
    display({"text/html": f'<iframe class="kit-preview" title="Voorbeeld van het veiligheidsplan" '
                          f'srcdoc="{html.escape(render_html(doc), quote=True)}" style="width:100%; height:900px; '
                          f'border:1px solid #d9e4ec; border-radius:8px; background:white;"></iframe>'}, raw=True)


def file_bytes(school_dir: Path, fmt: str) -> bytes:
    """One format of the plan, built fresh, as bytes (nothing is written to the school's folder)."""
    with tempfile.TemporaryDirectory() as tmp:
        path = export_plan(school_dir, [fmt], Path(tmp))[fmt]
        return path.read_bytes()


def download_link(school_id: str, fmt: str, data: bytes) -> str:
    """An anchor that saves ``data`` as beleidsplan-<school>.<fmt> when clicked."""
    name = f"beleidsplan-{school_id}.{fmt}"
    href = f"data:{MIME[fmt]};base64,{base64.b64encode(data).decode('ascii')}"
    return (f'<a class="kit-download-link kit-download-{fmt}" download="{html.escape(name)}" href="{href}">'
            f"Download {html.escape(name)}</a>")


@friendly
def show_downloads(page: Page | None) -> None:
    """Under Voila: a button per format that builds the file and offers it as a download."""
    if page is None or not page.live:
        return
    import ipywidgets as widgets
    from IPython.display import display

    rows = []
    for fmt in FORMATS:
        button = widgets.Button(description=f"Maak {LABELS[fmt]}-bestand", icon="file", button_style="primary",
                                layout=widgets.Layout(width="220px"))
        button.add_class("kit-download-make")
        button.add_class(f"kit-download-make-{fmt}")
        link = widgets.HTML()
        link.add_class("kit-download-result")

        def make(_button, fmt=fmt, link=link, button=button) -> None:
            button.disabled = True
            link.value = '<span class="kit-note">Bezig met maken …</span>'
            try:
                link.value = download_link(page.school_id, fmt, file_bytes(page.school_dir, fmt))
            except Exception as exc:  # never crash a live workshop; say what happened
                link.value = (f'<span class="kit-missing">Het bestand kon niet worden gemaakt: '
                              f"{html.escape(str(exc))}</span>")
            finally:
                button.disabled = False

        button.on_click(make)
        rows.append(widgets.HBox([button, link], layout=widgets.Layout(align_items="center", gap="1rem")))
    show_html('<div class="kit-page" lang="nl"><h2>Downloaden</h2><p>Kies een formaat. De kit maakt het bestand '
              "met de gegevens van dit moment; klik daarna op de link om het op te slaan.</p></div>")
    display(widgets.VBox(rows))
