from django.urls import path

from monitoring.views import evaluations, review

urlpatterns = [
    path("a/<slug:reference>/review/", review.review_queue, name="review_queue"),
    path("a/<slug:reference>/review/<int:entry_pk>/", review.review_entry, name="review_entry"),
    path("a/<slug:reference>/evaluations/", evaluations.evaluation_list, name="evaluation_list"),
    path(
        "a/<slug:reference>/evaluations/<str:quarter>/reopen/",
        evaluations.quarter_reopen,
        name="quarter_reopen",
    ),
    path(
        "a/<slug:reference>/evaluations/<str:quarter>/<str:number>/",
        evaluations.evaluation_edit,
        name="evaluation_edit",
    ),
]
