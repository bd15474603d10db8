"""The demo schools' example answers to the case exercise (``data/examples/<school>/casussen.yaml``).

Entered through the workshop store's public functions, as participants and facilitator
would in the apps, into the example workshop of ``workshop.yaml`` with its participants
(their tokens come from :func:`kit.demo.load_demo_workshop`). The workshop is reopened for
it and closed again as it was.
"""

from __future__ import annotations

from pathlib import Path

import yaml

from kit.errors import KitError

SEED = "casussen.yaml"
FIELDS = {"deelnemer", "signalen", "ernst", "stappen", "tekst", "eerder_ernst"}


def seed_demo_cases(school_dir: Path, seed: Path, tokens: dict[str, str], key: str) -> int:
    """Enter the example answers; returns how many. KitError names the seed and the entry that does not fit."""
    from kit import workshop
    from kit.signalering.cases import load_school_cases
    from kit.workshop import cases as store_cases

    data = yaml.safe_load(Path(seed).read_text(encoding="utf-8")) or {}
    cases = {c.id: c for c in load_school_cases(school_dir)}
    entered = 0
    with workshop.Store(school_dir) as store:
        was_open = workshop.workshop_for_key(store, key).is_open
        if not was_open:
            workshop.open_workshop(store)
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
                token = tokens.get(answer.get("deelnemer"))
                if token is None:
                    raise KitError(f"{where}: deze deelnemer staat niet in workshop.yaml.")
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
        if not was_open:
            workshop.close_workshop(store)
    return entered
