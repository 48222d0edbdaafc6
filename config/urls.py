from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path

from agreement.views import healthz

urlpatterns = [
    path("i18n/", include("django.conf.urls.i18n")),
    path("healthz", healthz, name="healthz"),
]

urlpatterns += i18n_patterns(
    path("admin/", admin.site.urls),
    path("accounts/", include("django.contrib.auth.urls")),
    path("", include("agreement.urls")),
    # Each area owns its URL module: workspace (obligations), review and evaluation
    # (monitoring), dashboard and exports, PDF reports.
    path("", include("obligations.urls")),
    path("", include("monitoring.urls")),
    path("", include("committee.urls")),
    path("", include("dashboard.urls")),
    path("", include("reports.urls")),
    path("", include("notifications.urls")),
    prefix_default_language=False,
)
