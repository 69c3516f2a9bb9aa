"""Nobody outside the case learns that it exists, and client data never reaches URLs, logs,
e-mails, error pages, search indexes or the CMS."""

import datetime
import logging
import re

import pytest
from django.apps import apps
from django.contrib import admin
from django.urls import reverse
from django.utils import timezone
from wagtail.models import ModelLogEntry
from wagtail.search.index import Indexed
from wagtail.snippets.models import get_snippet_models

from referrals import services
from referrals.models import Client, Referral
from tests.partners.factories import UserFactory
from tests.referrals.conftest import S, pdf_upload

pytestmark = pytest.mark.django_db

SECRETS = ("Jana", "Dvořáková", "777 123 456", "Astma", "Spolupracuje")


def referral_models():
    return list(apps.get_app_config("referrals").get_models())


def test_no_referral_model_is_a_snippet_admin_model_or_search_indexed():
    models = referral_models()
    assert not [m for m in get_snippet_models() if m in models]
    assert not [m for m in admin.site._registry if m in models]
    assert not [m for m in models if issubclass(m, Indexed)]


def test_wagtail_admin_search_reports_and_history_show_no_case(client, case, moderator):
    referral = case.make(S.PLACED)
    services.referral_flag(referral=referral, user=case.sender, kind="risk", reason="Dluh")
    superuser = UserFactory(username="spravce", is_superuser=True, is_staff=True)
    assert not ModelLogEntry.objects.filter(content_type__app_label="referrals").exists()
    everything = (case.client.reference, referral.reference, "Dvořáková")
    # A search page repeats its query; check it for everything else.
    checks = [
        ("/admin/", everything),
        (f"/admin/pages/search/?q={case.client.reference}", ("Dvořáková", referral.reference)),
        ("/admin/pages/search/?q=Dvořáková", (case.client.reference, referral.reference)),
        ("/admin/documents/?q=Dvořáková", (case.client.reference, referral.reference)),
        ("/admin/users/?q=Dvořáková", (case.client.reference, referral.reference)),
        ("/admin/reports/site-history/", everything),
        ("/admin/snippets/", everything),
        ("/django-admin/", everything),
    ]
    for user in (moderator, superuser):
        client.force_login(user)
        for url, secrets in checks:
            response = client.get(url, follow=True)
            assert response.status_code in (200, 403, 404), url
            content = response.content.decode()
            for secret in secrets:
                assert secret not in content, (user.username, url, secret)


def test_superuser_and_cms_editor_get_404_on_the_case(client, case, moderator, orgs):
    referral = case.make(S.SUBMITTED)
    superuser = UserFactory(username="spravce", is_superuser=True, is_staff=True)
    for user in (superuser, moderator, orgs.third.users["editor"], orgs.sender.users["editor"]):
        client.force_login(user)
        assert client.get(referral.get_absolute_url()).status_code == 404
        url = reverse("referrals:client", kwargs={"reference": case.client.reference})
        assert client.get(url).status_code == 404


def test_other_organisations_lists_do_not_reveal_the_case(client, case, orgs):
    referral = case.make(S.PLACED)
    for user in [*orgs.third.users.values(), orgs.outsider, orgs.receiver.users["editor"]]:
        client.force_login(user)
        for name in ("inbox", "outbox", "caseload", "agenda", "client_list", "notifications"):
            page = client.get(reverse(f"referrals:{name}")).content.decode()
            assert referral.reference not in page
            assert case.client.reference not in page


def test_client_data_never_reaches_urls(client, case):
    referral = case.make(S.PLACED)
    services.attachment_add(
        referral=referral, user=case.receiver_worker, uploaded_file=pdf_upload("Dvořáková.pdf")
    )
    for user in (case.sender, case.receiver_worker):
        client.force_login(user)
        for url in (
            referral.get_absolute_url(),
            reverse("referrals:client", kwargs={"reference": case.client.reference}),
        ):
            page = client.get(url).content.decode()
            links = re.findall(r'(?:href|action|src)="([^"]+)"', page)
            assert links
            for link in links:
                for secret in ("Jana", "Dvo", "Dvo%C5%99", "777 123", "777%20123", "Astma"):
                    assert secret not in link, link


def test_client_data_never_reaches_logs(case, caplog, settings):
    settings.REFERRALS_RETENTION_DAYS = 0
    with caplog.at_level(logging.DEBUG):
        referral = case.make(S.CLOSED)
        yesterday = timezone.now() - datetime.timedelta(days=1)
        Referral.objects.filter(pk=referral.pk).update(ended_at=yesterday)
        Client.objects.filter(pk=case.client.pk).update(updated_at=yesterday)
        assert services.client_anonymise(client_id=case.client.pk)
    assert case.client.reference in caplog.text  # the anonymisation is logged, by reference
    for secret in SECRETS:
        assert secret not in caplog.text


def test_error_pages_do_not_echo_the_case(client, case, orgs):
    referral = case.make(S.SUBMITTED)
    client.force_login(orgs.third.users["social_worker"])
    response = client.get(referral.get_absolute_url())
    assert response.status_code == 404
    content = response.content.decode()
    for secret in (*SECRETS, referral.reference, case.client.reference):
        assert secret not in content


def test_str_of_every_record_is_a_reference_not_a_name(case):
    referral = case.make(S.PLACED)
    services.attachment_add(
        referral=referral, user=case.receiver_worker, uploaded_file=pdf_upload("Dvořáková.pdf")
    )
    for model in referral_models():
        for obj in model.objects.all()[:20]:
            text = str(obj) + repr(obj)
            for secret in SECRETS:
                assert secret not in text, (model.__name__, text)


def test_portal_search_finds_no_case(client, case):
    referral = case.make(S.PLACED)
    client.force_login(case.sender)  # even for those who may see the case
    url = reverse("search:results")
    for query, absent in (
        ("Dvořáková", (case.client.reference, referral.reference)),
        (case.client.reference, ("Dvořáková", referral.reference)),
        ("Kovářová Jana azylový", (case.client.reference, referral.reference, "Dvořáková")),
    ):
        response = client.get(url, {"q": query})
        assert response.status_code == 200
        content = response.content.decode()
        for secret in absent:
            assert secret not in content
