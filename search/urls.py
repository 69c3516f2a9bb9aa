from django.urls import path

from . import api, views

app_name = "search"

urlpatterns = [
    path("", views.search_page, name="results"),
    path("naseptavac/", views.autocomplete, name="autocomplete"),
    path("api/", api.search_api, name="api"),
]
