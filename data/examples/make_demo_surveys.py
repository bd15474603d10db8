"""Write the demo schools' survey exports. SYNTHETIC: no real pupil answered these.

    python data/examples/make_demo_surveys.py              # both demo schools
    python data/examples/make_demo_surveys.py demo-vo      # one of them

Primary school ``demo-school`` (groups 5 to 8, about 100 pupils a year):

* ``demo-school/surveys/2025-2026.csv``: as Google Forms downloads it (Dutch interface:
  ``Tijdstempel``, grid questions as ``Vraag [Stelling]``, checkboxes joined by ", ").
* ``demo-school/surveys/2026-2027.xlsx``: as Microsoft Forms exports it (Dutch interface:
  ``ID, Begintijd, ...``, statements as their own columns, several answers joined by ";").

Bullying in groep 6 stands out in 2025-2026 and falls the year after; online bullying
rises in groep 8; the schoolplein and the toilets are the places pupils name most.

Secondary school ``demo-vo`` (klas 1 to 4 of a vmbo school, about 215 pupils a year), the
other way round: ``2025-2026.xlsx`` from Microsoft Forms, ``2026-2027.csv`` from Google Forms.
Bullying in klas 2 stands out in 2025-2026 and falls the year after; online bullying
rises in klas 3; the corridors, the changing rooms and online are the places pupils name most.

The answers are drawn from a fixed random seed per school and year, so the answers never
change unless this script does (an .xlsx file also stores the moment it was written, so
its bytes differ on every run; its cells do not).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import random
import sys
from dataclasses import dataclass
from pathlib import Path

import yaml

HERE = Path(__file__).resolve().parent
INSTRUMENT = yaml.safe_load((HERE.parent / "templates" / "instrument.yaml").read_text(encoding="utf-8"))
ITEMS = INSTRUMENT["items"]
KLOPT = INSTRUMENT["answer_sets"]["klopt"]
HOEVAAK = INSTRUMENT["answer_sets"]["hoevaak"]
PLACES = ITEMS["pl"]["options"]
LIKERT_ITEMS = ["vb1", "vb2", "vb3", "vb4", "wb1", "wb2", "wb3", "st1", "st2", "st3"]
GRID_TITLES = {"vb": "Hoe veilig voel je je?", "wb": "Hoe gaat het met je op school?", "st": "Wie helpt je?"}


@dataclass(frozen=True)
class Story:
    """What one demo school's survey answers show: groups, chances per school year, places, open answers."""

    groups: dict[str, int]  # group as pupils answer it -> pupils in the group
    bullied: dict[str, dict[str, float]]  # year -> group -> chance of being bullied (pe1 >= 3)
    online: dict[str, dict[str, float]]  # year -> group -> chance of being bullied online (pe2 >= 3)
    place_chance: dict[str, float]  # place -> chance a pupil names it
    open_answers: list[str]
    climate: dict[str, float]  # year -> mean of the pupils' latent school climate


PO = Story(
    groups={"Groep 5": 26, "Groep 6": 27, "Groep 7": 25, "Groep 8": 28},
    bullied={
        "2025-2026": {"Groep 5": 0.14, "Groep 6": 0.38, "Groep 7": 0.18, "Groep 8": 0.14},
        "2026-2027": {"Groep 5": 0.08, "Groep 6": 0.12, "Groep 7": 0.10, "Groep 8": 0.12},
    },
    online={
        "2025-2026": {"Groep 5": 0.03, "Groep 6": 0.06, "Groep 7": 0.08, "Groep 8": 0.10},
        "2026-2027": {"Groep 5": 0.03, "Groep 6": 0.05, "Groep 7": 0.10, "Groep 8": 0.22},
    },
    place_chance={"klas": 0.08, "gang": 0.10, "plein": 0.30, "toilet": 0.22, "gym": 0.12, "onderweg": 0.08,
                  "online": 0.10},
    open_answers=[
        "Meer toezicht op het plein.", "Dat de wc's op slot kunnen.", "Niks, het is goed zo.",
        "Dat juf sneller iets doet als er gepest wordt.", "Meer spelletjes in de pauze.",
        "Een plek waar je rustig kunt zitten.", "",
    ],
    climate={"2025-2026": 0.35, "2026-2027": 0.55},
)

VO = Story(
    groups={"Klas 1": 62, "Klas 2": 58, "Klas 3": 56, "Klas 4": 54},
    bullied={
        "2025-2026": {"Klas 1": 0.10, "Klas 2": 0.26, "Klas 3": 0.09, "Klas 4": 0.05},
        "2026-2027": {"Klas 1": 0.08, "Klas 2": 0.10, "Klas 3": 0.09, "Klas 4": 0.05},
    },
    online={
        "2025-2026": {"Klas 1": 0.04, "Klas 2": 0.08, "Klas 3": 0.09, "Klas 4": 0.06},
        "2026-2027": {"Klas 1": 0.04, "Klas 2": 0.07, "Klas 3": 0.24, "Klas 4": 0.07},
    },
    place_chance={"klas": 0.07, "gang": 0.22, "plein": 0.08, "toilet": 0.12, "gym": 0.24, "onderweg": 0.12,
                  "online": 0.14},
    open_answers=[
        "Meer toezicht bij de kleedkamers.", "Dat docenten op de gang ook iets zeggen.", "Niks, het is goed zo.",
        "Dat de mentor vaker vraagt hoe het gaat.", "Strenger optreden als er in de groepsapp gescholden wordt.",
        "Een rustige plek in de pauze.", "",
    ],
    climate={"2025-2026": 0.60, "2026-2027": 0.80},
)

