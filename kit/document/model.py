"""The policy document as plain data, assembled once and rendered three ways.

A paragraph is a list of runs; a run marked ``missing`` is a visible placeholder
("Nog in te vullen: ...") that every renderer highlights. Every placeholder is also a
:class:`Gap`, listed in the appendix, so nothing required is ever silently left out.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Run:
    text: str
    missing: bool = False


@dataclass
class Paragraph:
    runs: list[Run]

    @property
    def text(self) -> str:
        return "".join(run.text for run in self.runs)


@dataclass
class Bullets:
    items: list[Paragraph]


@dataclass
class Table:
    header: list[str]
    rows: list[list[Paragraph]]
    caption: str = ""
    widths: list[float] | None = None  # relative column widths


@dataclass
class Figure:
    png: bytes
    caption: str
    alt: str
    name: str


@dataclass
class Note:
    """A small explanatory line under a table or figure."""

    text: str


Block = Paragraph | Bullets | Table | Figure | Note


@dataclass(frozen=True)
class Gap:
    """Something the law or the course asks for that the school has not provided yet."""

    chapter: str
    what: str
    todo: str


@dataclass
class Section:
    number: int | None  # None for the appendix
    title: str
    blocks: list[Block] = field(default_factory=list)

    @property
    def heading(self) -> str:
        return f"{self.number}. {self.title}" if self.number else self.title


@dataclass
class Document:
    title: str
    school: str
    subtitle: str
    date: str
    sections: list[Section]
    gaps: list[Gap]
    # Title-page lines on the plan's adoption ("Instemming medezeggenschapsraad: 6 oktober 2026").
    adoption: list[Paragraph] = field(default_factory=list)

    def text(self) -> str:
        """All text, for search and tests."""
        lines = [self.title, self.school, self.subtitle] + [line.text for line in self.adoption]
        for section in self.sections:
            lines.append(section.heading)
            for block in section.blocks:
                lines += block_text(block)
        return "\n".join(lines)


def block_text(block: Block) -> list[str]:
    if isinstance(block, Paragraph):
        return [block.text]
    if isinstance(block, Bullets):
        return [item.text for item in block.items]
    if isinstance(block, Table):
        return [" | ".join(block.header)] + [" | ".join(cell.text for cell in row) for row in block.rows]
    if isinstance(block, Figure):
        return [block.caption]
    return [block.text]


def plain(text: str) -> Paragraph:
    return Paragraph([Run(text)])
