"""Logging progress: one transaction per submission, bad input refused next to the field."""

import datetime as dt
import hashlib
import uuid
from unittest import mock

import pytest
import time_machine
from django.db import DatabaseError
from django.utils import timezone

from obligations.evidence import validate_uploads
from obligations.models import Evidence, ProgressEntry
from obligations.services import record_progress
from tests.obligations import files

URL = "/en/a/qazvin-ikrc-rural-1397/commitments/{}/log/"
NOW = "2024-09-01 09:00:00+00:00"


@pytest.fixture(autouse=True)
def _frozen_time():
    with time_machine.travel(NOW, tick=False):
        yield


def _data(**overrides):
    data = {
        "submission_key": str(uuid.uuid4()),
        "happened_on": "2024-08-20",
        "reported_status": "in_progress",
        "percent_complete": "30",
        "narrative": "Visited the village and met the council.",
        "county": "",
        "village": "",
    }
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


def _stored_files(settings):
    root = settings.MEDIA_ROOT / "evidence"
    return [path for path in root.rglob("*") if path.is_file()] if root.exists() else []


def test_staff_log_progress_with_a_photo(client, rural_staff, commitment, agreement, settings):
    client.force_login(rural_staff)
    takestan = agreement.counties.get(code="takestan")
    data = _data(county=str(takestan.pk), village="کوندج", reported_status="at_risk")
    data["evidence"] = files.upload("عکس بازدید.png", files.PNG, "image/png")
    response = client.post(URL.format("B5"), data)
    entry = ProgressEntry.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/en/a/qazvin-ikrc-rural-1397/commitments/B5/#entry-{entry.pk}"
    assert (entry.author, entry.party.code, entry.percent_complete) == (rural_staff, "rural-affairs-qazvin", 30)
    assert (entry.county, entry.village) == (takestan, "کوندج")
    assert commitment("B5").status == "at_risk"  # the commitment follows its latest entry
    evidence = Evidence.objects.get()
    assert evidence.original_name == "عکس بازدید.png"
    assert evidence.content_type == "image/png"
    assert evidence.sha256 == hashlib.sha256(files.PNG).hexdigest()
    assert evidence.size == len(files.PNG)
    assert "عکس" not in evidence.file.name and not evidence.file.name.endswith(".png")  # a random name
    assert evidence.file.read() == files.PNG
    assert entry.history.first().history_user == rural_staff
    messages = [str(m) for m in response.wsgi_request._messages]
    assert messages == ["Your progress entry was saved."]


def test_persian_input_is_understood(client, rural_staff, commitment):
    client.force_login(rural_staff)
    data = _data(happened_on="۱۴۰۳/۰۵/۳۰", percent_complete="۴۵", narrative="جلسه با دهياران برگزار شد")
    response = client.post("/a/qazvin-ikrc-rural-1397/commitments/B5/log/", data)
    assert response.status_code == 302
    entry = ProgressEntry.objects.get()
    assert str(entry.happened_on) == "2024-08-20"
    assert entry.percent_complete == 45
    assert entry.narrative == "جلسه با دهیاران برگزار شد"  # Arabic ي stored as Persian ی


def test_an_indicator_commitment_takes_a_quantity(client, rural_staff, commitment):
    client.force_login(rural_staff)
    assert "quantity" in client.get(URL.format("B12")).context["form"].fields
    assert "quantity" not in client.get(URL.format("B5")).context["form"].fields
    client.post(URL.format("B12"), _data(quantity="۱۲٫۵"))
    assert str(ProgressEntry.objects.get().quantity) == "12.50"


def test_a_double_submit_creates_one_entry(client, rural_staff):
    client.force_login(rural_staff)
    data = _data()
    first = client.post(URL.format("B5"), data)
    second = client.post(URL.format("B5"), data)
    assert ProgressEntry.objects.count() == 1
    assert first["Location"] == second["Location"]
    assert "not saved twice" in str(list(second.wsgi_request._messages)[-1])


def test_the_form_carries_a_fresh_submission_key_each_time(client, rural_staff):
    client.force_login(rural_staff)
    first = client.get(URL.format("B5")).context["form"]["submission_key"].value()
    second = client.get(URL.format("B5")).context["form"]["submission_key"].value()
    assert first != second


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("happened_on", "2024-09-02", "The date of the work cannot be in the future."),
        ("happened_on", "2018-12-16", "The date of the work cannot be before the agreement was signed (2018-12-17)."),
        ("happened_on", "1402/12/30", "1402 is not a leap year"),
        ("narrative", "", "This field is required."),
        ("narrative", "   ", "This field is required."),
        ("percent_complete", "101", "less than or equal to 100"),
        ("reported_status", "done", "Select a valid choice."),
    ],
)
def test_bad_input_is_refused_next_to_the_field_and_the_rest_kept(client, rural_staff, field, value, message):
    client.force_login(rural_staff)
    data = _data(**{field: value}, village="روستای نمونه")
    response = client.post(URL.format("B5"), data)
    assert response.status_code == 200
    form = response.context["form"]
    assert any(message in error for error in form.errors[field])
    html = response.content.decode()
    assert "روستای نمونه" in html  # the rest of the input is kept
    assert "Nothing was saved" in html
    assert ProgressEntry.objects.count() == 0


def test_a_completed_status_needs_a_full_percentage(client, rural_staff):
    client.force_login(rural_staff)
    response = client.post(URL.format("B5"), _data(reported_status="completed", percent_complete="80"))
    assert response.context["form"].errors["percent_complete"] == ["A completed commitment is 100% done."]


