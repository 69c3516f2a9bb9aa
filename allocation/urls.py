from django.urls import path

from . import views

app_name = "allocation"

urlpatterns = [
    path("", views.home, name="home"),
    path("kapacity/", views.capacity, name="capacity"),
    path("poradnik/<int:programme_id>/", views.waiting_list, name="waiting_list"),
    path("zadatel/<uuid:public_id>/", views.entry_detail, name="entry"),
    path("byty/", views.flat_list, name="flat_list"),
    path("byty/novy/", views.flat_create, name="flat_create"),
    path("byty/<uuid:public_id>/", views.flat_detail, name="flat"),
    path("byty/<uuid:public_id>/upravit/", views.flat_edit, name="flat_edit"),
    path(
        "byty/<uuid:public_id>/nabidnout/<uuid:entry_id>/",
        views.offer_create,
        name="offer_create",
    ),
    path("nabidky/<uuid:public_id>/", views.offer_detail, name="offer"),
    path("nabidky/<uuid:public_id>/rozhodnuti/", views.offer_decide, name="offer_decide"),
]
