"""agreement.links.kept_reverse: reverse() remembered per process, the same paths, forgotten with the URLconf."""

import pytest
from django.test import override_settings
from django.urls import NoReverseMatch, path, reverse

from agreement.links import kept_reverse


def _view(request):
    raise AssertionError


urlpatterns = [path("elsewhere/<slug:reference>/<str:number>/", _view, name="commitment_detail")]


def test_the_same_path_as_reverse_for_any_arguments():
    for args in (("qz-1403", "B5"), ("qz-1403", "ب۵ و"), ("x", 7)):
        assert kept_reverse("commitment_detail", *args) == reverse("commitment_detail", args=args)
        assert kept_reverse("commitment_detail", *args) == reverse("commitment_detail", args=args)  # remembered
    with pytest.raises(NoReverseMatch):
        kept_reverse("no_such_page")


def test_another_urlconf_gives_its_own_paths():
    before = kept_reverse("commitment_detail", "qz", "B5")
    with override_settings(ROOT_URLCONF=__name__):
        assert kept_reverse("commitment_detail", "qz", "B5") == "/elsewhere/qz/B5/"
    assert kept_reverse("commitment_detail", "qz", "B5") == before != "/elsewhere/qz/B5/"
