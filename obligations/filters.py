"""The commitments page's filters, shared with the exports that download the same list.

Links from the dashboard carry these GET parameters, so their names are part of the interface:
`owner` (a party code, or `joint`), `status` (a Status value), `overdue=1`, `stale=1` and `q`.
Values that mean nothing (an unknown status, a party not in the agreement) are ignored rather
than refused: a stale bookmark still shows a list.
"""

from dataclasses import dataclass
from urllib.parse import urlencode

from django.utils import timezone

from obligations.models import Status

JOINT = "joint"
_TRUE = {"1", "true", "on", "yes"}


@dataclass(frozen=True)
class CommitmentFilters:
    owner: str = ""
    status: str = ""
    overdue: bool = False
    stale: bool = False
    q: str = ""

    @classmethod
    def from_params(cls, params) -> "CommitmentFilters":
        status = (params.get("status") or "").strip()
        return cls(
            owner=(params.get("owner") or "").strip(),
            status=status if status in Status.values else "",
            overdue=(params.get("overdue") or "").strip().lower() in _TRUE,
            stale=(params.get("stale") or "").strip().lower() in _TRUE,
            q=(params.get("q") or "").strip()[:200],
        )

    @property
    def is_active(self) -> bool:
        return bool(self.owner or self.status or self.overdue or self.stale or self.q)

    def apply(self, queryset, now):
        if self.owner == JOINT:
            queryset = queryset.filter(owner__isnull=True)
        elif self.owner:
            queryset = queryset.filter(owner__code=self.owner)
        if self.status:
            queryset = queryset.filter(status=self.status)
        if self.overdue:
            queryset = queryset.overdue(timezone.localdate(now))
        if self.stale:
            queryset = queryset.stale(now)
        if self.q:
            queryset = queryset.search(self.q)
        return queryset

    def as_params(self) -> dict[str, str]:
        """The active filters as GET parameters, e.g. for an export link of the same list."""
        params = {"owner": self.owner, "status": self.status, "q": self.q}
        params.update({"overdue": "1" if self.overdue else "", "stale": "1" if self.stale else ""})
        return {key: value for key, value in params.items() if value}

    def querystring(self) -> str:
        return urlencode(self.as_params())


def filter_commitments(queryset, params, now=None):
    """Apply the GET filters `params` to a Commitment queryset; returns (queryset, filters)."""
    filters = CommitmentFilters.from_params(params)
    return filters.apply(queryset, now or timezone.now()), filters
