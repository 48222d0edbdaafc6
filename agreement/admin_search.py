"""Admin search that finds Persian text however it was typed (ي/ی, ك/ک, digits, ZWNJ)."""

from functools import reduce
from operator import or_

from django.db.models import Q

from agreement.persian import search_key, search_key_expression


class PersianSearchMixin:
    """Set `persian_search_fields`; each word of the query must match one of them."""

    persian_search_fields: tuple[str, ...] = ()

    def get_search_fields(self, request):
        # Keeps the admin's search box; the matching itself happens below.
        return self.persian_search_fields

    def get_search_results(self, request, queryset, search_term):
        words = [search_key(word) for word in search_term.split()]
        words = [word for word in words if word]
        if not words:
            return queryset, False
        aliases = {f"_search_{i}": search_key_expression(field) for i, field in enumerate(self.persian_search_fields)}
        queryset = queryset.alias(**aliases)
        for word in words:
            queryset = queryset.filter(reduce(or_, (Q(**{f"{alias}__contains": word}) for alias in aliases)))
        return queryset, False
