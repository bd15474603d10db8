"""Write the demo school's two survey exports. SYNTHETIC: no real pupil answered these.

    python data/examples/make_demo_surveys.py

* ``demo-school/surveys/2025-2026.csv``: as Google Forms downloads it (Dutch interface:
  ``Tijdstempel``, grid questions as ``Vraag [Stelling]``, checkboxes joined by ", ").
* ``demo-school/surveys/2026-2027.xlsx``: as Microsoft Forms exports it (Dutch interface:
  ``ID, Begintijd, ...``, statements as their own columns, several answers joined by ";").

The answers are drawn from a fixed random seed so the files never change unless this
script does: about 100 pupils of groups 5 to 8 per year, with a story a team can work
with. Bullying in groep 6 stands out in 2025-2026 and falls the year after; online
bullying rises in groep 8; the schoolplein and the toilets are the places pupils name most.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import random
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
GROUPS = {"Groep 5": 26, "Groep 6": 27, "Groep 7": 25, "Groep 8": 28}

# Per school year: chance of being bullied (pe1 >= 3) and bullied online (pe2 >= 3) per group.
BULLIED = {
    "2025-2026": {"Groep 5": 0.14, "Groep 6": 0.38, "Groep 7": 0.18, "Groep 8": 0.14},
    "2026-2027": {"Groep 5": 0.08, "Groep 6": 0.12, "Groep 7": 0.10, "Groep 8": 0.12},
}
ONLINE = {
    "2025-2026": {"Groep 5": 0.03, "Groep 6": 0.06, "Groep 7": 0.08, "Groep 8": 0.10},
    "2026-2027": {"Groep 5": 0.03, "Groep 6": 0.05, "Groep 7": 0.10, "Groep 8": 0.22},
}
PLACE_CHANCE = {"klas": 0.08, "gang": 0.10, "plein": 0.30, "toilet": 0.22, "gym": 0.12, "onderweg": 0.08,
                "online": 0.10}
OPEN_ANSWERS = [
    "Meer toezicht op het plein.", "Dat de wc's op slot kunnen.", "Niks, het is goed zo.",
    "Dat juf sneller iets doet als er gepest wordt.", "Meer spelletjes in de pauze.",
    "Een plek waar je rustig kunt zitten.", "",
]


def pupil(rng: random.Random, group: str, year: str) -> dict:
    """One synthetic pupil's answers, as labels of the instrument's answer sets."""
    bullied = rng.random() < BULLIED[year][group]
    online = rng.random() < ONLINE[year][group] + (0.15 if bullied else 0)
    climate = rng.gauss(0.55 if year == "2026-2027" else 0.35, 0.8) - (1.1 if bullied else 0)
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
    places = [p for p, share in PLACE_CHANCE.items() if rng.random() < share * chance]
    if online and "online" not in places:
        places.append("online")
    answers["pl"] = [PLACES[p] for p in places] or [PLACES["nergens"]]
    answers["open"] = rng.choice(OPEN_ANSWERS)
    return answers


def pupils(year: str, seed: int) -> list[dict]:
    """About nine in ten pupils of each group, in the order they filled in the form."""
    rng = random.Random(seed)
    result = [pupil(rng, group, year) for group, size in GROUPS.items()
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


def main() -> None:
    folder = HERE / "demo-school" / "surveys"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "2025-2026.csv").write_text(
        google_forms(pupils("2025-2026", seed=2025), dt.datetime(2026, 3, 10, 9, 0)), encoding="utf-8")
    microsoft_forms(pupils("2026-2027", seed=2026), dt.datetime(2027, 3, 9, 9, 0), folder / "2026-2027.xlsx")
    print(f"Geschreven in {folder}: 2025-2026.csv (Google Forms), 2026-2027.xlsx (Microsoft Forms)")


if __name__ == "__main__":
    main()
