"""HTML rendering with Jinja2 (autoescape on): everything a person typed is shown as text."""

from __future__ import annotations

import functools
from pathlib import Path
from typing import Any

TEMPLATES = Path(__file__).parent / "templates"


@functools.lru_cache(maxsize=1)
def _environment() -> Any:
    import jinja2

    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    return env


def render(template: str, **context: Any) -> str:
    """Render ``kit/templates/<template>`` with autoescaping."""
    return _environment().get_template(template).render(**context)


def stylesheet() -> str:
    """The kit's page stylesheet (classes start with ``kit-``)."""
    return (TEMPLATES / "kit.css").read_text(encoding="utf-8")


def pdf_from_html(html: str, target: Path | None = None) -> bytes:
    """``html`` as an A4 PDF (WeasyPrint), tagged for accessibility; also written to ``target`` when given.

    Relative links and images resolve from ``target``'s folder. WeasyPrint's font-subsetting
    chatter is not for users, so its log is kept to errors.
    """
    import logging

    from weasyprint import HTML

    logging.getLogger("weasyprint").setLevel(logging.ERROR)
    data = HTML(string=html, base_url=str(target.parent) if target else None).write_pdf(
        pdf_tags=True, custom_metadata=True)
    if target is not None:
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
    return data
