"""400, 403, 404, 500 and the CSRF failure page: in the layout, the reader's language, what next."""

from django.test import Client
from django.utils import translation

from agreement import errors

REFERENCE = "qazvin-ikrc-rural-1397"


def test_a_404_is_in_the_layout_in_persian_right_to_left(client, rural_staff, agreement):
    client.force_login(rural_staff)
    response = client.get("/a/no-such-agreement/commitments/")
    assert response.status_code == 404
    html = response.content.decode()
    assert 'dir="rtl"' in html and "صفحه پیدا نشد" in html
    assert 'class="site-header"' in html and "rural-staff" in html  # the layout, with the account menu
    assert "۴۰۴" in html


def test_a_404_is_in_english_on_english_pages(client, db):
    response = client.get("/en/no-such-page/")
    assert response.status_code == 404
    html = response.content.decode()
    assert 'dir="ltr"' in html and "Page not found" in html and "Check the address" in html


def test_a_403_says_who_to_ask(client, rural_viewer, agreement):
    client.force_login(rural_viewer)
    response = client.get(f"/en/a/{REFERENCE}/commitments/B5/log/")
    assert response.status_code == 403
    assert "focal point" in response.content.decode()


def test_a_400_says_what_to_do(client, db):
    response = client.get("/en/accounts/login/", {"next": "\x00"})
    assert response.status_code == 400
    assert "Go back and check what you typed" in response.content.decode()


def test_the_csrf_failure_page_says_the_typed_text_is_kept(rural_staff, agreement):
    client = Client(enforce_csrf_checks=True)
    client.force_login(rural_staff)
    response = client.post(f"/a/{REFERENCE}/commitments/B5/log/", {"narrative": "x"})
    assert response.status_code == 403
    html = response.content.decode()
    assert 'dir="rtl"' in html and "فرم فرستاده نشد" in html


def test_the_handlers_are_the_apps():
    from config import urls

    assert urls.handler400 == "agreement.errors.bad_request"
    assert urls.handler403 == "agreement.errors.permission_denied"
    assert urls.handler404 == "agreement.errors.page_not_found"
    assert urls.handler500 == "agreement.errors.server_error"


def test_a_500_is_in_the_layout_without_touching_the_database(rf, db, django_assert_num_queries):
    request = rf.get("/en/anything/")
    with translation.override("en"), django_assert_num_queries(0):
        response = errors.server_error(request)
    assert response.status_code == 500
    html = response.content.decode()
    assert "Something went wrong on our side" in html and 'class="site-header"' in html


def test_a_refused_request_is_logged_as_one_line_without_a_traceback(client, rural_staff, caplog):
    import logging

    client.force_login(rural_staff)
    with caplog.at_level(logging.WARNING, logger="django.request"):
        assert client.get("/en/admin/").status_code in (302, 403)
        response = client.get("/en/a/qazvin-ikrc-rural-1397/reports/issue/?quarter=1403-Q3&language=fa")
    assert response.status_code == 403
    refusals = [record for record in caplog.records if getattr(record, "status_code", None) == 403]
    assert refusals and all(record.exc_info is None for record in refusals)
