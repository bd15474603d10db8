"""Certificate numbers: random, not guessable, with a check character that catches typing errors.

``PSV-7KQ2-M9XD-4HR`` + check: eleven random characters from Crockford's base 32 (no I, L,
O or U, so what is printed can be typed without doubt) and one check character (Luhn mod 32),
which catches every single wrong character and almost every swap of two neighbours.
"""

from __future__ import annotations

import re
import secrets

from kit.errors import KitError

ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
PREFIX = "PSV"
RANDOM_LENGTH = 11
_TYPO = str.maketrans({"O": "0", "I": "1", "L": "1", "U": "V"})


def _luhn_sum(chars: str, double_first: bool) -> int:
    total, factor = 0, 2 if double_first else 1
    n = len(ALPHABET)
    for ch in reversed(chars):
        addend = factor * ALPHABET.index(ch)
        total += addend // n + addend % n
        factor = 1 if factor == 2 else 2
    return total


def check_character(payload: str) -> str:
    return ALPHABET[(-_luhn_sum(payload, double_first=True)) % len(ALPHABET)]


def new_number() -> str:
    """A fresh random certificate number, e.g. ``PSV-7KQ2-M9XD-4HRB``."""
    payload = "".join(secrets.choice(ALPHABET) for _ in range(RANDOM_LENGTH))
    return format_number(payload + check_character(payload))


def format_number(chars: str) -> str:
    return f"{PREFIX}-{chars[0:4]}-{chars[4:8]}-{chars[8:12]}"


def parse_number(text: object) -> str:
    """The number in its printed form, or KitError (Dutch) when it cannot be one or its check fails."""
    raw = re.sub(r"[\s\-.]", "", str(text or "")).upper()
    raw = raw.removeprefix(PREFIX).translate(_TYPO)
    if len(raw) != RANDOM_LENGTH + 1 or any(ch not in ALPHABET for ch in raw):
        raise KitError(f"'{text}' is geen certificaatnummer.",
                       hint="Een nummer ziet eruit als PSV-7KQ2-M9XD-4HRB: PSV en drie groepen van vier tekens.")
    if _luhn_sum(raw, double_first=False) % len(ALPHABET):
        raise KitError(f"Het certificaatnummer {format_number(raw)} klopt niet: het controleteken past niet bij de "
                       "rest van het nummer.",
                       hint="Controleer of het nummer goed is overgenomen. Zo'n nummer heeft de kit nooit uitgegeven.")
    return format_number(raw)
