from django.urls import path

from reports import views

urlpatterns = [
    path("a/<slug:reference>/reports/", views.report_list, name="report_list"),
    path("a/<slug:reference>/reports/preview/", views.report_preview, name="report_preview"),
    path("a/<slug:reference>/reports/issue/", views.report_issue, name="report_issue"),
    path("a/<slug:reference>/reports/<int:pk>/correct/", views.report_correct, name="report_correct"),
    path("a/<slug:reference>/reports/<int:pk>/download/", views.report_download, name="report_download"),
    path("reports/verify/", views.report_verify, name="report_verify"),
]
