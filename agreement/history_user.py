"""Who made a change, for django-simple-history, set in one typed place.

simple-history reads the author of the next history row from an attribute it looks up on the instance
(`_history_user`, and `_change_reason` for why); the model classes do not declare them, so setting them
directly is invisible to the type checker and easy to misspell. Outside a request (services, jobs,
commands) there is no middleware to supply the user, so every write path names its author here.
"""

from typing import TYPE_CHECKING

from django.db import models

if TYPE_CHECKING:  # only for the annotations: models modules import this one while apps load
    from django.contrib.auth.base_user import AbstractBaseUser
    from django.contrib.auth.models import AnonymousUser


def record_history_user(
    instance: models.Model,
    user: "AbstractBaseUser | AnonymousUser | None",
    reason: str | None = None,
) -> None:
    """Make `user` the author (and `reason`, if given, the reason) of `instance`'s next history row."""
    # setattr, not assignment: the models do not declare these attributes (simple-history looks them up
    # by name), so a plain assignment would not type-check.
    setattr(instance, "_history_user", user)  # noqa: B010
    if reason is not None:
        setattr(instance, "_change_reason", reason)  # noqa: B010
