from django.urls import path

from reports import views_pdf

urlpatterns = [
    path("a/<slug:reference>/reports/", views_pdf.report_list, name="report_list"),
    path("a/<slug:reference>/reports/preview/", views_pdf.report_preview, name="report_preview"),
    path("a/<slug:reference>/reports/issue/", views_pdf.report_issue, name="report_issue"),
    path("a/<slug:reference>/reports/<int:pk>/correct/", views_pdf.report_correct, name="report_correct"),
    path("a/<slug:reference>/reports/<int:pk>/download/", views_pdf.report_download, name="report_download"),
    path("reports/verify/", views_pdf.report_verify, name="report_verify"),
]
