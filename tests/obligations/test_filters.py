"""filter_commitments(): the commitments page's filters, reused by the exports."""

import datetime as dt

from django.http import QueryDict

from obligations.filters import CommitmentFilters, filter_commitments
from obligations.models import Commitment

NOW = dt.datetime(2024, 9, 1, 9, 0, tzinfo=dt.UTC)


def _numbers(queryset):
    return sorted(queryset.values_list("number", flat=True))


def test_no_parameters_keep_everything(agreement):
    queryset, filters = filter_commitments(Commitment.objects.filter(agreement=agreement), QueryDict(""), NOW)
    assert queryset.count() == 20
    assert not filters.is_active


def test_parameters_combine(agreement, commitment):
    b3 = commitment("B3")
    b3.due_on = dt.date(2024, 1, 1)
    b3.save()
    params = QueryDict("owner=rural-affairs-qazvin&status=not_started&overdue=1&stale=1&q=زکات")
    queryset, filters = filter_commitments(Commitment.objects.filter(agreement=agreement), params, NOW)
    assert _numbers(queryset) == ["B3"]
    assert filters == CommitmentFilters(
        owner="rural-affairs-qazvin", status="not_started", overdue=True, stale=True, q="زکات"
    )


def test_meaningless_values_are_ignored(agreement):
    params = QueryDict("status=bogus&overdue=maybe&stale=")
    queryset, filters = filter_commitments(Commitment.objects.filter(agreement=agreement), params, NOW)
    assert queryset.count() == 20
    assert filters == CommitmentFilters()


def test_the_active_filters_round_trip_as_parameters():
    filters = CommitmentFilters(owner="joint", overdue=True, q="ز ک")
    assert filters.as_params() == {"owner": "joint", "q": "ز ک", "overdue": "1"}
    assert CommitmentFilters.from_params(QueryDict(filters.querystring())) == filters


def test_a_plain_dict_works_too(agreement):
    queryset, _ = filter_commitments(Commitment.objects.filter(agreement=agreement), {"owner": "joint"}, NOW)
    assert _numbers(queryset) == ["J1"]
