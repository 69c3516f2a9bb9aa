from django.urls import path, re_path

from . import views

app_name = "outcomes"

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    re_path(r"^export\.(?P<fmt>csv|xlsx)$", views.export, name="export"),
    path("bariery/", views.barriers, name="barriers"),
    path("bariery/zverejnit/", views.barriers_publish, name="barriers_publish"),
]
