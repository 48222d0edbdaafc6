from django.apps import AppConfig


class FieldlogConfig(AppConfig):
    """Field logging without a network: the installable page, the device's queue and its endpoints."""

    name = "fieldlog"
    verbose_name = "Field logging"
