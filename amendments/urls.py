from django.urls import path

from amendments import views

urlpatterns = [
    path("a/<slug:reference>/amendments/", views.amendment_list, name="amendment_list"),
    path("a/<slug:reference>/amendments/new/", views.amendment_create, name="amendment_create"),
    path("a/<slug:reference>/amendments/<int:number>/", views.amendment_detail, name="amendment_detail"),
    path(
        "a/<slug:reference>/amendments/<int:number>/changes/",
        views.amendment_change_create,
        name="amendment_change_create",
    ),
    path("a/<slug:reference>/amendments/<int:number>/confirm/", views.amendment_confirm, name="amendment_confirm"),
    path("a/<slug:reference>/amendments/<int:number>/scan/", views.amendment_scan, name="amendment_scan"),
    path("a/<slug:reference>/as-at/", views.agreement_as_at, name="agreement_as_at"),
    path("a/<slug:reference>/commitments/<str:number>/wording/", views.commitment_wording, name="commitment_wording"),
]
