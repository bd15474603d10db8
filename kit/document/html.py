"""Render the plan as one self-contained HTML page (Jinja2, autoescape on) and, from it, as PDF (WeasyPrint).

The same page serves the browser (screen styles) and print (A4, cover page, contents
with page numbers, running header, page numbers in the footer). Charts are embedded
as data URIs, so the file can be mailed or put on the school's website as it is.
"""

from __future__ import annotations

import base64
from pathlib import Path

from kit.document.model import Bullets, Document, Figure, Note, Paragraph, Subheading, Table
from kit.render import render
from kit.text_safety import xml_safe_document


def _kind(block) -> str:
    return {Paragraph: "paragraph", Bullets: "bullets", Table: "table", Figure: "figure", Note: "note",
            Subheading: "subheading"}[type(block)]


def render_html(doc: Document) -> str:
    """The plan as a complete HTML document (text typed by people is escaped)."""
    doc = xml_safe_document(doc)  # control characters are not allowed in HTML either (nor in the PDF's XML)
    sections = []
    for section in doc.sections:
        blocks = []
        for block in section.blocks:
            item = {"kind": _kind(block), "block": block}
            if isinstance(block, Figure):
                item["src"] = "data:image/png;base64," + base64.b64encode(block.png).decode("ascii")
            blocks.append(item)
        sections.append({"section": section, "anchor": f"h{section.number or 'bijlage'}", "blocks": blocks})
    return render("beleidsplan.html.j2", doc=doc, sections=sections)


def write_html(doc: Document, target: Path) -> Path:
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(render_html(doc), encoding="utf-8")
    return target


def write_pdf(doc: Document, target: Path, html: str | None = None) -> Path:
    """A4 PDF from the HTML, tagged for accessibility (PDF/UA structure tags where WeasyPrint allows)."""
    from kit.render import pdf_from_html

    pdf_from_html(html or render_html(doc), target)
    return target