def pupil(rng: random.Random, story: Story, group: str, year: str) -> dict:
    """One synthetic pupil's answers, as labels of the instrument's answer sets."""
    bullied = rng.random() < story.bullied[year][group]
    online = rng.random() < story.online[year][group] + (0.15 if bullied else 0)
    climate = rng.gauss(story.climate[year], 0.8) - (1.1 if bullied else 0)
    answers = {"groep": group, "geslacht": rng.choice(ITEMS["geslacht"]["answers"][:2] * 8
                                                      + ITEMS["geslacht"]["answers"][2:])}
    for item in LIKERT_ITEMS:
        shift = {"vb3": -0.35, "st2": -0.25, "wb3": 0.3}.get(item, 0.0)
        score = climate + shift + rng.gauss(0, 0.6)
        code = 1 if score < -1.2 else 2 if score < -0.2 else 3 if score < 1.0 else 4
        answers[item] = KLOPT[code - 1]
    answers["pe1"] = HOEVAAK[rng.choice([2, 2, 3, 4]) if bullied else rng.choice([0, 0, 0, 1, 1])]
    answers["pe2"] = HOEVAAK[rng.choice([2, 3]) if online else rng.choice([0, 0, 0, 0, 1])]
    answers["pe3"] = HOEVAAK[rng.choice([0] * 12 + [1, 1, 2])]
    chance = 1.8 if bullied else 1.0
    places = [p for p, share in story.place_chance.items() if rng.random() < share * chance]
    if online and "online" not in places:
        places.append("online")
    answers["pl"] = [PLACES[p] for p in places] or [PLACES["nergens"]]
    answers["open"] = rng.choice(story.open_answers)
    return answers


def pupils(story: Story, year: str, seed: int) -> list[dict]:
    """About nine in ten pupils of each group, in the order they filled in the form."""
    rng = random.Random(seed)
    result = [pupil(rng, story, group, year) for group, size in story.groups.items()
              for _ in range(size) if rng.random() < 0.92]
    rng.shuffle(result)
    return result


def google_forms(rows: list[dict], start: dt.datetime) -> str:
    header = ["Tijdstempel", ITEMS["groep"]["text"], ITEMS["geslacht"]["text"]]
    header += [f"{GRID_TITLES[item[:2]]} [{ITEMS[item]['text']}]" for item in LIKERT_ITEMS]
    header += [ITEMS[item]["text"] for item in ("pe1", "pe2", "pe3", "pl", "open")]
    table = [header]
    for number, answers in enumerate(rows):
        moment = start + dt.timedelta(minutes=2 * number)
        stamp = (f"{moment:%Y/%m/%d} {moment.hour % 12 or 12}:{moment:%M:%S} "
                 f"{'a.m.' if moment.hour < 12 else 'p.m.'} CET")
        table.append([stamp, answers["groep"], answers["geslacht"]] + [answers[i] for i in LIKERT_ITEMS]
                     + [answers["pe1"], answers["pe2"], answers["pe3"], ", ".join(answers["pl"]), answers["open"]])
    buffer = io.StringIO()
    csv.writer(buffer, quoting=csv.QUOTE_ALL, lineterminator="\n").writerows(table)
    return buffer.getvalue()


def microsoft_forms(rows: list[dict], start: dt.datetime, path: Path) -> None:
    from openpyxl import Workbook

    order = ["groep", "geslacht"] + LIKERT_ITEMS + ["pe1", "pe2", "pe3", "pl", "open"]
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Sheet1"
    sheet.append(["ID", "Begintijd", "Tijd van voltooien", "E-mail", "Naam", "Tijd van laatste wijziging"]
                 + [ITEMS[item]["text"].rstrip(".") for item in order])
    for number, answers in enumerate(rows, start=1):
        begin = start + dt.timedelta(minutes=2 * number)
        cells = [number, begin, begin + dt.timedelta(minutes=5), "anonymous", None, None]
        for item in order:
            value = answers[item]
            if item == "pl":
                value = "".join(label + ";" for label in value)
            cells.append(value or None)
        sheet.append(cells)
    workbook.save(path)


def write_po() -> str:
    folder = HERE / "demo-school" / "surveys"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "2025-2026.csv").write_text(
        google_forms(pupils(PO, "2025-2026", seed=2025), dt.datetime(2026, 3, 10, 9, 0)), encoding="utf-8")
    microsoft_forms(pupils(PO, "2026-2027", seed=2026), dt.datetime(2027, 3, 9, 9, 0), folder / "2026-2027.xlsx")
    return f"Geschreven in {folder}: 2025-2026.csv (Google Forms), 2026-2027.xlsx (Microsoft Forms)"


def write_vo() -> str:
    folder = HERE / "demo-vo" / "surveys"
    folder.mkdir(parents=True, exist_ok=True)
    microsoft_forms(pupils(VO, "2025-2026", seed=3025), dt.datetime(2026, 2, 16, 8, 30), folder / "2025-2026.xlsx")
    (folder / "2026-2027.csv").write_text(
        google_forms(pupils(VO, "2026-2027", seed=3026), dt.datetime(2027, 2, 15, 8, 30)), encoding="utf-8")
    return f"Geschreven in {folder}: 2025-2026.xlsx (Microsoft Forms), 2026-2027.csv (Google Forms)"


SCHOOLS = {"demo-school": write_po, "demo-vo": write_vo}


def main(argv: list[str]) -> int:
    unknown = [name for name in argv if name not in SCHOOLS]
    if unknown:
        print(f"Onbekende voorbeeldschool: {', '.join(unknown)}. Kies uit: {', '.join(SCHOOLS)}.", file=sys.stderr)
        return 2
    for name in argv or SCHOOLS:
        print(SCHOOLS[name]())
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
