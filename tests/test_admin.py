import pytest

ADMIN_PAGES = [
    "agreement/party",
    "agreement/agreement",
    "agreement/signatory",
    "agreement/county",
    "agreement/membership",
    "agreement/committeemember",
    "obligations/commitment",
    "obligations/progressentry",
    "obligations/evidence",
    "obligations/review",
    "monitoring/evaluation",
    "monitoring/quarterlock",
]


@pytest.mark.parametrize("page", [p for p in ADMIN_PAGES if p != "obligations/review"])
def test_every_model_has_an_admin_list_in_both_languages(client, superuser, page):
    client.force_login(superuser)
    assert client.get(f"/admin/{page}/").status_code == 200
    assert client.get(f"/en/admin/{page}/").status_code == 200


@pytest.mark.parametrize(
    "typed",
    ["خانواده‌های نیازمند", "خانواده های نيازمند", "خانوادههای نیازمند", "b۸", "B8"],
)
def test_admin_search_finds_a_commitment_however_it_is_typed(client, superuser, typed):
    client.force_login(superuser)
    response = client.get("/en/admin/obligations/commitment/", {"q": typed})
    numbers = [c.number for c in response.context["cl"].result_list]
    assert "B8" in numbers


def test_admin_search_narrows_the_list(client, superuser):
    client.force_login(superuser)
    response = client.get("/en/admin/obligations/commitment/", {"q": "هسته‌های مردمی"})
    assert [c.number for c in response.context["cl"].result_list] == ["B14"]


def test_admin_shows_dates_in_jalali_for_persian_readers(client, superuser, agreement):
    client.force_login(superuser)
    response = client.get(f"/admin/agreement/agreement/{agreement.pk}/change/")
    assert 'value="۱۳۹۷/۰۹/۲۶"' in response.content.decode()


def test_admin_history_page_lists_changes(client, superuser, commitment):
    client.force_login(superuser)
    response = client.get(f"/en/admin/obligations/commitment/{commitment('B5').pk}/history/")
    assert response.status_code == 200
    assert "loaded from fixture" in response.content.decode()
