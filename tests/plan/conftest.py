"""Fixtures for the action plan: labels and facts built from fixed findings and profiles."""

from __future__ import annotations

import copy

import pytest
from plan_fixtures import COMPLETE_PROFILE, TODAY

from kit.plan.facts import Facts, load_labels
from kit.profile import parse_profile


@pytest.fixture(scope="session")
def labels():
    return load_labels()


@pytest.fixture
def make_facts(labels):
    """Facts for a school: ``make_facts(findings=..., profile=COMPLETE_PROFILE, values=[...], actions=[...])``."""

    def make(findings=None, profile=COMPLETE_PROFILE, values=None, actions=None, plan_year="2026-2027"):
        return Facts(labels=labels, profile=parse_profile(profile, folder_id="obs-de-linde") if profile else None,
                     findings=copy.deepcopy(findings), values=values or [], actions=actions or [],
                     plan_year=plan_year, today=TODAY)

    return make
