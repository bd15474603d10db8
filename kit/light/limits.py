"""How much a light page's form may send: the whole request, and every field.

Every field has the store's own limit (a statement 280 characters, a comment 500, a name 40,
...) and the store's own Dutch wording when it is exceeded, checked before anything is read
further; a field the forms do not have is refused. Text from a textarea arrives with ``\\r\\n``
line ends: they become ``\\n`` (as a widget's text), so a line break counts as one character.
"""

from __future__ import annotations

from kit.plan.store import COMMENT_MAX
from kit.workshop.cases import ANSWER_TEXT_MAX, OPTION_MAX, OPTIONS_MAX
from kit.workshop.errors import InputError
from kit.workshop.session import FULL_NAME_MAX, PSEUDONYM_MAX
from kit.workshop.statements import STATEMENT_MAX
from kit.workshop.text import check_text

BODY_MAX = 16 * 1024  # bytes of one form: the longest form (a case answer) is under 6 KB even in full
SHORT = 64  # ids, choices, the action's name, the XSRF token

# field -> (at most this many characters, how the message names it, at most this many values)
FIELDS: dict[str, tuple[int, str, int]] = {
    "_xsrf": (SHORT * 2, "Het formulier", 1),
    "actie": (SHORT, "Het formulier", 1),
    "naam": (PSEUDONYM_MAX, "Je naam", 1),
    "volledige_naam": (FULL_NAME_MAX, "Je volledige naam", 1),
    "uitspraak": (STATEMENT_MAX, "Je uitspraak", 1),
    "id": (SHORT, "Het formulier", 1),
    "waarde": (SHORT, "Het formulier", 1),
    "aan": (SHORT, "Het formulier", 1),
    "stelling": (SHORT, "Het formulier", 1),
    "score": (SHORT, "Het formulier", 1),
    "casus": (SHORT, "Het formulier", 1),
    "signaal": (OPTION_MAX, "Een signaal", OPTIONS_MAX),
    "ernst": (SHORT, "Het formulier", 1),
    "stap": (OPTION_MAX, "Een volgende stap", OPTIONS_MAX),
    "toelichting": (ANSWER_TEXT_MAX, "Je toelichting", 1),
    "reactie": (COMMENT_MAX, "Je reactie", 1),
}
TEXTS = ("uitspraak", "toelichting", "reactie")  # may hold line breaks


def form_fields(arguments: dict[str, list[bytes]]) -> dict[str, list[str]]:
    """The form's fields as text (``\r\n`` made ``\n``); InputError (Dutch) for a field the forms do not have."""
    fields: dict[str, list[str]] = {}
    for name, values in arguments.items():
        if name not in FIELDS:
            raise InputError("Dit formulier kan de kit niet verwerken.", hint="Laad de pagina opnieuw.")
        texts = [raw.decode("utf-8", "replace") for raw in values]
        fields[name] = [text.replace("\r\n", "\n") for text in texts] if name in TEXTS else texts
    return fields


def check_fields(fields: dict[str, list[str]]) -> None:
    """InputError (Dutch, the store's wording) for a field with too many values or too many characters."""
    for name, values in fields.items():
        limit, what, count = FIELDS[name]
        if len(values) > count:
            raise InputError(f"{what} heeft te veel waarden.", hint="Laad de pagina opnieuw.")
        for text in values:
            if len(text) > limit:
                if name in TEXTS or name in ("naam", "volledige_naam"):
                    check_text(text, limit, what)  # the store's own message: "Je uitspraak is 300 tekens lang; ..."
                raise InputError(f"{what} is {len(text)} tekens lang; het maximum is {limit}.",
                                 hint="Maak de tekst korter.")
