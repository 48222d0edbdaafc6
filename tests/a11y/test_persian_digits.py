"""No Latin digit reaches a Persian reader where people read numbers: every page of tests/a11y/pages.py,
served in Persian, is read as a person sees it (text, and the attributes a person reads: title,
placeholder, aria-label, alt, the value of a visible box) and every Latin digit is reported.

The reader and what it lets keep Latin digits are in tests/a11y/html.py; the every-page check is in
tests/a11y/test_html_valid.py, on the same render of every page as the Nu HTML checker and the
help-text check (one render instead of two: the files may run in different processes).
This module checks the reader itself.
"""

from tests.a11y.html import CODE, LATIN_DIGIT, latin_digits

# Still importable from here: tests/a11y/test_persian_digits_mail_pdf.py reads e-mails and PDFs with them.
__all__ = ["CODE", "LATIN_DIGIT", "latin_digits"]


def test_the_reader_check_finds_latin_digits_and_lets_codes_and_marked_text_be():
    html = (
        '<p>سال 1402 کبیسه نیست</p><p>تعهد B5 و <span dir="ltr">ISO 14001</span></p>'
        '<input name="d" value="1403/01/01"><input type="hidden" value="12"><p lang="en">Q2 2024</p>'
        '<p dir="auto">نوشتهٔ کاربر ۱۲ و 12</p><span title="۳ از 8">x</span>'
    )
    found = latin_digits(html)
    assert len(found) == 3 and "«1402»" in found[0] and "«1403/01/01»" in found[1] and "«8»" in found[2], found
