import io

from django.core.management import call_command

from agreement.models import Agreement, County, Signatory
from agreement.persian import ZWNJ
from obligations.models import Commitment
from tests.conftest import FIXTURE


def _dump() -> str:
    out = io.StringIO()
    call_command("dumpdata", "agreement", "obligations", stdout=out)
    return out.getvalue()


def test_loading_the_agreement_twice_changes_nothing_not_even_history(db, settings):
    call_command("load_agreement", FIXTURE, verbosity=0)
    settings.DEBUG = True
    call_command("seed_demo_people")
    call_command("seed_demo_progress")
    first = _dump()
    assert '"obligations.progressentry"' in first and '"obligations.historicalcommitment"' in first
    call_command("load_agreement", FIXTURE, verbosity=0)
    assert _dump() == first
    assert Commitment.objects.count() == 20


def test_the_loaded_agreement_is_in_the_history(agreement):
    record = Commitment.objects.get(number="B5").history.earliest()
    assert record.history_type == "+"
    assert record.history_change_reason == "loaded from fixture"


def test_the_agreement_is_the_real_qazvin_memorandum(agreement, relief, rural):
    assert str(agreement.signed_on) == "2018-12-17"
    assert agreement.monitoring_party == relief
    assert set(Signatory.objects.values_list("signatory_name_en", flat=True)) == {"Majid Momeni", "Akram Najafi"}
    numbers = set(Commitment.objects.values_list("number", flat=True))
    assert numbers == {f"B{i}" for i in range(1, 15)} | {"A1", "A2", "A3", "A4", "J1", "M1"}
    assert Commitment.objects.get(number="J1").owner is None
    assert Commitment.objects.get(number="M1").owner == relief
    assert Commitment.objects.filter(owner=rural).count() == 14
    assert County.objects.filter(agreement=agreement).count() == 6


def test_the_stated_baselines_are_recorded(agreement):
    assert Commitment.objects.get(number="B12").indicator_baseline == 900
    assert Commitment.objects.get(number="B8").indicator_baseline == 41
    assert Commitment.objects.get(number="A4").indicator_baseline == 55
    assert "55" in agreement.baseline_en and "900" in agreement.baseline_en and "41" in agreement.baseline_en


def test_persian_text_uses_persian_letters_and_zwnj(agreement):
    texts = list(Commitment.objects.values_list("text_fa", flat=True)) + [agreement.title_fa, agreement.purpose_fa]
    for text in texts:
        assert "ي" not in text and "ك" not in text, text
    assert ZWNJ in Commitment.objects.get(number="B8").text_fa  # «خانواده‌های»
    assert "خانواده\u200cهای" in Commitment.objects.get(number="B12").text_fa
    assert ZWNJ in Agreement.objects.get().title_fa  # «تفاهم‌نامه»


def test_loading_again_keeps_the_figures_version_and_raises_it_when_something_changed(db):
    call_command("load_agreement", FIXTURE, verbosity=0)
    agreement = Agreement.objects.get()
    for _ in range(3):
        Agreement.objects.figures_changed(agreement.pk)  # three writes since
    b5 = Commitment.objects.get(number="B5")
    Commitment.objects.filter(pk=b5.pk).update(figures_version=7)  # seven entry writes on B5
    call_command("load_agreement", FIXTURE, verbosity=0)
    assert Agreement.objects.get().figures_version == 3  # loaddata wrote 0; nothing changed
    assert Commitment.objects.get(pk=b5.pk).figures_version == 7  # a sum going back could match an old key
    county = County.objects.filter(agreement=agreement).first()
    county.name_en = "Renamed in the admin"
    county.save()
    call_command("load_agreement", FIXTURE, verbosity=0)  # puts the fixture's name back
    assert Agreement.objects.get().figures_version == 4
