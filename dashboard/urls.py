from django.urls import path

from dashboard.views import dashboard, exports, my_work

urlpatterns = [
    path("a/<slug:reference>/my-work/", my_work.my_work, name="my_work"),
    path("a/<slug:reference>/dashboard/", dashboard.dashboard, name="dashboard"),
    path("a/<slug:reference>/entries/", dashboard.entry_list, name="entry_list"),
    path("a/<slug:reference>/export/commitments/", exports.export_commitments, name="export_commitments"),
    path("a/<slug:reference>/export/entries/", exports.export_entries, name="export_entries"),
    path("a/<slug:reference>/export/decisions/", exports.export_decisions, name="export_decisions"),
    path("a/<slug:reference>/export/evaluations/", exports.export_evaluations, name="export_evaluations"),
]
