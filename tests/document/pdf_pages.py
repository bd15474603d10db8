"""Reading a rendered PDF back page by page: the lines of running text with their height on the page.

pypdf's text visitor gives each piece of text with its matrices; the running header and footer
(WeasyPrint's page margin boxes) lie outside the page's content area and are left out.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from html.parser import HTMLParser

from pypdf import PdfReader

PT_PER_CM = 72 / 2.54


@dataclass
class Page:
    number: int
    lines: list[str]  # top to bottom
    fill: float  # share of the content area's height between its first and last line of text


def pdf_pages(path, margin_top_cm: float, margin_bottom_cm: float) -> list[Page]:
    """The pages of ``path`` with their lines of text inside the content area (between the page margins)."""
    pages = []
    for number, page in enumerate(PdfReader(path).pages, start=1):
        height = float(page.mediabox.height)
        top, bottom = height - margin_top_cm * PT_PER_CM + 2, margin_bottom_cm * PT_PER_CM - 2
        found: dict[int, list[str]] = {}

        def visit(text, cm, tm, font, size):
            if text.strip():
                y = tm[4] * cm[1] + tm[5] * cm[3] + cm[5]
                if bottom < y < top:
                    found.setdefault(round(y), []).append(text)

        page.extract_text(visitor_text=visit)
        ys = sorted(found, reverse=True)
        lines = [" ".join(" ".join(found[y]).split()) for y in ys]
        fill = (ys[0] - ys[-1]) / (top - bottom) if ys else 0.0
        pages.append(Page(number, [line for line in lines if line], fill))
    return pages


class _Headings(HTMLParser):
    TAGS = {"h1", "h2", "h3", "h4", "caption"}

    def __init__(self):
        super().__init__()
        self.found: list[str] = []
        self._text: str | None = None

    def handle_starttag(self, tag, attrs):
        if tag in self.TAGS:
            self._text = ""

    def handle_endtag(self, tag):
        if tag in self.TAGS and self._text is not None:
            self.found.append(" ".join(self._text.split()))
            self._text = None

    def handle_data(self, data):
        if self._text is not None:
            self._text += data


def headings(html: str) -> list[str]:
    """The texts of the headings and table captions in ``html``."""
    parser = _Headings()
    parser.feed(html)
    return [h for h in parser.found if h]


def ends_with_heading(page: Page, titles: list[str]) -> str | None:
    """The heading (or caption) that ends ``page`` with nothing of its content after it, else None.

    A heading that wraps over two lines counts as well: the page's last two lines then end it.
    """
    if not page.lines:
        return None
    last = page.lines[-1]
    tail = " ".join(page.lines[-2:])
    for title in titles:
        if last == title or (title.endswith(last) and tail.endswith(title)):
            return title
    return None


def margins(html: str) -> tuple[float, float]:
    """The top and bottom page margins (cm) of the document's ``@page`` rule."""
    found = re.search(r"@page\s*\{\s*size:\s*A4;\s*margin:\s*([\d.]+)cm\s+[\d.]+cm\s+([\d.]+)cm", html)
    assert found, "no @page margin in the document's style"
    return float(found.group(1)), float(found.group(2))
