"""Render the plan as a Word document with python-docx.

Real heading styles (Word's navigation pane works), a table of contents field that
Word fills in on opening, tables with repeating header rows, charts with alt text,
and page numbers in the footer. A house style can be supplied as a reference
document: ``data/templates/huisstijl.docx`` (its styles and page set-up are used).
"""

from __future__ import annotations

import io
from pathlib import Path

from docx import Document as new_docx
from docx.enum.section import WD_SECTION
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_BREAK, WD_COLOR_INDEX, WD_PARAGRAPH_ALIGNMENT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor

from kit.document.model import Bullets, Document, Figure, Note, Paragraph, Subheading, Table
from kit.paths import TEMPLATES_DIR
from kit.text_safety import xml_safe_document

HOUSE_STYLE = TEMPLATES_DIR / "huisstijl.docx"
ACCENT = RGBColor(0x0B, 0x39, 0x54)
MUTED = RGBColor(0x5B, 0x6A, 0x75)


def render_docx(doc: Document, target: Path, reference: Path | None = None) -> Path:
    """Write ``doc`` as .docx to ``target``; ``reference`` (or the house style, when present) gives the styles."""
    doc = xml_safe_document(doc)  # a control character stored before entry checks existed must not stop Word
    reference = reference or (HOUSE_STYLE if HOUSE_STYLE.is_file() else None)
    word = new_docx(str(reference)) if reference else new_docx()
    if reference is None:
        _default_style(word)
    else:  # a house style brings its styles and page set-up, not its text
        body = word.element.body
        for child in list(body):
            if child.tag != qn("w:sectPr"):
                body.remove(child)
    word.core_properties.title = f"{doc.title} {doc.school} ({doc.version_name.lower()})"
    word.core_properties.subject = "Sociaal veiligheidsplan"
    word.core_properties.language = "nl-NL"
    _cover(word, doc)
    _contents(word, doc)
    body = word.add_section(WD_SECTION.NEW_PAGE)
    _header(body, doc)
    _footer(body, doc)
    for section in doc.sections:
        word.add_heading(section.heading, level=1)
        for block in section.blocks:
            _block(word, block)
    _update_fields_on_open(word)
    target.parent.mkdir(parents=True, exist_ok=True)
    word.save(str(target))
    return target


def _default_style(word) -> None:
    normal = word.styles["Normal"]
    normal.font.name = "Calibri"
    normal.font.size = Pt(11)
    normal.element.rPr.rFonts.set(qn("w:eastAsia"), "Calibri")
    for name, size in (("Heading 1", 16), ("Heading 2", 13), ("Title", 28)):
        style = word.styles[name]
        style.font.color.rgb = ACCENT
        style.font.size = Pt(size)
    page = word.sections[0]
    page.page_height, page.page_width = Cm(29.7), Cm(21.0)
    for side in ("left_margin", "right_margin"):
        setattr(page, side, Cm(2.3))


def _cover(word, doc: Document) -> None:
    for _ in range(6):
        word.add_paragraph()
    word.add_paragraph(doc.title, style="Title")
    school = word.add_paragraph()
    run = school.add_run(doc.school)
    run.font.size, run.bold, run.font.color.rgb = Pt(20), True, ACCENT
    if doc.subtitle:
        sub = word.add_paragraph()
        sub_run = sub.add_run(doc.subtitle)
        sub_run.font.size, sub_run.font.color.rgb = Pt(13), MUTED
    kind = word.add_paragraph()
    kind_run = kind.add_run(doc.version_name)
    kind_run.font.size, kind_run.bold, kind_run.font.color.rgb = Pt(14), True, ACCENT
    if doc.audience:
        audience_run = word.add_paragraph().add_run(doc.audience)
        audience_run.font.color.rgb = MUTED
    date = word.add_paragraph()
    date_run = date.add_run(f"Gemaakt op {doc.date}")
    date_run.font.color.rgb = MUTED
    for line in doc.adoption:  # "Instemming medezeggenschapsraad: 6 oktober 2026" (or "nog in te vullen")
        _runs(word.add_paragraph(), line)
    if doc.gap_line:
        note = word.add_paragraph()
        note_run = note.add_run(doc.gap_line)
        note_run.italic, note_run.font.color.rgb = True, MUTED


def _contents(word, doc: Document) -> None:
    word.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
    word.add_heading("Inhoud", level=1)
    paragraph = word.add_paragraph()
    _field(paragraph, 'TOC \\o "1-2" \\h \\z \\u',
           "\n".join(section.heading for section in doc.sections))


