"""Fixtures for the workshop store: a school folder, its store, an open workshop and a participant."""

from __future__ import annotations


import pytest

from kit import workshop


@pytest.fixture
def key(opened) -> str:
    return opened.facilitator_key


@pytest.fixture
def code(opened) -> str:
    return opened.workshop.join_code


@pytest.fixture
def anna(store, code) -> workshop.Participant:
    return workshop.join(store, code, "Anna")


@pytest.fixture
def bram(store, code) -> workshop.Participant:
    return workshop.join(store, code, "Bram")
