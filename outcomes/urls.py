from django.urls import path, re_path

from . import project_views, views

app_name = "outcomes"

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    re_path(r"^export\.(?P<fmt>csv|xlsx)$", views.export, name="export"),
    path("bariery/", views.barriers, name="barriers"),
    path("bariery/zverejnit/", views.barriers_publish, name="barriers_publish"),
    path("projekty/", project_views.project_list, name="projects"),
    path("projekty/<int:page_id>/", project_views.project_indicators, name="project_indicators"),
    re_path(
        r"^projekty/(?P<page_id>\d+)/indikatory\.(?P<fmt>pdf|xlsx)$",
        project_views.project_report_file,
        name="project_report_file",
    ),
    path(
        "projekty/<int:page_id>/hodnota/",
        project_views.project_value_record,
        name="project_value_record",
    ),
]
