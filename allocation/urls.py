from django.urls import path

from . import views

app_name = "allocation"

urlpatterns = [
    path("", views.home, name="home"),
    path("kapacity/", views.capacity, name="capacity"),
    path("poradnik/<int:programme_id>/", views.waiting_list, name="waiting_list"),
    path("poradnik/<int:programme_id>/doplnit/", views.waiting_list_add, name="waiting_list_add"),
    path("zadatel/<uuid:public_id>/", views.entry_detail, name="entry"),
    path("zadatel/<uuid:public_id>/bodovani/", views.entry_score, name="entry_score"),
    path(
        "zadatel/<uuid:public_id>/bodovani-komise/",
        views.entry_score_decide,
        name="entry_score_decide",
    ),
    path("zadatel/<uuid:public_id>/preference/", views.entry_preferences, name="entry_preferences"),
    path("zadatel/<uuid:public_id>/stav/", views.entry_status, name="entry_status"),
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
    path("nabidky/<uuid:public_id>/prijmout/", views.offer_accept, name="offer_accept"),
    path("nabidky/<uuid:public_id>/odmitnout/", views.offer_refuse, name="offer_refuse"),
]
