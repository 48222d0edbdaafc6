"""Persian text normalisation for stored keys, numbers and search.

People type with Persian and Arabic keyboards, with Persian, Arabic-Indic or Latin digits, and
with or without the zero-width non-joiner (ZWNJ). One search must find the same text however it
was typed, so both the query and the stored column are folded the same way: Arabic letters to
Persian, digits to Latin, and ZWNJ and white space removed.
"""

from django.db.models import TextField, Value
from django.db.models.functions import Lower, Replace

ZWNJ = "\u200c"
PERSIAN_DIGITS = "۰۱۲۳۴۵۶۷۸۹"
ARABIC_DIGITS = "٠١٢٣٤٥٦٧٨٩"
LATIN_DIGITS = "0123456789"

_LETTERS = {"ي": "ی", "ى": "ی", "ك": "ک", "ة": "ه", "ۀ": "ه", "أ": "ا", "إ": "ا", "ٱ": "ا"}
_DIGITS_TO_LATIN = str.maketrans(PERSIAN_DIGITS + ARABIC_DIGITS, LATIN_DIGITS * 2)
_LATIN_TO_PERSIAN = str.maketrans(LATIN_DIGITS, PERSIAN_DIGITS)
_LETTER_TABLE = str.maketrans(_LETTERS)
# Harakat and tatweel carry no meaning for matching.
_MARKS = dict.fromkeys(map(ord, "\u064b\u064c\u064d\u064e\u064f\u0650\u0651\u0652\u0640"), None)
# Characters removed from search keys: ZWNJ, ZWJ, spaces of every kind.
_GAPS = [ZWNJ, "\u200d", " ", "\u00a0", "\u202f", "\t", "\n", "\r"]


def to_latin_digits(text: str) -> str:
    return text.translate(_DIGITS_TO_LATIN)


def to_persian_digits(text) -> str:
    return str(text).translate(_LATIN_TO_PERSIAN)


def normalize_letters(text: str) -> str:
    """Arabic ي/ك (and friends) to Persian ی/ک; kept for text we store."""
    return text.translate(_LETTER_TABLE)


def clean_persian_input(text: str) -> str:
    """What a form stores: Persian letters, tidy spaces; digits and ZWNJ kept as typed."""
    text = normalize_letters(text).replace("\r\n", "\n")
    lines = [" ".join(line.split()) for line in text.split("\n")]
    return "\n".join(lines).strip()


def search_key(text: str) -> str:
    """Fold text for matching: Persian letters, Latin digits, no gaps, lower case."""
    text = normalize_letters(text).translate(_DIGITS_TO_LATIN).translate(_MARKS)
    for gap in _GAPS:
        text = text.replace(gap, "")
    return text.lower()


def search_key_expression(field_name: str):
    """The database-side twin of search_key(), built from portable REPLACE calls.

    Stored text already uses Persian letters (forms and fixtures normalise it), so the column
    needs only digits, ZWNJ and spaces folded, plus the Arabic letters in case old data has them.
    """
    text = TextField()
    expression = Lower(field_name, output_field=text)
    folds = [(ZWNJ, ""), ("\u200d", ""), (" ", ""), ("\u00a0", ""), ("\n", ""), ("ي", "ی"), ("ك", "ک")]
    folds += list(zip(PERSIAN_DIGITS, LATIN_DIGITS, strict=False)) + list(
        zip(ARABIC_DIGITS, LATIN_DIGITS, strict=False)
    )
    for old, new in folds:
        expression = Replace(
            expression, Value(old, output_field=text), Value(new, output_field=text), output_field=text
        )
    return expression
