from django.urls import path

from fieldlog import api, views

urlpatterns = [
    path("field/", views.field_prepare, name="field_prepare"),
    path("field/api/session", api.session, name="fieldlog_session"),
    path("field/api/kit", api.field_kit, name="fieldlog_kit"),
    path("field/api/entries/", api.entry_create, name="fieldlog_entries"),
    path("field/api/entries/<str:key>", api.entry_detail, name="fieldlog_entry"),
    path("field/api/entries/<str:key>/files/<str:sha256>", api.file_upload, name="fieldlog_file"),
]

# Outside the language prefix: one worker for the whole site, one manifest.
root_urlpatterns = [
    path("sw.js", views.service_worker, name="service_worker"),
    path("manifest.webmanifest", views.manifest, name="web_manifest"),
    path("offline.html", views.offline_notice, name="field_offline"),
]
