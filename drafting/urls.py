from django.urls import path

from drafting import views

urlpatterns = [
    path("drafts/", views.draft_list, name="draft_list"),
    path("drafts/new/", views.draft_new, name="draft_new"),
    path("drafts/<slug:reference>/", views.draft_detail, name="draft_detail"),
    path("drafts/<slug:reference>/commitments/", views.commitment_add, name="draft_commitment_add"),
    path("drafts/<slug:reference>/commitments/<int:pk>/", views.commitment_edit, name="draft_commitment_edit"),
    path(
        "drafts/<slug:reference>/commitments/<int:pk>/remove/", views.commitment_remove, name="draft_commitment_remove"
    ),
    path("drafts/<slug:reference>/import/", views.import_upload, name="import_upload"),
    path("drafts/<slug:reference>/import/<int:pk>/", views.import_preview, name="import_preview"),
    path("drafts/<slug:reference>/import/<int:pk>/apply/", views.import_apply, name="import_apply"),
    path("drafts/<slug:reference>/activate/", views.draft_activate, name="draft_activate"),
    path("drafts/<slug:reference>/discard/", views.draft_discard, name="draft_discard"),
    path("a/<slug:reference>/renew-as-new/", views.renewal_new, name="renewal_new"),
]
