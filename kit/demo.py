"""``kit demo``: put the fictional demo schools in the workspace and run the course on them.

There are two demo schools, so every page, report and plan is tried for both kinds of
school: ``demo-school`` (primary, po) and ``demo-vo`` (secondary, vo). Each comes with a
finished example workshop: ``workshop.yaml`` next to its profile lists participants,
statements, votes, ratings, themes and the vision versions. :func:`load_demo_workshop`
enters them through the workshop store's public API, exactly as the apps would, so the
demo database is a real one; ``actieplan.yaml`` does the same for the action plan.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from kit.errors import KitError
from kit.paths import EXAMPLES_DIR
from kit.workspace import PROFILE_NAME, school_path

DEMO_ID = "demo-school"  # primary school (po)
DEMO_VO_ID = "demo-vo"  # secondary school (vo)
DEMO_IDS = (DEMO_ID, DEMO_VO_ID)
WORKSHOP_SEED = "workshop.yaml"
PLAN_SEED = "actieplan.yaml"
CASES_SEED = "casussen.yaml"
YES = (True, "ja")


def install_demos(workspace: Path) -> list[Path]:
    """(Re)create every demo school in ``workspace`` (see :data:`DEMO_IDS`); returns their folders.

    When one of their folders is in use by something else, nothing at all is changed.
    """
    for school_id in DEMO_IDS:
        _check_target(school_path(workspace, school_id))
    return [install_demo(workspace, school_id) for school_id in DEMO_IDS]


def _check_target(target: Path) -> None:
    """Refuse a folder of a demo school's name that is not a (demo) school, so no one's files are removed."""
    if target.exists() and (target.is_symlink() or not (target / PROFILE_NAME).is_file()):
        from kit.errors import WorkspaceError

        raise WorkspaceError(
            f"{target} bestaat al, maar is geen voorbeeldschool; er is niets gewijzigd.",
            hint="Hernoem of verplaats die map, of kies een andere werkmap met --workspace.",
        )


def install_demo(workspace: Path, school_id: str = DEMO_ID) -> Path:
    """(Re)create ``workspace/<school_id>`` from ``data/examples``, with its example workshop and plan.

    No other school is touched; a folder of that name that is not a demo school is refused.
    """
    if school_id not in DEMO_IDS:
        raise KitError(f"'{school_id}' is geen voorbeeldschool.", hint=f"Kies uit: {', '.join(DEMO_IDS)}.")
    source = EXAMPLES_DIR / school_id
    target = school_path(workspace, school_id)
    _check_target(target)
    if target.exists():
        shutil.rmtree(target)
    Path(workspace).mkdir(parents=True, exist_ok=True)
    shutil.copytree(source, target, ignore=shutil.ignore_patterns(WORKSHOP_SEED, PLAN_SEED, CASES_SEED))
    (target / "output").mkdir(exist_ok=True)
    (target / "surveys").mkdir(exist_ok=True)
    seed = source / WORKSHOP_SEED
    if seed.is_file():
        example = load_demo_workshop(target, seed)
        if (source / CASES_SEED).is_file():
            from kit.signalering.demo import seed_demo_cases

            seed_demo_cases(target, source / CASES_SEED, example["full_names"])
    if (source / PLAN_SEED).is_file():
        from kit.plan import seed_demo_plan

        seed_demo_plan(target, source / PLAN_SEED)  # after the workshop: example actions follow from its values
    return target


def load_demo_workshop(school_dir: Path, seed: Path) -> dict:
    """Enter the example workshop described in ``seed`` (yaml) into ``school_dir``'s store.

    Returns ``{"join_code", "facilitator_key", "workshop_id", "tokens", "full_names"}`` (the last two by
    participant name; a full name is None when the seed gives none).
    Raises :class:`KitError` with the field that is wrong when the seed file does not fit.
    """
    import yaml

    from kit import workshop

    data = yaml.safe_load(Path(seed).read_text(encoding="utf-8"))
    if not isinstance(data, dict) or not isinstance(data.get("deelnemers"), list):
        raise KitError(f"{seed}: verwacht een lijst 'deelnemers:'.")
    people = data["deelnemers"]
    with workshop.Store(school_dir) as store:
        opened = workshop.open_workshop(store, new=True, votes_per_participant=int(data.get("stemmen_per_deelnemer", 3)))
        key, code = opened.facilitator_key, opened.workshop.join_code
        from kit.draaiboek import load_draaiboek
        from kit.workshop.meetings import set_meeting

        set_meeting(store, opened.workshop.id, load_draaiboek().meetings[0].id)  # the vision workshop: meeting 1
        themes = {name: workshop.add_theme(store, key, name) for name in data.get("themas") or []}
        tokens = []
        for person in people:
            me = workshop.join(store, code, person["naam"], person.get("volledige_naam"))
            tokens.append(me.token)
            for item in person.get("uitspraken") or []:
                statement_id = workshop.add_statement(store, me.token, item.get("eerder") or item["tekst"])
                if item.get("eerder"):
                    workshop.edit_statement(store, me.token, statement_id, item["tekst"])
                if item.get("thema"):
                    if item["thema"] not in themes:
                        raise KitError(f"{seed}: het thema '{item['thema']}' staat niet onder 'themas:'.")
                    workshop.assign_theme(store, key, statement_id, themes[item["thema"]])
                if item.get("verborgen") in YES:
                    workshop.delete_statement(store, key, statement_id)
            for value_id in person.get("stemmen") or []:
                workshop.cast_vote(store, me.token, value_id)
        for stelling_id, scores in (data.get("stellingen") or {}).items():
            if not isinstance(scores, list) or len(scores) != len(people):
                raise KitError(f"{seed}: stelling '{stelling_id}' heeft {len(scores or [])} antwoorden; "
                               f"verwacht er {len(people)}, één per deelnemer.")
            for token, score in zip(tokens, scores):
                if score is not None:
                    workshop.rate(store, token, stelling_id, score)
        for version in data.get("visie") or []:
            workshop.save_vision(store, key, version["tekst"].strip(), final=version.get("definitief") in YES)
        if data.get("gesloten") in YES:
            workshop.close_workshop(store)
        return {"join_code": code, "facilitator_key": key, "workshop_id": opened.workshop.id,
                "tokens": {person["naam"]: token for person, token in zip(people, tokens)},
                "full_names": {person["naam"]: person.get("volledige_naam") for person in people}}
