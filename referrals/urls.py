"""Referral URLs: opaque ids (UUIDs) and reference codes only, never a client's name."""

from django.urls import path, register_converter

from . import views
from .views import agencies as agency_views
from .views import dataprotection as dataprotection_views
from .views import finance as finance_views

app_name = "referrals"


class ClientReferenceConverter:
    regex = r"K-\d{4}-\d{4,6}"

    def to_python(self, value):
        return value

    def to_url(self, value):
        return value


register_converter(ClientReferenceConverter, "clientref")

urlpatterns = [
    path("", views.inbox, name="inbox"),
    path("odeslane/", views.outbox, name="outbox"),
    path("moje-pripady/", views.caseload, name="caseload"),
    path("agenda/", views.agenda, name="agenda"),
    path("oznameni/", views.notifications, name="notifications"),
    path("oznameni/precteno/", views.notifications_mark_read, name="notifications_read"),
    path("oznameni/<int:pk>/", views.notification_open, name="notification_open"),
    path("klienti/", views.client_list, name="client_list"),
    path("klienti/novy/", views.client_create, name="client_create"),
    path("klienti/<clientref:reference>/", views.client_detail, name="client"),
    path("klienti/<clientref:reference>/upravit/", views.client_edit, name="client_edit"),
    path("klienti/<clientref:reference>/historie/", views.client_history, name="client_history"),
    path("klienti/<clientref:reference>/souhlas/", views.consent_create, name="consent_create"),
    path(
        "klienti/<clientref:reference>/klicovy-pracovnik/",
        views.key_worker_reassign,
        name="key_worker",
    ),
    path("klienti/<clientref:reference>/predat/", views.referral_create, name="create"),
    path(
        "klienti/<clientref:reference>/instituce/",
        agency_views.involvement_add,
        name="involvement_add",
    ),
    path(
        "klienti/<clientref:reference>/instituce/<int:involvement_id>/ukoncit/",
        agency_views.involvement_end,
        name="involvement_end",
    ),
    path("klienti/<clientref:reference>/davky/", agency_views.benefit_add, name="benefit_add"),
    path(
        "klienti/<clientref:reference>/davky/<int:benefit_id>/ukoncit/",
        agency_views.benefit_end,
        name="benefit_end",
    ),
    path("souhlasy/<uuid:public_id>/odvolat/", views.consent_withdraw, name="consent_withdraw"),
    path("souhlasy/<uuid:public_id>/formular/", views.consent_form_download, name="consent_form"),
    path("prilohy/<uuid:public_id>/", views.attachment_download, name="attachment"),
    path(
        "klienti/<clientref:reference>/ochrana-udaju/",
        dataprotection_views.dataprotection_client,
        name="dataprotection_client",
    ),
    path(
        "klienti/<clientref:reference>/ochrana-udaju/export/",
        dataprotection_views.dataprotection_export,
        name="dataprotection_export",
    ),
    path(
        "klienti/<clientref:reference>/ochrana-udaju/vymaz/",
        dataprotection_views.dataprotection_erase,
        name="dataprotection_erase",
    ),
    path("ochrana-udaju/", dataprotection_views.dataprotection_home, name="dataprotection_home"),
    path(
        "ochrana-udaju/zaznam-o-cinnostech/",
        dataprotection_views.processing_record,
        name="processing_record",
    ),
    path("organizace/", views.members_home, name="members_home"),
    path("organizace/<slug:slug>/clenove/", views.members, name="members"),
    path(
        "organizace/<slug:slug>/platby/",
        finance_views.payments_import,
        name="payments_import",
    ),
    path(
        "organizace/<slug:slug>/platby/<int:batch_id>/zrusit/",
        finance_views.payments_import_undo,
        name="payments_import_undo",
    ),
    path(
        "organizace/<slug:slug>/clenove/<int:membership_id>/deaktivovat/",
        views.member_deactivate,
        name="member_deactivate",
    ),
    path("<uuid:public_id>/", views.referral_detail, name="detail"),
    path("<uuid:public_id>/upravit/", views.referral_edit, name="edit"),
    path("<uuid:public_id>/historie/", views.referral_history, name="history"),
    path("<uuid:public_id>/prilohy/", views.attachment_upload, name="attachment_upload"),
    path("<uuid:public_id>/akce/<slug:action>/", views.referral_action, name="action"),
    path("<uuid:public_id>/prevod/", views.referral_transfer, name="transfer"),
    path("<uuid:public_id>/priznak/", views.referral_flag, name="flag"),
    path(
        "<uuid:public_id>/priznak/<int:flag_id>/vyreseno/",
        views.flag_resolve,
        name="flag_resolve",
    ),
    path("<uuid:public_id>/pobyt/najem/", views.stay_extend_lease, name="stay_lease"),
    path("<uuid:public_id>/pobyt/navsteva/", views.stay_visit, name="stay_visit"),
    path("<uuid:public_id>/pobyt/cil/", views.stay_goal_add, name="stay_goal"),
    path(
        "<uuid:public_id>/pobyt/cil/<int:goal_id>/",
        views.stay_goal_update,
        name="stay_goal_update",
    ),
    path("<uuid:public_id>/platby/", finance_views.account_statement, name="account"),
    path("<uuid:public_id>/platby/nova/", finance_views.payment_add, name="payment_add"),
    path(
        "<uuid:public_id>/platby/<int:payment_id>/storno/",
        finance_views.payment_cancel,
        name="payment_cancel",
    ),
    path("<uuid:public_id>/platby/najemne/", finance_views.rent_terms_set, name="rent_terms"),
    path("<uuid:public_id>/platby/ucet/", finance_views.account_settings, name="account_settings"),
    path("<uuid:public_id>/domovni-rad/", finance_views.breach_add, name="breach_add"),
    path(
        "<uuid:public_id>/stupen/<slug:direction>/",
        finance_views.tier_move,
        name="tier_move",
    ),
]
