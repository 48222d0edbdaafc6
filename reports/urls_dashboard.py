from django.urls import path

from reports import views_dashboard, views_exports

urlpatterns = [
    path("a/<slug:reference>/dashboard/", views_dashboard.dashboard, name="dashboard"),
    path("a/<slug:reference>/entries/", views_dashboard.entry_list, name="entry_list"),
    path("a/<slug:reference>/export/commitments/", views_exports.export_commitments, name="export_commitments"),
    path("a/<slug:reference>/export/entries/", views_exports.export_entries, name="export_entries"),
    path("a/<slug:reference>/export/evaluations/", views_exports.export_evaluations, name="export_evaluations"),
]
