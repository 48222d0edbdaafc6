"""A large query built and compiled once per process (agreement.compiled): the rows are always read
afresh, the SQL is the one Django compiles, and anything done to the queryset compiles afresh."""

import datetime as dt

from django.db import connection

from agreement.compiled import _kept, compiled_once, forget_compiled
from agreement.jalali import Quarter
from monitoring.evaluations import _commitments_for_quarter, commitments_for_quarter
from obligations.models import Commitment

QUARTER = Quarter(1403, 3)
FIGURES = ("number", "reported_percent", "reported_status", "verified_percent", "entries_in_quarter")


def _rows(commitments) -> list[tuple]:
    return [tuple(getattr(c, name) for name in FIGURES) + (len(c.quarter_evaluations),) for c in commitments]


def test_the_kept_query_reads_every_write_as_a_fresh_one_does(agreement, commitment, rural_staff, log_entry):
    before = _rows(commitments_for_quarter(agreement, QUARTER))
    assert before == _rows(_commitments_for_quarter(agreement.pk, QUARTER))
    log_entry(
        commitment("B5"), rural_staff, happened_on=dt.date(2024, 10, 5), reported_status="at_risk", percent_complete=35
    )
    after = _rows(commitments_for_quarter(agreement, QUARTER))
    assert after != before
    assert after == _rows(_commitments_for_quarter(agreement.pk, QUARTER))


def test_built_once_and_compiled_to_the_sql_django_compiles(agreement):
    forget_compiled()
    built = []

    def build():
        built.append(1)
        return _commitments_for_quarter(agreement.pk, QUARTER)

    key = ("test_compiled_once", agreement.pk)
    first = list(compiled_once(key, build))
    second = list(compiled_once(key, build))
    assert built == [1]
    assert [c.pk for c in first] == [c.pk for c in second] != []
    _template, compilations = _kept[key]
    assert len(compilations) == 1
    [(sql, params, _state)] = compilations.values()
    assert (sql, params) == build().query.get_compiler(connection=connection).as_sql()


def test_each_commitment_has_the_callers_agreement_without_a_query(agreement, django_assert_num_queries):
    commitments = list(commitments_for_quarter(agreement, QUARTER))
    with django_assert_num_queries(0):
        assert all(c.agreement is agreement for c in commitments)


def test_a_queryset_changed_after_it_was_handed_out_is_compiled_afresh(agreement):
    forget_compiled()
    key = ("test_compiled_once_changed", agreement.pk)
    handed = compiled_once(key, lambda: Commitment.objects.filter(agreement_id=agreement.pk).order_by("number"))
    everything = [c.number for c in handed]
    assert len(everything) > 1
    narrowed = compiled_once(key, lambda: Commitment.objects.none()).filter(number=everything[1])
    assert [c.number for c in narrowed] == [everything[1]]
    assert compiled_once(key, lambda: Commitment.objects.none()).count() == len(everything)
    assert [c.number for c in compiled_once(key, lambda: Commitment.objects.none())] == everything
