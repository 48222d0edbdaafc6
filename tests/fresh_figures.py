"""The database's fresh computation of the stored progress figures, its SQL built once per test.

The property tests (tests/test_progress_rule.py, tests/test_progress_incremental.py) compare the
stored figures with the full rule after every write of a random history. Commitment.
fresh_progress_values() builds the rule's annotations (CommitmentQuerySet.with_progress()) and
compiles them to SQL on every call: about 0.05 s of CPU, where PostgreSQL answers the query itself
in a millisecond, and it ran some 500 times per test. FreshProgress builds and compiles the same
queryset (with_progress(), the same five values) once, and each check sends that statement again
and reads its rows through the same compiler's converters, so the database computes exactly what
fresh_progress_values() would have it compute. The tests still call fresh_progress_values() itself
once per example and assert that it agrees.
"""

from django.db import connections

from obligations.models import Commitment, stored_from_fresh

VALUES = ("reported_status", "reported_percent", "verified_percent", "reported_value", "verified_value")


class FreshProgress:
    """fresh = FreshProgress([b5.pk, ...]); fresh() -> {pk: the stored fields' fresh values}."""

    def __init__(self, pks, *, using: str = "default"):
        queryset = Commitment.all_kinds.filter(pk__in=list(pks)).with_progress().values("pk", *VALUES)
        self.using = using
        self.compiler = queryset.query.get_compiler(using=using)
        self.sql, self.params = self.compiler.as_sql()

    def __call__(self) -> dict[int, dict]:
        with connections[self.using].cursor() as cursor:
            cursor.execute(self.sql, self.params)
            names = [column.name for column in cursor.description]
            rows = list(self.compiler.results_iter(results=[cursor.fetchall()]))
        by_name = [dict(zip(names, row, strict=True)) for row in rows]
        return {row["pk"]: stored_from_fresh(row) for row in by_name}
