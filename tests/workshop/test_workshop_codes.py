"""Join codes, facilitator keys and participant tokens as they arrive from a URL or a typed box."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kit.workshop import AccessError
from kit.workshop.codes import (
    JOIN_ALPHABET,
    JOIN_LENGTH,
    check_facilitator_key,
    check_join_code,
    check_participant_token,
    new_facilitator_key,
    new_join_code,
    new_participant_token,
)

HOSTILE = [
    "",
    None,
    123456,
    ["ABCDEF"],
    "../../etc/passwd",
    "/etc/passwd",
    "..\\..\\windows",
    "ABC/DE",
    "ABCDE\x00",
    "ABCDEF%00",
    "' OR 1=1 --",
    "<img src=x onerror=alert(1)>",
    "<script>alert(1)</script>",
    "ABCDEF&key=x",
    "A" * 10_000,
]


def test_new_join_code_is_six_unambiguous_characters():
    codes = {new_join_code() for _ in range(200)}
    assert len(codes) > 190
    for code in codes:
        assert len(code) == JOIN_LENGTH and set(code) <= set(JOIN_ALPHABET)
        assert check_join_code(code) == code
    assert not set("0O1IL5S2Z") & set(JOIN_ALPHABET)


# Fixed samples, not fresh random ones: test ids must be the same in every collecting process (pytest-xdist).
SAMPLE_KEY = "kQ3v_9XbZp2mL0aYt-7wRcN4uE8sHdJf1oGiVxB6nTy"  # the shape of new_facilitator_key()
SAMPLE_TOKEN = "Zr8-pK2mQa9xW4bL0tYc_N"  # the shape of new_participant_token()


@pytest.mark.parametrize("typed", ["abc 346", "ABC-346", " abc346 ", "aBc346", "ABC346\n"])
def test_join_code_accepts_what_people_type(typed):
    assert check_join_code(typed) == "ABC346"


@pytest.mark.parametrize("bad", HOSTILE + ["ABC34", "ABC3467", "ABCDE0", "OOOOOO", "ÄBC346"])
def test_join_code_rejects_everything_else(bad):
    with pytest.raises(AccessError, match="deelnamecode"):
        check_join_code(bad)


def test_samples_have_the_shape_of_real_keys_and_tokens():
    assert check_facilitator_key(SAMPLE_KEY) == SAMPLE_KEY
    assert check_participant_token(SAMPLE_TOKEN) == SAMPLE_TOKEN


def test_facilitator_key_is_long_and_random():
    keys = {new_facilitator_key() for _ in range(50)}
    assert len(keys) == 50
    assert all(len(key) == 43 and check_facilitator_key(key) == key for key in keys)


@pytest.mark.parametrize("bad", HOSTILE + [SAMPLE_KEY[:-1], SAMPLE_KEY + "A",
                                           SAMPLE_KEY[:-1] + "/", SAMPLE_KEY + "\n"])
def test_facilitator_key_rejects_malformed(bad):
    with pytest.raises(AccessError, match="begeleiderslink"):
        check_facilitator_key(bad)


@pytest.mark.parametrize("bad", HOSTILE + [SAMPLE_TOKEN + "x", SAMPLE_TOKEN[:-1] + "."])
def test_participant_token_rejects_malformed(bad):
    with pytest.raises(AccessError):
        check_participant_token(bad)
    token = new_participant_token()
    assert check_participant_token(token) == token


@settings(max_examples=300)
@given(st.text(max_size=20))
def test_any_text_is_either_a_clean_code_or_an_access_error(text):
    try:
        code = check_join_code(text)
    except AccessError:
        return
    assert len(code) == JOIN_LENGTH and set(code) <= set(JOIN_ALPHABET)
