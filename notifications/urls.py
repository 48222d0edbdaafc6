from django.urls import path

from notifications import views

urlpatterns = [
    path("inbox/", views.inbox, name="inbox"),
    path("inbox/read-all/", views.notification_read_all, name="notification_read_all"),
    path("inbox/settings/", views.notification_settings, name="notification_settings"),
    path("inbox/<int:pk>/open/", views.notification_open, name="notification_open"),
    path("inbox/<int:pk>/read/", views.notification_read, name="notification_read"),
]
