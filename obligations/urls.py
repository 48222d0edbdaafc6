from django.urls import path

from obligations.views import commitments, entries, evidence

urlpatterns = [
    path("a/<slug:reference>/commitments/", commitments.commitment_list, name="commitment_list"),
    path("a/<slug:reference>/commitments/<str:number>/", commitments.commitment_detail, name="commitment_detail"),
    path("a/<slug:reference>/commitments/<str:number>/log/", entries.entry_create, name="entry_create"),
    path("entries/<int:pk>/edit/", entries.entry_edit, name="entry_edit"),
    path("entries/<int:pk>/withdraw/", entries.entry_withdraw, name="entry_withdraw"),
    path("evidence/<int:pk>/", evidence.evidence_download, name="evidence_download"),
    path("evidence/<int:pk>/thumbnail/", evidence.evidence_thumbnail, name="evidence_thumbnail"),
]
