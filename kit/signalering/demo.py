"""The demo schools' example answers to the case exercise (``data/examples/<school>/casussen.yaml``).

Entered through the workshop store's public functions, as participants and facilitator
would in the apps. The case exercise is meeting 2 of the draaiboek, so the answers go into a
workshop of their own for that meeting, which the participants of ``workshop.yaml`` join
again under the same names (and full names, for their certificates); it is closed afterwards,
as a meeting that was held.
"""

from __future__ import annotations

from pathlib import Path

import yaml

from kit.errors import KitError

SEED = "casussen.yaml"
FIELDS = {"deelnemer", "signalen", "ernst", "stappen", "tekst", "eerder_ernst"}


MEETING = "signaleren-en-handelen"  # the draaiboek's meeting with the case exercise


def seed_demo_cases(school_dir: Path, seed: Path, people: dict[str, str | None]) -> int:
    """Enter the example answers in a new workshop for meeting 2; returns how many.

    ``people`` maps each participant's name in ``workshop.yaml`` to their full name (or None).
    KitError names the seed and the entry that does not fit.
    """
    from kit import workshop
    from kit.signalering.cases import load_school_cases
    from kit.workshop import cases as store_cases
    from kit.workshop.meetings import set_meeting

    data = yaml.safe_load(Path(seed).read_text(encoding="utf-8")) or {}
    cases = {c.id: c for c in load_school_cases(school_dir)}
    entered = 0
    with workshop.Store(school_dir) as store:
        opened = workshop.open_workshop(store, new=True)
        key = opened.facilitator_key
        set_meeting(store, opened.workshop.id, MEETING)
        tokens: dict[str, str] = {}
        for case_id, answers in (data.get("antwoorden") or {}).items():
            case = cases.get(case_id)
            if case is None:
                raise KitError(f"{seed}: de casus '{case_id}' bestaat niet voor deze school.")
            for answer in answers:
                where = f"{seed}, casus '{case_id}', deelnemer '{answer.get('deelnemer')}'"
                unknown = sorted(set(answer) - FIELDS)
                if unknown:
                    raise KitError(f"{where}: onbekend veld {', '.join(map(repr, unknown))}; zet een tekst met een "
                                   "komma tussen aanhalingstekens.")
                name = answer.get("deelnemer")
                if name not in people:
                    raise KitError(f"{where}: deze deelnemer staat niet in workshop.yaml.")
                if name not in tokens:
                    tokens[name] = workshop.join(store, opened.workshop.join_code, name, people[name]).token
                token = tokens[name]
                try:
                    signals = [case.signals[n - 1] for n in answer.get("signalen") or []]
                    steps = [case.next_steps[n - 1] for n in answer.get("stappen") or []]
                except (IndexError, TypeError):
                    raise KitError(f"{where}: een nummer bij signalen of stappen bestaat niet.") from None
                text = str(answer.get("tekst") or "")
                if answer.get("eerder_ernst"):
                    store_cases.save_answer(store, token, case_id, signals, answer["eerder_ernst"], steps, "")
                store_cases.save_answer(store, token, case_id, signals, answer.get("ernst"), steps, text)
                entered += 1
        if data.get("getoond"):
            store_cases.show_case(store, key, data["getoond"])
        workshop.close_workshop(store)
    return entered
