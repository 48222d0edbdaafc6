"""Numbers as people type and paste them: Persian, Arabic-Indic or Latin digits, «٬» «,» or a thin
space between thousands, «٫» or «.» as the decimal point, and the bidi marks that pasting brings.

Separators are read as thousands only where they group by threes («1,234.5», «۱٬۲۳۴»): «1,5» is
refused rather than guessed (1.5 or 15?), and so is an exponent («۱e3»), which Python's Decimal
would quietly take as 1000. A slash is the decimal point as Iranians often write it by hand
(«۱۲/۵» is 12.5): a number field cannot hold a date, so one slash between digits is read as the point,
and two («۱۴۰۳/۰۲/۰۵») are refused as a date typed into a number box."""

import re
from decimal import Decimal, InvalidOperation

from django.utils.translation import gettext as _

from agreement.formatting import readers_number_text
from agreement.persian import BIDI_MARKS, to_latin_digits

THOUSANDS_SEPARATORS = "٬,\u2009\u202f"  # Arabic thousands sign, comma, thin space, narrow no-break space
DECIMAL_POINTS = "٫./"  # Arabic decimal separator, full stop, slash (only one, see above)
_BIDI_TABLE = dict.fromkeys(map(ord, BIDI_MARKS), None)
# The same separator throughout («1,234,567»), groups of exactly three after the first.
_GROUPED = re.compile(r"^[0-9]{1,3}(?P<sep>[" + THOUSANDS_SEPARATORS + r"])[0-9]{3}(?:(?P=sep)[0-9]{3})*$")


class NumberInputError(ValueError):
    """A number that cannot be read; its message is translated and shows an example in the reader's digits."""


def strip_bidi_marks(text: str) -> str:
    return text.translate(_BIDI_TABLE)


def parse_number(text: str, *, whole: bool = False) -> Decimal:
    """The number typed, or a NumberInputError saying what was expected."""
    cleaned = to_latin_digits(strip_bidi_marks(str(text))).strip()
    example = readers_number_text("1,250" if whole else "1,234.5")
    if re.search(r"[eE]", cleaned) and re.search(r"[0-9]", cleaned):
        raise NumberInputError(
            _("Write the number out in full, for example %(example)s: exponents such as «1e3» are not accepted.")
            % {"example": example}
        )
    sign = ""
    if cleaned[:1] in "-−":
        sign, cleaned = "-", cleaned[1:].lstrip()
    points = [i for i, char in enumerate(cleaned) if char in DECIMAL_POINTS]
    if cleaned.count("/") > 1 or (len(points) > 1 and "/" in cleaned):
        if whole:
            raise NumberInputError(
                _("This looks like a date; enter a whole number, for example %(example)s.") % {"example": example}
            )
        raise NumberInputError(
            _("This looks like a date; enter a number, for example %(example)s or %(slash)s.")
            % {"example": example, "slash": readers_number_text("12/5")}
        )
    if len(points) > 1:
        raise NumberInputError(
            _("A number has one decimal point at most, for example %(example)s.") % {"example": example}
        )
    whole_part, fraction = (cleaned[: points[0]], cleaned[points[0] + 1 :]) if points else (cleaned, "")
    if points and whole:
        raise NumberInputError(_("Enter a whole number, for example %(example)s.") % {"example": example})
    if any(char in THOUSANDS_SEPARATORS for char in whole_part):
        if not _GROUPED.match(whole_part):
            raise NumberInputError(
                _("Separate thousands in groups of three digits, for example %(example)s, or leave the separators out.")
                % {"example": example}
            )
        whole_part = re.sub("[" + THOUSANDS_SEPARATORS + "]", "", whole_part)
    digits = whole_part or ("0" if fraction else "")  # «.5» is a half
    if not re.fullmatch(r"[0-9]+", digits) or (fraction and not re.fullmatch(r"[0-9]+", fraction)):
        if whole:
            raise NumberInputError(_("Enter a whole number, for example %(example)s.") % {"example": example})
        raise NumberInputError(_("Enter a number, for example %(example)s.") % {"example": example})
    try:
        return Decimal(f"{sign}{whole_part or '0'}{'.' + fraction if fraction else ''}")
    except InvalidOperation:  # pragma: no cover - the pattern above admits only digits
        raise NumberInputError(_("Enter a number, for example %(example)s.") % {"example": example}) from None
