"""``kit plan export``: write output/beleidsplan.{docx,pdf,html} for one school."""

from __future__ import annotations

from pathlib import Path

from kit.errors import KitError

FORMATS = ("docx", "pdf", "html")
BASENAME = "beleidsplan"


def parse_formats(text: str) -> list[str]:
    """'docx,pdf' -> ['docx', 'pdf'], with a Dutch error for an unknown format."""
    chosen = [part.strip().lower() for part in text.split(",") if part.strip()]
    unknown = [part for part in chosen if part not in FORMATS]
    if unknown or not chosen:
        raise KitError(f"Onbekend formaat: {', '.join(unknown) or '(leeg)'}.",
                       hint="Kies uit docx, pdf en html, gescheiden door komma's, bijvoorbeeld --format docx,pdf.")
    return list(dict.fromkeys(chosen))


def export_plan(school_dir: str | Path, formats: list[str] = list(FORMATS), output_dir: Path | None = None,
                doc=None, include_open_answers: bool = False) -> dict[str, Path]:
    """Build the document once (unless ``doc`` is given) and write each requested format; returns format -> path."""
    from kit.document.content import build_document
    from kit.document.docx import render_docx
    from kit.document.html import render_html, write_pdf

    school_dir = Path(school_dir)
    output_dir = Path(output_dir) if output_dir else school_dir / "output"
    doc = doc or build_document(school_dir, include_open_answers)
    written: dict[str, Path] = {}
    html = render_html(doc) if {"html", "pdf"} & set(formats) else None
    for fmt in formats:
        target = output_dir / f"{BASENAME}.{fmt}"
        if fmt == "docx":
            written[fmt] = render_docx(doc, target)
        elif fmt == "html":
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(html, encoding="utf-8")
            written[fmt] = target
        else:
            written[fmt] = write_pdf(doc, target, html)
    return written
