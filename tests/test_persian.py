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
