"""The fixed texts of the plan (data/templates/beleidsplan.yaml), filled in with the school's data."""

from __future__ import annotations

import re
from pathlib import Path

import yaml

from kit.document.model import Bullets, Gap, Paragraph, Run
from kit.errors import KitError
from kit.paths import TEMPLATES_DIR
from kit.reuse import reused

TEXTS_FILE = TEMPLATES_DIR / "beleidsplan.yaml"
_FIELD = re.compile(r"{{\s*(\w+)\s*}}")


@reused
def load_texts(path: Path = TEXTS_FILE) -> dict:
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        raise KitError(f"{path}: de vaste teksten zijn geen geldige YAML ({exc}).") from None
    if not isinstance(data, dict):
        raise KitError(f"{path}: verwacht hoofdstukken met hun alinea's.")
    return data


class Filler:
    """Fills ``{{ name }}`` fields; an empty field becomes a visible placeholder and a gap."""

    def __init__(self, values: dict[str, str | None], labels: dict[str, str], source: Path = TEXTS_FILE):
        self.values = values
        self.labels = labels
        self.source = source
        self.gaps: list[Gap] = []

    def paragraph(self, text: str, chapter: str) -> Paragraph:
        runs: list[Run] = []
        position = 0
        for match in _FIELD.finditer(text):
            runs.append(Run(text[position:match.start()]))
            runs.append(self.field(match.group(1), chapter))
            position = match.end()
        runs.append(Run(text[position:]))
        return Paragraph([run for run in runs if run.text])

    def field(self, name: str, chapter: str) -> Run:
        if name not in self.values:
            raise KitError(f"{self.source}: onbekend gegeven {{{{ {name} }}}} in hoofdstuk '{chapter}'.",
                           hint="Gebruik alleen de gegevens die bovenaan het bestand staan.")
        value = self.values[name]
        if value:
            return Run(value)
        what = self.labels.get(name, name)
        self.gap(chapter, what, f"Vul {what} in het schoolprofiel (school.yaml) in.")
        return Run(f"nog in te vullen: {what}", missing=True)

    def gap(self, chapter: str, what: str, todo: str) -> None:
        """Record a gap once: the same missing thing in two chapters is one gap (listed where it first shows)."""
        if all(gap.what != what for gap in self.gaps):
            self.gaps.append(Gap(chapter, what, todo))

    def blocks(self, paragraphs: list[str], chapter: str) -> list:
        """Paragraphs; consecutive ones starting with '- ' become one bulleted list."""
        out: list = []
        for text in paragraphs or []:
            text = str(text)
            if text.startswith("- "):
                item = self.paragraph(text[2:], chapter)
                if out and isinstance(out[-1], Bullets):
                    out[-1].items.append(item)
                else:
                    out.append(Bullets([item]))
            else:
                out.append(self.paragraph(text, chapter))
        return out
