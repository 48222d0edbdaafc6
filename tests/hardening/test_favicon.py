from django.contrib.staticfiles import finders


def test_pages_link_an_icon_that_exists(client, db):
    html = client.get("/accounts/login/").content.decode()
    assert 'rel="icon" href="/static/favicon.svg"' in html
    assert finders.find("favicon.svg") and finders.find("favicon.ico")


def test_the_address_browsers_ask_for_leads_to_the_icon(client, db):
    response = client.get("/favicon.ico")
    assert response.status_code == 301 and response["Location"] == "/static/favicon.ico"
