"""The field page and the kit cost a bounded number of queries, whatever the number of commitments."""


def test_the_field_page_and_the_kit_stay_within_their_query_budget(client, rural_staff, django_assert_max_num_queries):
    client.force_login(rural_staff)
    with django_assert_max_num_queries(12):
        assert client.get("/field/").status_code == 200
    with django_assert_max_num_queries(12):
        kit = client.get("/field/api/kit").json()
    assert sum(len(agreement["commitments"]) for agreement in kit["agreements"]) > 10
