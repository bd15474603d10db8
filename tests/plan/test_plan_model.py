"""Action fields and SMART warnings."""

from __future__ import annotations

from datetime import date

import pytest

from kit.plan.model import check_fields, smart_warnings
from kit.workshop import InputError

TODAY = date(2026, 11, 25)
SMART = {"title": "Pleinwacht", "owner": "Marieke", "deadline": "2027-01-31", "status": "planned",
         "target": {"metric": "plek:plein", "op": "<=", "value": 20.0, "year": "2027-2028"}, "target_text": ""}


def codes(action: dict) -> list[str]:
    return [w["code"] for w in smart_warnings(action, TODAY)]


def test_a_smart_action_has_no_warnings():
    assert codes(SMART) == []


@pytest.mark.parametrize(("change", "expected"), [
    ({"owner": "  "}, ["no_owner"]),
    ({"deadline": None}, ["no_deadline"]),
    ({"target": None}, ["not_measurable"]),
    ({"target": None, "target_text": "Alle leerkrachten getraind"}, ["not_measurable"]),
    ({"target": None, "target_text": "4 bijeenkomsten gehouden"}, []),
    ({"deadline": "2026-10-01"}, ["deadline_passed"]),
    ({"deadline": "2026-10-01", "status": "done"}, []),
    ({"owner": "", "deadline": None, "target": None}, ["no_owner", "no_deadline", "not_measurable"]),
])
def test_warnings(change, expected):
    assert codes({**SMART, **change}) == expected


def test_a_passed_deadline_names_the_date():
    [warning] = smart_warnings({**SMART, "deadline": "2026-10-01"}, TODAY)
    assert warning["text"] == "De deadline (1 oktober 2026) is voorbij en de actie is nog niet klaar."


def test_fields_are_checked_in_dutch():
    assert check_fields({"title": "X", "deadline": "15-3-2027"}, new=True)["deadline"] == "2027-03-15"
    assert check_fields({"start": date(2027, 1, 1)}, new=False) == {"start": "2027-01-01"}
    with pytest.raises(InputError, match="Geef de actie een titel"):
        check_fields({"title": "  "}, new=True)
    with pytest.raises(InputError, match="De deadline klopt niet"):
        check_fields({"deadline": "31-02-2027"}, new=False)
    with pytest.raises(InputError, match="tussen 0 en 100"):
        check_fields({"target": {"metric": "gepest", "op": "<=", "value": 120, "year": "2027-2028"}}, new=False)
    with pytest.raises(InputError, match="maximum is 120"):
        check_fields({"title": "x" * 121}, new=True)
    # typed text is kept exactly as typed
    text = "<img src=x onerror=alert(1)> & 'quotes'"
    assert check_fields({"title": text, "description": text}, new=True)["description"] == text
