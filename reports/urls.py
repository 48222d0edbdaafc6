from django.urls import path

from reports import views

urlpatterns = [
    path("a/<slug:reference>/reports/", views.report_list, name="report_list"),
    path("a/<slug:reference>/reports/preview/", views.report_preview, name="report_preview"),
    path("a/<slug:reference>/reports/issue/", views.report_issue, name="report_issue"),
    path("a/<slug:reference>/reports/jobs/<int:pk>/", views.report_job, name="report_job"),
    path("a/<slug:reference>/reports/jobs/<int:pk>/pdf/", views.report_job_pdf, name="report_job_pdf"),
    path("a/<slug:reference>/reports/jobs/<int:pk>/retry/", views.report_job_retry, name="report_job_retry"),
    path("a/<slug:reference>/reports/<int:pk>/correct/", views.report_correct, name="report_correct"),
    path("a/<slug:reference>/reports/<int:pk>/download/", views.report_download, name="report_download"),
    path("reports/verify/", views.report_verify, name="report_verify"),
    path("reports/verify/chain.pem", views.report_verify_chain, name="report_verify_chain"),
]