@pytest.mark.parametrize(
    ("uploads", "message"),
    [
        ([("virus.pdf", b"MZ\x90\x00 evil")], "virus.pdf is not a PDF, JPEG, PNG, Word (DOCX) or Excel (XLSX) file."),
        ([("empty.png", b"")], "The submitted file is empty."),
        ([("archive.docx", files.plain_zip())], "archive.docx is not a PDF"),
        ([(f"p{n}.png", files.PNG) for n in range(6)], "At most 5 files per entry (0 already attached)."),
    ],
)
def test_refused_files_save_nothing_and_leave_nothing_on_disk(client, rural_staff, settings, uploads, message):
    client.force_login(rural_staff)
    data = _data()
    data["evidence"] = [files.upload(name, content) for name, content in uploads]
    response = client.post(URL.format("B5"), data)
    assert response.status_code == 200
    assert any(message in error for error in response.context["form"].errors["evidence"])
    assert "choose them again" in response.content.decode()
    assert ProgressEntry.objects.count() == 0 and Evidence.objects.count() == 0
    assert _stored_files(settings) == []


def test_a_file_over_the_size_limit_is_refused(client, rural_staff, settings):
    settings.PEYMAN_EVIDENCE_MAX_BYTES = 1024 * 1024
    client.force_login(rural_staff)
    data = _data()
    data["evidence"] = files.upload("scan.pdf", files.PDF + b"0" * (1024 * 1024))
    response = client.post(URL.format("B5"), data)
    assert response.context["form"].errors["evidence"] == ["scan.pdf is larger than 1 MB."]
    assert ProgressEntry.objects.count() == 0


def test_word_and_excel_files_are_accepted(client, rural_staff):
    client.force_login(rural_staff)
    data = _data()
    data["evidence"] = [
        files.upload("minutes.docx", files.office("word")),
        files.upload("list.xlsx", files.office("xl")),
    ]
    client.post(URL.format("B5"), data)
    assert sorted(Evidence.objects.values_list("content_type", flat=True)) == [
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ]


def test_a_failure_after_files_were_stored_removes_them_and_saves_nothing(rural_staff, commitment, settings):
    calls = []
    original_save = Evidence.save

    def save_then_fail_on_the_second(self, *args, **kwargs):
        calls.append(self)
        if len(calls) == 2:
            raise DatabaseError("disk full")
        return original_save(self, *args, **kwargs)

    uploads = validate_uploads([files.upload("a.png", files.PNG), files.upload("b.pdf", files.PDF)])
    with mock.patch.object(Evidence, "save", save_then_fail_on_the_second), pytest.raises(DatabaseError):
        record_progress(
            commitment=commitment("B5"),
            author=rural_staff,
            happened_on=dt.date(2024, 8, 1),
            reported_status="completed",
            narrative="x",
            evidence=uploads,
        )
    assert ProgressEntry.objects.count() == 0 and Evidence.objects.count() == 0
    assert commitment("B5").status == "not_started"
    assert _stored_files(settings) == []


@pytest.mark.parametrize("persona", ["rural_staff", "relief_staff"])
def test_staff_of_either_party_log_on_a_joint_commitment(client, request, persona):
    client.force_login(request.getfixturevalue(persona))
    assert client.post(URL.format("J1"), _data()).status_code == 302
    assert ProgressEntry.objects.get().commitment.number == "J1"


def test_staff_cannot_log_on_the_other_partys_commitment(client, rural_staff):
    client.force_login(rural_staff)
    assert client.get(URL.format("A1")).status_code == 403
    assert client.post(URL.format("A1"), _data()).status_code == 403
    assert ProgressEntry.objects.count() == 0


def test_the_entry_form_offers_the_agreements_counties(client, rural_staff, agreement):
    client.force_login(rural_staff)
    html = client.get(URL.format("B5")).content.decode()
    for county in agreement.counties.all():
        assert f">{county.name_en}</option>" in html
    assert 'accept=".pdf,' in html


def test_the_persian_form_has_the_jalali_picker_hooks(client, rural_staff):
    client.force_login(rural_staff)
    html = client.get("/a/qazvin-ikrc-rural-1397/commitments/B5/log/").content.decode()
    assert "data-jdp" in html and 'data-jdp-min-date="1397/09/26"' in html
    assert 'data-jdp-max-date="1403/06/11"' in html
    assert "jalalidatepicker.min.js" in html and "js/datepicker.js" in html
    assert 'value="۱۴۰۳/۰۶/۱۱"' in html  # today, in the reader's calendar and digits
    assert timezone.localdate().isoformat() == "2024-09-01"


@pytest.mark.parametrize("value", ["999999", "abc", "1.5"])
def test_a_county_outside_the_agreement_is_refused_without_saving(client, rural_staff, value):
    # The choice is checked among the agreement's prefetched counties (LoadedModelChoiceField).
    client.force_login(rural_staff)
    response = client.post(URL.format("B5"), _data(county=value))
    assert response.status_code == 200
    assert any("Select a valid choice" in error for error in response.context["form"].errors["county"])
    assert ProgressEntry.objects.count() == 0


def test_a_county_of_another_agreement_is_refused(client, rural_staff, agreement):
    from agreement.models import Agreement, County

    other = Agreement.objects.create(
        reference="other-1400", title_fa="دیگر", title_en="Other", signed_on=dt.date(2021, 1, 1)
    )
    foreign = County.objects.create(agreement=other, code="X1", name_fa="دیگر", name_en="Elsewhere")
    client.force_login(rural_staff)
    response = client.post(URL.format("B5"), _data(county=str(foreign.pk)))
    assert response.status_code == 200
    assert "county" in response.context["form"].errors
    assert ProgressEntry.objects.count() == 0
