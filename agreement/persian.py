"""Persian text normalisation for stored keys, numbers and search.

People type with Persian and Arabic keyboards, with Persian, Arabic-Indic or Latin digits, and
with or without the zero-width non-joiner (ZWNJ). One search must find the same text however it
was typed, so both the query and the stored column are folded the same way: NFKC first (Arabic
presentation forms such as «ﻻ» or «ﺑ» pasted from old documents and PDFs, compatibility letters,
a decomposed «آ» or «أ», full-width digits), then Arabic letters to Persian, every script's digits
to Latin, and ZWNJ and white space removed. Stored text is never folded: only keys are.
"""

import unicodedata

from django.db.models import Expression, Func, TextField, Value
from django.db.models.functions import Lower, Replace
from django.utils.translation import get_language

ZWNJ = "\u200c"
PERSIAN_DIGITS = "۰۱۲۳۴۵۶۷۸۹"
ARABIC_DIGITS = "٠١٢٣٤٥٦٧٨٩"
LATIN_DIGITS = "0123456789"

# Arabic-keyboard letters that are the same Persian letter: safe to change in what is stored.
_STORED_LETTERS = {"ي": "ی", "ى": "ی", "ك": "ک"}
# Letters that are a different spelling (تأیید, خانۀ, إمام): kept in stored text as typed and
# folded only in search keys, so «تایید» still finds «تأیید».
_LETTERS = {**_STORED_LETTERS, "ة": "ه", "ۀ": "ه", "أ": "ا", "إ": "ا", "ٱ": "ا"}
# Every decimal digit Unicode knows (Persian, Arabic-Indic, Devanagari, Bengali, ...) reads as its
# Latin digit in a search key; NFKC has already turned full-width and mathematical digits into Latin.
# Nd digits all lie below U+1FC00 (the last are the segmented digits U+1FBF0-U+1FBF9).
OTHER_DIGITS = "".join(
    ch for ch in map(chr, range(0x80, 0x1FC00)) if unicodedata.category(ch) == "Nd" and ch not in LATIN_DIGITS
)
_DIGITS_TO_LATIN = str.maketrans(PERSIAN_DIGITS + ARABIC_DIGITS, LATIN_DIGITS * 2)
_ALL_DIGITS_TO_LATIN = {ord(ch): str(unicodedata.decimal(ch)) for ch in OTHER_DIGITS}
_LATIN_TO_PERSIAN = str.maketrans(LATIN_DIGITS, PERSIAN_DIGITS)
_STORED_LETTER_TABLE = str.maketrans(_STORED_LETTERS)
_LETTER_TABLE = str.maketrans(_LETTERS)
# Harakat and tatweel carry no meaning for matching.
_MARKS = dict.fromkeys(map(ord, "\u064b\u064c\u064d\u064e\u064f\u0650\u0651\u0652\u0640"), None)
# Characters removed from search keys: ZWNJ, ZWJ, spaces of every kind, and the bidi marks and
# controls that pasting from other programs brings along (LRM, RLM, ALM, embeddings, isolates).
BIDI_MARKS = ["\u200e", "\u200f", "\u061c", "\u202a", "\u202b", "\u202c", "\u202d", "\u202e"]
BIDI_MARKS += ["\u2066", "\u2067", "\u2068", "\u2069"]
_GAPS = [ZWNJ, "\u200d", " ", "\u00a0", "\u202f", "\t", "\n", "\r", *BIDI_MARKS]
# Hamza spellings people use interchangeably: رؤسا/روسا، ارائه/ارایه، مسئول/مسؤول/مسوول. The seat
# letters fold to their plain form, the hamza above (همهٔ) is dropped, and "وو" (مسوول) folds to
# "یو", where مسئول lands. Applied in this order, in Python and in the database alike.
_HAMZA = [("ؤ", "و"), ("ئ", "ی"), ("\u0654", ""), ("ء", ""), ("وو", "یو")]


def to_latin_digits(text: str) -> str:
    return text.translate(_DIGITS_TO_LATIN)


