"""The editable lists of values and stellingen, and what happens when an edit goes wrong."""

from __future__ import annotations

import pytest

from kit.workshop import TemplateError, load_stellingen, load_values


def test_shipped_values_and_stellingen():
    values = load_values()
    assert 8 <= len(values) <= 12
    ids = {v["id"] for v in values}
    assert {"respect", "vertrouwen", "veiligheid", "verbondenheid", "verantwoordelijkheid"} <= ids
    assert all(v["name"] and v["description"] for v in values)
    stellingen = load_stellingen()
    assert 8 <= len(stellingen) <= 12
    texts = {s["text"] for s in stellingen}
    assert {"Pesten hoort bij opgroeien.", "Op het plein is iedere collega verantwoordelijk."} <= texts


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("waarden: [\n  - id: x", "regel"),
        ("iets: anders\n", "minstens twee"),
        ("waarden:\n  - id: respect\n    naam: Respect\n    uitleg: a\n", "minstens twee"),
        ("waarden:\n  - id: Respect!\n    naam: R\n    uitleg: a\n  - id: b\n    naam: B\n    uitleg: b\n",
         "'id' ontbreekt of is ongeldig"),
        ("waarden:\n  - id: a\n    naam: A\n    uitleg: a\n  - id: a\n    naam: B\n    uitleg: b\n",
         "twee keer"),
        ("waarden:\n  - id: a\n    naam: A\n    uitleg: a\n  - id: b\n    uitleg: b\n", "'naam' ontbreekt"),
        ("waarden:\n  - id: a\n    naam: A\n    uitleg: a\n  - id: b\n    naam: " + "B" * 41 + "\n    uitleg: b\n",
         "maximum is 40"),
        ("waarden:\n  - a\n  - b\n", "onderdeel 1"),
    ],
)
def test_broken_value_lists_are_explained(tmp_path, content, message):
    path = tmp_path / "waarden.yaml"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(TemplateError, match=message) as error:
        load_values(path)
    assert str(path) in str(error.value)


def test_missing_file(tmp_path):
    with pytest.raises(TemplateError, match="kan niet worden gelezen"):
        load_stellingen(tmp_path / "stellingen.yaml")
