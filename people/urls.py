from django.urls import path

from people import views

urlpatterns = [
    path("a/<slug:reference>/people/", views.people_list, name="people_list"),
    path("a/<slug:reference>/people/invite/", views.person_invite, name="person_invite"),
    path("a/<slug:reference>/people/<int:pk>/role/", views.person_role, name="person_role"),
    path(
        "a/<slug:reference>/people/<int:pk>/deactivate/",
        views.person_confirm,
        {"action": "deactivate"},
        name="person_deactivate",
    ),
    path(
        "a/<slug:reference>/people/<int:pk>/reactivate/",
        views.person_confirm,
        {"action": "reactivate"},
        name="person_reactivate",
    ),
    path(
        "a/<slug:reference>/people/<int:pk>/resend/", views.person_confirm, {"action": "resend"}, name="person_resend"
    ),
    path(
        "a/<slug:reference>/people/<int:pk>/password-link/",
        views.person_confirm,
        {"action": "password_link"},
        name="person_password_link",
    ),
    # The e-mailed links (people/tokens.py): the invitation's, to set a first password without
    # one, and the one sent to someone who forgot theirs.
    path("accounts/set-password/<uidb64>/<token>/", views.SetPasswordView.as_view(), name="set_password"),
    path("accounts/new-password/<uidb64>/<token>/", views.NewPasswordView.as_view(), name="new_password"),
]
