"""Known answers of 23 pupils, for the paper survey and build-sheet tests (synthetic).

Each pupil is a dict: item id -> answer number (1-based, choice items), the group name, a list of
option ids (several answers) or an open text; a missing key is a question left open. Pupil 9
answered only the group and two questions (a partly filled form).
"""

from __future__ import annotations

GROUPS = ["groep 7"] * 12 + ["groep 8"] * 11
# pe1 (bullied at school) per pupil; None = not answered. Codes >= 3 are bullied by the Olweus cut-off.
PE1 = [1, 1, 2, 3, 1, 5, 1, 1, None, 2, 4, 1, 1, 1, 3, 1, 2, 1, None, 1, 1, 3, 1]
VB1 = [4, 3, 3, 2, 4, 1, 3, 4, 3, 4, 2, 3, 4, 4, 3, 3, 4, 2, 3, 4, 1, 3, 4]
PLACES = {2: ["plein"], 4: ["plein", "online"], 6: ["toilet", "gang", "plein"], 11: ["online"], 15: ["nergens"]}


def pupils(instrument) -> list[dict]:
    """The 23 pupils' answers for ``instrument`` (the default one: ids as in data/templates/instrument.yaml)."""
    result = []
    for index in range(23):
        pupil: dict = {"groep": GROUPS[index]}
        for item in instrument.items.values():
            if item.type != "choice":
                continue
            size = len(item.answers)
            pupil[item.id] = 1 + (index * 7 + len(item.id)) % size  # a fixed spread over the answers
        pupil["vb1"], pupil["pe1"] = VB1[index], PE1[index]
        if PE1[index] is None:
            del pupil["pe1"]
        if index + 1 in PLACES:
            pupil["pl"] = PLACES[index + 1]
        if index == 3:
            pupil["open"] = "Meer toezicht op het plein, en een \"maatje\"."
        result.append(pupil)
    result[8] = {"groep": "groep 7", "vb1": VB1[8], "vb2": 2}  # partly filled
    return result


def bullied_share(instrument) -> tuple[int, int]:
    """(pupils bullied by the Olweus cut-off, pupils who answered pe1), counted by hand."""
    threshold = instrument.indicators["gepest"].threshold
    answered = [code for code in PE1 if code is not None]
    return sum(code >= threshold for code in answered), len(answered)
