import pytest

from agreement.i18n_check import gettext_available, untranslated


@pytest.mark.skipif(not gettext_available(), reason="GNU gettext is not installed")
def test_every_user_facing_string_has_a_persian_translation():
    assert untranslated() == []
