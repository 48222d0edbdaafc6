from django.urls import path

from reports import views_evaluation, views_review

urlpatterns = [
    path("a/<slug:reference>/review/", views_review.review_queue, name="review_queue"),
    path("a/<slug:reference>/review/<int:entry_pk>/", views_review.review_entry, name="review_entry"),
    path("a/<slug:reference>/evaluations/", views_evaluation.evaluation_list, name="evaluation_list"),
    path(
        "a/<slug:reference>/evaluations/<str:quarter>/reopen/",
        views_evaluation.quarter_reopen,
        name="quarter_reopen",
    ),
    path(
        "a/<slug:reference>/evaluations/<str:quarter>/<str:number>/",
        views_evaluation.evaluation_edit,
        name="evaluation_edit",
    ),
]
