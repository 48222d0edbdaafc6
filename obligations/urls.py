from django.urls import path

from obligations.views import commitments

urlpatterns = [
    path("a/<slug:reference>/commitments/", commitments.commitment_list, name="commitment_list"),
    path("a/<slug:reference>/commitments/<str:number>/", commitments.commitment_detail, name="commitment_detail"),
]
