"""The policy document page (notebooks/05_beleidsplan.ipynb): preview, completeness, files and downloads.

Both versions of the plan are offered: the internal one (team, MR, board) and the public
one (website, parents), each in every format, with names that say which is which.
"""

from __future__ import annotations

import html
import tempfile
from pathlib import Path

from kit.document.export import FORMATS, export_plan, file_name, parse_formats, parse_versions
from kit.document.versions import VERSIONS, version as version_info
from kit.live.download import Download, data_link, make_download
from kit.page import Page, friendly, show_html
from kit.page_key import while_key_works
from kit.reuse import reads_reused
from kit.render import render

LABELS = {"docx": "Word", "pdf": "PDF", "html": "webpagina"}


@friendly
def show_summary(page: Page | None, formats: str = "docx,pdf,html", versies: str = "intern,openbaar"):
    """Build the plan and show what is still missing; under papermill also write the files of every version."""
    if page is None:
        return None
    from kit.document.content import build_document
    from kit.document.model import gap_count_text
    from kit.document.texts import load_texts

    with reads_reused():  # both versions read the same files: once
        texts = load_texts()
        doc = build_document(page.school_dir)  # the internal version: the team's page shows everything
        written = []
        if not page.live:
            for code in parse_versions(versies):
                files = export_plan(page.school_dir, parse_formats(formats), page.output_dir,
                                    doc=doc if code == doc.version else None, version=code)
                written.append({"name": version_info(code, texts).name,
                                "files": {k: v.name for k, v in files.items()}})
    show_html(render("beleidsplan_page.html.j2", doc=doc, written=written, live=page.live, labels=LABELS,
                     gap_count=gap_count_text(len(doc.gaps))))
    return doc


@friendly
def show_preview(doc) -> None:
    """The plan as it will look, in a frame of its own (its styles do not mix with the page)."""
    if doc is None:
        return
    from IPython.display import display

    from kit.document.html import render_html

    show_html('<div class="kit-page" lang="nl"><h2>Voorbeeld (interne versie)</h2></div>')
    # A raw bundle: IPython's HTML() would warn about the iframe in front of the reader.
    display({"text/html": f'<iframe class="kit-preview" title="Voorbeeld van het veiligheidsplan" '
                          f'srcdoc="{html.escape(render_html(doc), quote=True)}" style="width:100%; height:900px; '
                          f'border:1px solid #d9e4ec; border-radius:8px; background:white;"></iframe>'}, raw=True)


def file_bytes(school_dir: Path, fmt: str, version: str = "intern") -> bytes:
    """One format of one version of the plan, built fresh, as bytes (nothing is written to the school's folder)."""
    with tempfile.TemporaryDirectory() as tmp:
        path = export_plan(school_dir, [fmt], Path(tmp), version=version)[fmt]
        return path.read_bytes()


def download_name(school_id: str, fmt: str, version: str = "intern") -> str:
    """``beleidsplan-openbaar-demo-school.pdf``: the version and the school in the name."""
    return file_name(version, fmt).replace(".", f"-{school_id}.", 1)


def download_link(school_id: str, fmt: str, data: bytes, version: str = "intern") -> str:
    """An anchor that saves ``data`` as beleidsplan-<versie>-<school>.<fmt> when clicked."""
    return data_link(download_name(school_id, fmt, version), data, f"kit-download-{version}-{fmt}")


@friendly
def show_downloads(page: Page | None) -> None:
    """Under Voila: per version a button per format that builds the file and offers it as a download."""
    if page is None or not page.live:
        return
    import ipywidgets as widgets
    from IPython.display import display

    from kit.document.texts import load_texts

    texts = load_texts()
    show_html('<div class="kit-page" lang="nl"><h2>Downloaden</h2><p>Kies een versie en een formaat. De kit maakt '
              "het bestand met de gegevens van dit moment; klik daarna op de link om het op te slaan.</p></div>")
    for code in VERSIONS:
        kind = version_info(code, texts)
        rows = []
        for fmt in FORMATS:
            rows.append(make_download(
                f"Maak {LABELS[fmt]}-bestand",
                while_key_works(page, lambda fmt=fmt, code=code: Download(download_name(page.school_id, fmt, code),
                                                                         file_bytes(page.school_dir, fmt, code))),
                failed="Het bestand kon niet worden gemaakt door een fout in de kit. De details staan in het "
                       "serverlog.",
                button_classes=("kit-download-make", f"kit-download-make-{code}-{fmt}"),
                link_classes=(f"kit-download-{code}-{fmt}",)))
        show_html(f'<div class="kit-page" lang="nl"><h3>{html.escape(kind.name)}</h3>'
                  f'<p class="kit-note">{html.escape(kind.audience)}</p></div>')
        display(widgets.VBox(rows))
