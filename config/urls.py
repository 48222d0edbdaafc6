from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from agreement.signin import ThrottledPasswordChangeView
from agreement.views import favicon
from fieldlog.urls import root_urlpatterns as fieldlog_root
from jobs.views import healthz

urlpatterns = [
    path("i18n/", include("django.conf.urls.i18n")),
    path("healthz", healthz, name="healthz"),
    # Browsers ask for /favicon.ico whatever the page says; send them the app's icon.
    path("favicon.ico", favicon),
    *fieldlog_root,
]

urlpatterns += i18n_patterns(
    path("admin/", admin.site.urls),
    # Sign-in, sign-out and password change only: there are no password-reset pages (accounts are
    # made and reset by a party's focal point or the administrator), so no page sends mail to
    # whoever types an address. The one set-password page is the invitation's link (people/urls.py).
    path("accounts/login/", auth_views.LoginView.as_view(), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("accounts/password_change/", ThrottledPasswordChangeView.as_view(), name="password_change"),
    path("accounts/password_change/done/", auth_views.PasswordChangeDoneView.as_view(), name="password_change_done"),
    path("", include("agreement.urls")),
    # Each area owns its URL module: workspace (obligations), review and evaluation
    # (monitoring), dashboard and exports, PDF reports.
    path("", include("obligations.urls")),
    path("", include("amendments.urls")),
    path("", include("monitoring.urls")),
    path("", include("committee.urls")),
    path("", include("terms.urls")),
    path("", include("dashboard.urls")),
    path("", include("reports.urls")),
    path("", include("notifications.urls")),
    path("", include("people.urls")),
    path("", include("drafting.urls")),
    path("", include("portfolio.urls")),
    path("", include("fieldlog.urls")),
    prefix_default_language=False,
)

# Error pages in the app's layout and the reader's language (agreement/errors.py).
handler400 = "agreement.errors.bad_request"
handler403 = "agreement.errors.permission_denied"
handler404 = "agreement.errors.page_not_found"
handler500 = "agreement.errors.server_error"
