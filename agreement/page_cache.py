"""Parts of pages rendered once for each state of an agreement's data, and kept for the next reader.

The dashboard's figures and a quarter's evaluation table cost twenty to thirty times a plain page
to render (docs/scale.md), while the data behind them changes a few times an hour. Such a part is
kept in the cache under a key that carries the agreement's figures version, which every write raises in
its own transaction: an entry's write its commitment's `figures_version`, a write of the agreement as
a whole `Agreement.figures_version` (Agreement.objects.figures_changed); the key reads both in one
query (Agreement.objects.figures_version_of), on every server alike. After a change the key is new, so
the next reader renders the part afresh and nobody is served figures from before it. The rest of the key is
everything else the part depends on: the language, the day (overdue means due before today) and
what the caller names in `vary` (filters, the reader's rights). PEYMAN_PAGE_CACHE_SECONDS bounds
what follows the clock or other tables: a commitment turning stale in the afternoon, a person's new
name.
"""

import hashlib
from collections.abc import Callable
from typing import TypeVar

from django.conf import settings
from django.core.cache import cache
from django.utils import timezone
from django.utils.translation import get_language


def fragment_key(agreement, name: str, *, vary: str) -> str:
    """The cache key of a part of a page for this agreement, data version, language, day and `vary`."""
    vary_digest = hashlib.blake2b(vary.encode(), digest_size=12).hexdigest()
    own, commitments = type(agreement).objects.figures_version_of(agreement.pk)
    parts = (
        name,
        agreement.pk,
        f"{own}.{commitments}",
        get_language(),
        timezone.localdate().isoformat(),
        vary_digest,
    )
    return ":".join(str(part) for part in parts)


Fragment = TypeVar("Fragment")  # what render() returns: HTML, or a dict of HTML parts


def kept_fragment(agreement, name: str, *, vary: str, render: Callable[[], Fragment]) -> Fragment:
    """The part from the cache, or `render()`'s, kept for the next reader."""
    seconds = settings.PEYMAN_PAGE_CACHE_SECONDS
    if not seconds:
        return render()
    key = fragment_key(agreement, name, vary=vary)
    html = cache.get(key)
    if html is None:
        html = render()
        cache.set(key, html, seconds)
    return html
