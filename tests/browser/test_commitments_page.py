import pytest

from tests.browser.helpers import PHONE, axe_violations, login


def test_a_staff_member_signs_in_to_their_work_and_opens_the_commitments_page(
    page, live_server, agreement, rural_staff
):
    login(page, live_server, rural_staff)
    assert page.url.endswith(f"/a/{agreement.reference}/my-work/")
    with page.expect_navigation():
        page.click(".header-nav a[href$='/commitments/']")
    assert page.url.endswith(f"/a/{agreement.reference}/commitments/")
    assert page.locator("html").get_attribute("dir") == "rtl"
    # Our party's group comes first, then the other party's, then the joint commitments.
    headings = page.locator(".owner-group h2").all_inner_texts()
    assert len(headings) == 3
    assert "دفتر امور روستایی" in headings[0]
    assert page.locator("#group-joint").count() == 1


@pytest.mark.parametrize("language", ["fa", "en"])
def test_the_commitments_page_has_no_serious_accessibility_violations(
    new_page, live_server, agreement, rural_staff, language
):
    page = new_page(viewport=PHONE)
    login(page, live_server, rural_staff, language=language)
    page.goto(f"{live_server.url}{'' if language == 'fa' else '/en'}/a/{agreement.reference}/commitments/?q=B")
    assert axe_violations(page) == []


def test_filters_work_without_javascript(new_page, live_server, agreement, rural_staff):
    page = new_page(java_script_enabled=False)
    login(page, live_server, rural_staff)
    page.goto(f"{live_server.url}/a/{agreement.reference}/commitments/")
    page.click(".more-filters summary")
    page.select_option("#filter-owner", "joint")
    with page.expect_navigation():
        page.click(".search-row button[type=submit]")
    assert "owner=joint" in page.url
    assert page.locator(".commitment-number").all_inner_texts() == ["J1"]
