from django.urls import path

from terms import views

urlpatterns = [
    path("a/<slug:reference>/term/", views.agreement_term, name="agreement_term"),
    path("a/<slug:reference>/term/set/", views.term_set, name="term_set"),
    path("a/<slug:reference>/term/renew/", views.term_renew, name="term_renew"),
]
