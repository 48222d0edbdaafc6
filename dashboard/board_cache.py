"""The dashboard's figures, rendered once for each state of the agreement's data.

Rendering every figure of an agreement costs about thirty times a plain page (docs/scale.md),
while the data behind them changes a few times an hour. The rendered part is kept in the cache
under a key that carries `Agreement.figures_version`, which every write raises in its own
transaction (Agreement.objects.figures_changed): after a change the key is new, so the next reader
renders the figures afresh and nobody is served numbers from before it. What else goes into the
key is everything the rendered part depends on: the language, the day (overdue means due before
today), the filters and whether the reader may review. PEYMAN_PAGE_CACHE_SECONDS bounds the
rest, which follows the clock or other tables: a commitment turning stale in the afternoon, a
person's new name in the recent activity.
"""

import hashlib
from collections.abc import Callable

from django.conf import settings
from django.core.cache import cache
from django.utils import timezone
from django.utils.translation import get_language


def board_key(agreement, *, filters: str, can_review: bool) -> str:
    """The cache key of the rendered figures for this agreement, data version, reader and filters."""
    filters_digest = hashlib.blake2b(filters.encode(), digest_size=12).hexdigest()
    parts = (
        "dashboard",
        agreement.pk,
        agreement.figures_version,
        get_language(),
        timezone.localdate().isoformat(),
        "reviewer" if can_review else "reader",
        filters_digest,
    )
    return ":".join(str(part) for part in parts)


def rendered_board(agreement, *, filters: str, can_review: bool, render: Callable[[], str]) -> str:
    """The rendered figures from the cache, or `render()`'s, kept for the next reader."""
    seconds = settings.PEYMAN_PAGE_CACHE_SECONDS
    if not seconds:
        return render()
    key = board_key(agreement, filters=filters, can_review=can_review)
    html = cache.get(key)
    if html is None:
        html = render()
        cache.set(key, html, seconds)
    return html
