from django.urls import path

from agreement import views

urlpatterns = [
    path("", views.home, name="home"),
]