def to_persian_digits(text) -> str:
    return str(text).translate(_LATIN_TO_PERSIAN)


def reading_persian() -> bool:
    """Whether the active language is Persian (the default when none is active: a job, a command)."""
    return (get_language() or "fa").startswith("fa")


def readers_digits(value) -> str:
    """A value's text in the reader's digits: Persian digits in `fa`, unchanged in `en`. Numbers only:
    a code with letters («ISO 14001») goes through agreement.formatting.display_number instead."""
    text = str(value)
    return to_persian_digits(text) if reading_persian() else text


def normalize_letters(text: str) -> str:
    """Arabic ي/ك/ى to Persian ی/ک/ی: the only letters stored text has changed."""
    return text.translate(_STORED_LETTER_TABLE)


def fold_letters(text: str) -> str:
    """Every letter variant to its plain form (أ→ا, ة→ه, …): for search keys only, never stored."""
    return text.translate(_LETTER_TABLE)


def clean_persian_input(text: str) -> str:
    """What a form stores: Persian ی/ک, tidy spaces; every other letter, digit and ZWNJ as typed."""
    text = normalize_letters(text).replace("\r\n", "\n")
    lines = [" ".join(line.split()) for line in text.split("\n")]
    return "\n".join(lines).strip()


def search_key(text: str) -> str:
    """Fold text for matching: NFKC, Persian letters, Latin digits, no gaps, lower case."""
    text = fold_letters(unicodedata.normalize("NFKC", text)).translate(_ALL_DIGITS_TO_LATIN).translate(_MARKS)
    for gap in _GAPS:
        text = text.replace(gap, "")
    for old, new in _HAMZA:
        text = text.replace(old, new)
    return text.lower()


def search_key_expression(field_name: str | Expression):
    """The database-side twin of search_key(), for filtering a column by a search key.

    SQLite calls search_key() itself (registered as a function on every connection, see
    register_sqlite_functions); PostgreSQL applies NORMALIZE(..., NFKC) (its database is UTF-8),
    then folds the same characters with one TRANSLATE and the one two-letter fold with REPLACE.
    Either way a query and a column fold identically.
    """
    return SearchKey(field_name)


# Single characters folded by TRANSLATE on PostgreSQL: what search_key() maps one to one
# (letters, digits, seat letters of the hamza), then what it deletes (marks, gaps, bidi controls).
_ONE_TO_ONE = {**_LETTERS, **{ch: str(unicodedata.decimal(ch)) for ch in OTHER_DIGITS}}
_ONE_TO_ONE.update({old: new for old, new in _HAMZA if len(old) == 1 and len(new) == 1})
_DELETED = [chr(code) for code in _MARKS] + _GAPS + [old for old, new in _HAMZA if len(old) == 1 and not new]
_TWO_LETTER = [(old, new) for old, new in _HAMZA if len(old) > 1]


class SearchKey(Func):
    function = "PEYMAN_SEARCH_KEY"
    output_field = TextField()

    def __init__(self, expression, **extra):
        super().__init__(expression, output_field=TextField(), **extra)

    def as_postgresql(self, compiler, connection, **extra_context):
        text: TextField[str, str] = TextField()
        source = "".join(_ONE_TO_ONE) + "".join(_DELETED)
        target = "".join(_ONE_TO_ONE.values())
        nfkc = Func(self.source_expressions[0], template="NORMALIZE(%(expressions)s, NFKC)", output_field=text)
        folded = Func(
            Lower(nfkc, output_field=text),
            Value(source, output_field=text),
            Value(target, output_field=text),
            function="TRANSLATE",
            output_field=text,
        )
        for old, new in _TWO_LETTER:
            folded = Replace(folded, Value(old, output_field=text), Value(new, output_field=text), output_field=text)
        return compiler.compile(folded)


def register_sqlite_functions(sender, connection, **kwargs):
    """connection_created: give SQLite the same search_key() the Python side uses."""
    if connection.vendor == "sqlite":
        connection.connection.create_function(
            SearchKey.function, 1, lambda text: None if text is None else search_key(text), deterministic=True
        )
