from django.apps import AppConfig


class DevdataConfig(AppConfig):
    """Demo and scale data for developers and demonstrations: above every other app, and never used by them."""

    name = "devdata"
    verbose_name = "Demo data"