def _field(paragraph, instruction: str, shown: str = "") -> None:
    """A Word field; ``shown`` is what it displays until Word updates it."""
    def char(kind: str):
        element = OxmlElement("w:fldChar")
        element.set(qn("w:fldCharType"), kind)
        return element

    begin, separate, end = char("begin"), char("separate"), char("end")
    code = OxmlElement("w:instrText")
    code.set(qn("xml:space"), "preserve")
    code.text = f" {instruction} "
    paragraph.add_run()._r.append(begin)
    paragraph.add_run()._r.append(code)
    paragraph.add_run()._r.append(separate)
    lines = shown.split("\n")
    for index, line in enumerate(lines):
        run = paragraph.add_run(line)
        if index < len(lines) - 1:
            run.add_break()
    paragraph.add_run()._r.append(end)


def _header(section, doc: Document) -> None:
    """Every page after the cover says which version it is."""
    section.header.is_linked_to_previous = False
    paragraph = section.header.paragraphs[0]
    paragraph.alignment = WD_PARAGRAPH_ALIGNMENT.RIGHT
    run = paragraph.add_run(f"{doc.school} · {doc.version_name}")
    run.font.size, run.font.color.rgb = Pt(9), MUTED


def _footer(section, doc: Document) -> None:
    section.footer.is_linked_to_previous = False
    paragraph = section.footer.paragraphs[0]
    paragraph.alignment = WD_PARAGRAPH_ALIGNMENT.RIGHT
    label = paragraph.add_run(f"{doc.title} · {doc.school} · pagina ")
    label.font.size, label.font.color.rgb = Pt(9), MUTED
    _field(paragraph, "PAGE", "1")


def _runs(paragraph, block: Paragraph) -> None:
    for run in block.runs:
        added = paragraph.add_run(run.text)
        if run.missing:
            added.italic = True
            added.font.highlight_color = WD_COLOR_INDEX.YELLOW


def _block(word, block) -> None:
    if isinstance(block, Paragraph):
        _runs(word.add_paragraph(), block)
    elif isinstance(block, Bullets):
        for item in block.items:
            _runs(word.add_paragraph(style="List Bullet"), item)
    elif isinstance(block, Subheading):
        word.add_heading(block.text, level=2)
    elif isinstance(block, Note):
        run = word.add_paragraph().add_run(block.text)
        run.italic, run.font.size, run.font.color.rgb = True, Pt(9), MUTED
    elif isinstance(block, Table):
        _table(word, block)
    elif isinstance(block, Figure):
        _figure(word, block)


def _table(word, block: Table) -> None:
    if block.caption:
        caption = word.add_paragraph()
        caption_run = caption.add_run(block.caption)
        caption_run.bold, caption_run.font.color.rgb = True, ACCENT
    table = word.add_table(rows=1, cols=len(block.header))
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    header = table.rows[0]
    _repeat_header(header)
    for cell, text in zip(header.cells, block.header):
        cell.text = ""
        run = cell.paragraphs[0].add_run(text)
        run.bold = True
        _shade(cell, "D9E4EC")
    for row in block.rows:
        cells = table.add_row().cells
        for cell, paragraph in zip(cells, row):
            cell.text = ""
            _runs(cell.paragraphs[0], paragraph)
    if block.widths:
        total = sum(block.widths)
        for row in table.rows:
            for cell, width in zip(row.cells, block.widths):
                cell.width = Cm(16.4 * width / total)
    for row in table.rows:
        for cell in row.cells:
            for paragraph in cell.paragraphs:
                for run in paragraph.runs:
                    run.font.size = Pt(9.5)
    word.add_paragraph()


def _repeat_header(row) -> None:
    properties = row._tr.get_or_add_trPr()
    element = OxmlElement("w:tblHeader")
    element.set(qn("w:val"), "true")
    properties.append(element)


def _shade(cell, colour: str) -> None:
    shading = OxmlElement("w:shd")
    shading.set(qn("w:val"), "clear")
    shading.set(qn("w:color"), "auto")
    shading.set(qn("w:fill"), colour)
    cell._tc.get_or_add_tcPr().append(shading)


def _figure(word, block: Figure) -> None:
    paragraph = word.add_paragraph()
    paragraph.alignment = WD_PARAGRAPH_ALIGNMENT.CENTER
    shape = paragraph.add_run().add_picture(io.BytesIO(block.png), width=Cm(15.5))
    properties = shape._inline.docPr
    properties.set("descr", block.alt)
    properties.set("title", block.caption)
    caption = word.add_paragraph()
    caption.alignment = WD_PARAGRAPH_ALIGNMENT.CENTER
    run = caption.add_run(block.caption)
    run.italic, run.font.size, run.font.color.rgb = True, Pt(9), MUTED


def _update_fields_on_open(word) -> None:
    """Ask Word to refresh fields (the table of contents, page numbers) when the file is opened."""
    settings = word.settings.element
    element = OxmlElement("w:updateFields")
    element.set(qn("w:val"), "true")
    settings.append(element)
