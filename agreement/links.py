"""`reverse()` remembered per process: the same name and arguments always give the same path.

A fresh dashboard writes a link per commitment, attention row, evaluation and activity line, and
each `reverse()` walks the URL resolver (a quarter of a millisecond on a busy machine): the board's
fifty-odd links cost more than its queries. The path of a name and its arguments only changes with
the URL configuration or the script prefix, both part of the key; tests that swap ROOT_URLCONF
empty the memory (setting_changed).
"""

from functools import lru_cache

from django.core.signals import setting_changed
from django.dispatch import receiver
from django.urls import get_script_prefix, get_urlconf, reverse


@lru_cache(maxsize=8192)
def _reverse(_prefix: str, _urlconf, name: str, args: tuple[str, ...]) -> str:
    return reverse(name, args=args)


def kept_reverse(name: str, *args) -> str:
    """reverse(name, args=args), from memory after the first time; NoReverseMatch as reverse raises it."""
    return _reverse(get_script_prefix(), get_urlconf(), name, tuple(str(arg) for arg in args))


@receiver(setting_changed)
def _forget(*, setting, **kwargs):
    if setting == "ROOT_URLCONF":
        _reverse.cache_clear()
