from django.urls import path

from . import api
from .feeds import LibraryFeed

app_name = "knowledge"

urlpatterns = [
    path("feed/", LibraryFeed(), name="feed"),
    path("api/items/", api.item_list, name="api-items"),
]
