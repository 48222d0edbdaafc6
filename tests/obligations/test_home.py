from agreement.models import Agreement, Signatory


def test_a_person_in_one_agreement_goes_straight_to_their_work_in_it(client, rural_staff, agreement):
    client.force_login(rural_staff)
    response = client.get("/en/")
    assert response.status_code == 302
    assert response["Location"] == f"/en/a/{agreement.reference}/my-work/"


def test_a_person_in_several_agreements_picks_one(client, rural_staff, rural, agreement):
    second = Agreement.objects.create(
        reference="second-1403",
        title_fa="دومی",
        title_en="Second one",
        signed_on=agreement.signed_on,
        status="in_force",
    )
    Signatory.objects.create(
        agreement=second,
        party=rural,
        label="A",
        signatory_name_fa="x",
        signatory_name_en="x",
        signatory_title_fa="x",
        signatory_title_en="x",
    )
    client.force_login(rural_staff)
    html = client.get("/en/").content.decode()
    assert f'href="/en/a/{agreement.reference}/my-work/"' in html
    assert 'href="/en/a/second-1403/my-work/"' in html
