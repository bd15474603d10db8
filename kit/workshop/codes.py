"""Join codes, facilitator keys and participant tokens: making them and checking them.

All three arrive from outside (a URL, a typed box, the browser's storage), so each
check accepts any object, looks at its length before anything else and returns the
canonical form or raises :class:`AccessError` with a Dutch message.
"""

from __future__ import annotations

import re
import secrets

from kit.workshop.errors import AccessError

# No 0/O, 1/I/L, 5/S or 2/Z pairs: what is projected can be typed without doubt.
JOIN_ALPHABET = "ABCDEFGHJKMNPQRTUVWXY346789"
JOIN_LENGTH = 6
KEY_BYTES = 32  # token_urlsafe(32) gives 43 characters
TOKEN_BYTES = 16  # token_urlsafe(16) gives 22 characters

_JOIN_RE = re.compile(f"[{JOIN_ALPHABET}]{{{JOIN_LENGTH}}}")
_KEY_RE = re.compile(r"[A-Za-z0-9_-]{43}")
_TOKEN_RE = re.compile(r"[A-Za-z0-9_-]{22}")
_SEPARATORS = re.compile(r"[\s-]")


def new_join_code() -> str:
    """A random join code of six characters from :data:`JOIN_ALPHABET`."""
    return "".join(secrets.choice(JOIN_ALPHABET) for _ in range(JOIN_LENGTH))


def new_facilitator_key() -> str:
    """A long random key (43 URL-safe characters) that grants the facilitator's functions."""
    return secrets.token_urlsafe(KEY_BYTES)


def new_participant_token() -> str:
    """A random token (22 URL-safe characters) the browser keeps so a reload continues."""
    return secrets.token_urlsafe(TOKEN_BYTES)


def check_join_code(code: object) -> str:
    """The join code in canonical form (upper case, spaces and hyphens removed), or AccessError.

    People type codes, so ``abc 234`` and ``ABC-234`` are accepted as ``ABC234``.
    """
    if isinstance(code, str) and len(code) <= 2 * JOIN_LENGTH:
        canonical = _SEPARATORS.sub("", code).upper()
        if _JOIN_RE.fullmatch(canonical):
            return canonical
    raise AccessError(
        "Deze deelnamecode klopt niet.",
        hint=f"Een code heeft {JOIN_LENGTH} tekens; neem hem over van het scherm van de begeleider.",
    )


def check_facilitator_key(key: object) -> str:
    """The facilitator key unchanged if it has the right form, else AccessError."""
    if isinstance(key, str) and _KEY_RE.fullmatch(key):
        return key
    raise AccessError(
        "Deze begeleiderslink klopt niet.",
        hint="Gebruik de link die 'kit workshop open' heeft getoond.",
    )


def check_participant_token(token: object) -> str:
    """The participant token unchanged if it has the right form, else AccessError."""
    if isinstance(token, str) and _TOKEN_RE.fullmatch(token):
        return token
    raise AccessError(
        "Je deelname is niet (meer) bekend.",
        hint="Meld je opnieuw aan met de deelnamecode en je naam.",
    )
