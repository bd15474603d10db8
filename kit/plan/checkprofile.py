"""Checklist checks that read what the school wrote in its profile: named fields, and a dated protocol.

``profiel: <veld>`` (or a list of fields) is met when every field is filled in and "to check"
when one is empty: an empty field says the school has not told the kit yet, not that the thing
is missing. ``protocol: <onderwerp>`` is met when the protocol has an adoption date; without
one it falls back to the old yes/no field in ``beleid`` (``pestprotocol`` for ``pesten``), so old
profiles keep their status.
"""

from __future__ import annotations

from typing import Any, Callable

from kit.profile import FIELDS_BY_PATH, POLICY_PROTOCOLS, PROTOCOLS, Profile, dutch_date

MET, MISSING, TO_CHECK = "met", "missing", "to_check"


def profile_check_problem(kind: str, value: Any) -> str | None:
    """What is wrong with a ``profiel`` or ``protocol`` check in checklist.yaml (Dutch), or None."""
    if kind == "protocol":
        if value not in PROTOCOLS:
            return f"onbekend protocol {value!r}; kies uit {', '.join(PROTOCOLS)}"
        return None
    paths = value if isinstance(value, list) else [value]
    unknown = [p for p in paths if p not in FIELDS_BY_PATH]
    if unknown or not paths:
        return (f"onbekend veld {unknown[0] if unknown else ''!r} in het schoolprofiel; gebruik een veld uit "
                "data/templates/school.yaml, bijvoorbeeld registratie.systeem")
    return None


def _lower_first(text: str) -> str:
    return text[:1].lower() + text[1:]


def check_profile_fields(paths: str | list[str], profile: Profile) -> tuple[str, str]:
    """Met when every field is filled in; the detail quotes what the profile says and names what is empty."""
    fields = [FIELDS_BY_PATH[p] for p in (paths if isinstance(paths, list) else [paths])]
    filled = [f"{f.label}: {profile.display(f)}" for f in fields if profile.get(f.path) is not None]
    empty = [_lower_first(f.label) for f in fields if profile.get(f.path) is None]
    said = ("; ".join(filled) + " (volgens het schoolprofiel).") if filled else ""
    if not empty:
        return MET, said
    return TO_CHECK, " ".join(part for part in (said, "Nog niet ingevuld in het schoolprofiel: "
                                                 + "; ".join(empty) + ".") if part)


def check_protocol(key: str, profile: Profile, policy_check: Callable[[str], tuple[str, str]]) -> tuple[str, str]:
    """Met with an adoption date; a title alone is "to check"; otherwise the old ``beleid`` field decides."""
    label = PROTOCOLS[key]
    day = profile.get(f"protocollen.{key}.vastgesteld_op")
    title = profile.get(f"protocollen.{key}.titel")
    if day:
        named = f"{title}, vastgesteld" if title else "vastgesteld"
        return MET, f"{label}: {named} op {dutch_date(day)} (volgens het schoolprofiel)."
    if title:
        return TO_CHECK, f"{label}: '{title}' staat in het schoolprofiel, maar zonder datum van vaststelling."
    policy = next((name for name, protocol in POLICY_PROTOCOLS.items() if protocol == key), None)
    if policy is None:
        return TO_CHECK, f"{label}: nog niet ingevuld in het schoolprofiel."
    status, detail = policy_check(policy)
    if status == MET:
        detail += " De titel en de datum van vaststelling staan er nog niet in."
    return status, detail
