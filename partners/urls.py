from django.urls import path

from . import views

app_name = "partners"

urlpatterns = [
    path("", views.directory, name="directory"),
    path("<slug:slug>/", views.organisation_detail, name="organisation"),
]
