import pytest

from agreement.persian import clean_persian_input, search_key


@pytest.mark.parametrize(
    "typed",
    ["خانواده‌های", "خانواده های", "خانوادههای", "خانواده‌هاي"],
)
def test_search_keys_agree_however_the_word_was_typed(typed):
    assert search_key(typed) == search_key("خانواده‌های")


def test_search_keys_fold_digits_and_arabic_letters():
    assert search_key("B۵") == search_key("b5")
    assert search_key("كمیته") == search_key("کمیته")


def test_stored_text_gets_persian_letters_but_keeps_its_zwnj():
    assert clean_persian_input("  خانواده‌هاي   نيازمند ") == "خانواده‌های نیازمند"


@pytest.mark.parametrize("typed", ["خانواده‌های نیازمند", "خانواده هاي نيازمند", "B۸", "b8", "housing for SUPPORTED"])
def test_commitment_search_finds_b8_however_it_is_typed(agreement, typed):
    from obligations.models import Commitment

    assert "B8" in set(Commitment.objects.search(typed).values_list("number", flat=True))


def test_commitment_search_narrows(agreement):
    from obligations.models import Commitment

    assert list(Commitment.objects.search("هسته‌های مردمی").values_list("number", flat=True)) == ["B14"]


@pytest.mark.parametrize(
    ("one", "other"),
    [("رؤسا", "روسا"), ("ارائه", "ارایه"), ("مسئول", "مسوول"), ("مسؤول", "مسئول"), ("همهٔ", "همه")],
)
def test_search_keys_fold_hamza_spellings(one, other):
    assert search_key(one) == search_key(other)


def test_search_keys_ignore_pasted_bidi_marks():
    assert search_key("\u200fارائه\u200e گزارش\u061c") == search_key("ارائه گزارش")
    assert search_key("\u2067B5\u2069") == search_key("b5")


@pytest.mark.parametrize("typed", ["رؤسای", "روسای", "\u200fرؤسای\u200f", "مسوولیت", "ارایه"])
def test_commitment_search_folds_hamza_and_bidi_marks_in_the_database(agreement, typed):
    from obligations.models import Commitment

    stored = {"رؤسای": "رؤسای", "روسای": "رؤسای", "\u200fرؤسای\u200f": "رؤسای", "مسوولیت": "مسئولیت", "ارایه": "ارائه"}
    expected = set(Commitment.objects.filter(text_fa__contains=stored[typed]).values_list("number", flat=True))
    assert expected
    assert expected <= set(Commitment.objects.search(typed).values_list("number", flat=True))


@pytest.mark.parametrize("typed", ["تأیید", "خانۀ", "إمام", "ٱلله", "ارائهٔ", "مسؤول"])
def test_stored_text_keeps_every_letter_as_typed(typed):
    assert clean_persian_input(f"  {typed}  ") == typed


def test_stored_text_turns_only_arabic_yeh_kaf_and_alef_maksura_into_persian():
    assert clean_persian_input("يكى") == "یکی"


@pytest.mark.parametrize(("stored", "typed"), [("تأیید", "تایید"), ("خانۀ", "خانه"), ("إمام", "امام")])
def test_search_keys_still_fold_what_stored_text_keeps(stored, typed):
    assert search_key(stored) == search_key(typed)


def _presentation_forms(text: str) -> str:
    """The text as old documents and PDFs paste it: each Arabic letter as its isolated presentation form."""
    import unicodedata

    isolated = {}
    for code in range(0xFB50, 0xFF00):
        parts = unicodedata.decomposition(chr(code)).split()
        if len(parts) == 2 and parts[0] == "<isolated>":
            isolated.setdefault(chr(int(parts[1], 16)), chr(code))
    return "".join(isolated.get(ch, ch) for ch in text)


@pytest.mark.parametrize(
    ("typed", "plain"),
    [
        (_presentation_forms("خانواده‌های نیازمند"), "خانواده‌های نیازمند"),
        ("\ufefb", "لا"),  # the lam-alef ligature
        ("ا\u0653ب", "آب"),  # a decomposed alef madda
        ("\u0627\u0654", "أ"),  # a decomposed hamza on alef
        ("ＢＸ１２", "bx12"),  # full-width letters and digits
        ("\u0968\u0966\u09e8", "202"),  # Devanagari and Bengali digits
        ("\ufb8f", "ک"),  # keheh as a compatibility form
    ],
)
def test_search_keys_apply_nfkc_and_every_scripts_digits(typed, plain):
    assert search_key(typed) == search_key(plain)


def test_the_database_folds_presentation_forms_in_queries_and_columns_but_keeps_them_stored(agreement):
    from obligations.models import Commitment

    pasted = _presentation_forms("هسته‌های مردمی")
    assert pasted != "هسته‌های مردمی"
    # Typed either way, the query finds the commitment stored as typed.
    assert list(Commitment.objects.search(pasted).values_list("number", flat=True)) == ["B14"]
    commitment = Commitment.objects.get(number="B14")
    stored = commitment.text_fa.replace("هسته‌های مردمی", pasted)
    Commitment.objects.filter(pk=commitment.pk).update(text_fa=stored)
    assert list(Commitment.objects.search("هسته‌های مردمی").values_list("number", flat=True)) == ["B14"]
    assert list(Commitment.objects.search("هسته\u200cهاي مردمي").values_list("number", flat=True)) == ["B14"]
    assert Commitment.objects.get(pk=commitment.pk).text_fa == stored  # never folded in storage


def test_the_database_folds_other_digits_like_python(agreement):
    from django.db.models import Value

    from agreement.persian import search_key_expression
    from obligations.models import Commitment

    typed = "ＢＸ\u0968\u0966 ﻻ ا\u0653ب ۱٢"
    row = Commitment.objects.annotate(key=search_key_expression(Value(typed))).values_list("key", flat=True)[:1]
    assert list(row) == [search_key(typed)]
