"""``kit plan export``: write output/beleidsplan-intern.* and output/beleidsplan-openbaar.* for one school."""

from __future__ import annotations

from pathlib import Path

from kit.document.versions import BASENAME, INTERN, VERSIONS, parse_version
from kit.errors import KitError

FORMATS = ("docx", "pdf", "html")


def parse_formats(text: str) -> list[str]:
    """'docx,pdf' -> ['docx', 'pdf'], with a Dutch error for an unknown format."""
    chosen = [part.strip().lower() for part in text.split(",") if part.strip()]
    unknown = [part for part in chosen if part not in FORMATS]
    if unknown or not chosen:
        raise KitError(f"Onbekend formaat: {', '.join(unknown) or '(leeg)'}.",
                       hint="Kies uit docx, pdf en html, gescheiden door komma's, bijvoorbeeld --format docx,pdf.")
    return list(dict.fromkeys(chosen))


def parse_versions(text: str) -> list[str]:
    """'intern,openbaar' -> ['intern', 'openbaar'], with a Dutch error for an unknown version."""
    chosen = [parse_version(part) for part in text.split(",") if part.strip()]
    if not chosen:
        raise KitError("Geen versie gekozen.", hint="Kies intern, openbaar of intern,openbaar.")
    return list(dict.fromkeys(chosen))


def file_name(version: str, fmt: str) -> str:
    """``beleidsplan-intern.pdf``, ``beleidsplan-openbaar.docx``: a name that says which version it is."""
    return f"{BASENAME}-{parse_version(version)}.{fmt}"


def export_plan(school_dir: str | Path, formats: list[str] = list(FORMATS), output_dir: Path | None = None,
                doc=None, include_open_answers: bool = False, version: str = INTERN) -> dict[str, Path]:
    """Build the document once (unless ``doc`` is given) and write each requested format; returns format -> path.

    ``version`` is ``"intern"`` or ``"openbaar"``; a given ``doc`` must be of that version.
    """
    from kit.document.content import build_document
    from kit.document.docx import render_docx
    from kit.document.html import render_html, write_pdf

    school_dir = Path(school_dir)
    version = parse_version(version)
    output_dir = Path(output_dir) if output_dir else school_dir / "output"
    doc = doc or build_document(school_dir, include_open_answers, version=version)
    if doc.version != version:
        raise ValueError(f"document is the {doc.version} version, not {version}")
    written: dict[str, Path] = {}
    html = render_html(doc) if {"html", "pdf"} & set(formats) else None
    for fmt in formats:
        target = output_dir / file_name(version, fmt)
        # Before the two versions the internal plan was output/beleidsplan.<fmt>; an old copy there could be
        # taken for the current (or the public) plan. output/ holds only generated files, so it goes.
        (output_dir / f"{BASENAME}.{fmt}").unlink(missing_ok=True)
        if fmt == "docx":
            written[fmt] = render_docx(doc, target)
        elif fmt == "html":
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(html, encoding="utf-8")
            written[fmt] = target
        else:
            written[fmt] = write_pdf(doc, target, html)
    return written


def export_versions(school_dir: str | Path, formats: list[str] = list(FORMATS), output_dir: Path | None = None,
                    versions: list[str] = list(VERSIONS)) -> dict[str, dict[str, Path]]:
    """Every requested version in every requested format: ``{"intern": {"pdf": path, ...}, "openbaar": {...}}``."""
    from kit.reuse import reads_reused

    with reads_reused():  # the versions read the same files: once
        return {version: export_plan(school_dir, formats, output_dir, version=version) for version in versions}
