"""Two-factor authentication is required of everyone who can see client data, edit the
CMS or use the admin: until the session is verified with a one-time code, every page
sends them to set up a device or to verify one."""

from urllib.parse import parse_qs, urlparse

import pytest
from django.urls import reverse
from django_otp.oath import TOTP
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from portal.accounts.policy import two_factor_required
from tests.partners.factories import MembershipFactory, UserFactory

SETUP = "/overeni/nastaveni/"
VERIFY = "/overeni/"


@pytest.fixture
def require_2fa(settings):
    settings.PORTAL_REQUIRE_2FA = True
    return settings


def current_code(device) -> str:
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    return str(totp.token()).zfill(device.digits)


def confirmed_device(user) -> TOTPDevice:
    device = TOTPDevice.objects.create(user=user, name="TOTP", confirmed=True)
    backup = StaticDevice.objects.create(user=user, name="Backup codes")
    backup.token_set.create(token="zaloha123")
    return device


@pytest.mark.django_db
@pytest.mark.parametrize("role", ["social_worker", "case_reviewer", "org_admin", "editor"])
def test_members_who_see_client_data_or_edit_need_two_factor(orgs, require_2fa, role):
    assert two_factor_required(orgs.sender.users[role])


@pytest.mark.django_db
def test_staff_and_moderators_need_two_factor(moderator, require_2fa):
    assert two_factor_required(moderator)
    assert two_factor_required(UserFactory(username="spravce", is_staff=True))


@pytest.mark.django_db
def test_user_of_no_organisation_and_inactive_member_do_not(orgs, require_2fa):
    assert not two_factor_required(orgs.outsider)
    former = UserFactory(username="byvala")
    MembershipFactory(
        user=former, organisation=orgs.third.organisation, role="social_worker", is_active=False
    )
    assert not two_factor_required(former)


@pytest.mark.django_db
def test_setting_off_requires_nothing(orgs, settings):
    settings.PORTAL_REQUIRE_2FA = False
    assert not two_factor_required(orgs.sender.users["social_worker"])


@pytest.mark.django_db
def test_social_worker_without_device_is_sent_to_setup(client, orgs, require_2fa):
    client.force_login(orgs.sender.users["social_worker"])
    response = client.get("/predavani/")
    assert response.status_code == 302
    target = urlparse(response["Location"])
    assert target.path == SETUP
    assert parse_qs(target.query)["next"] == ["/predavani/"]


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/", "/predavani/klienti/", "/admin/", "/hledat/api/?q=x"])
def test_every_page_redirects_an_unverified_session(client, orgs, require_2fa, path):
    user = orgs.sender.users["social_worker"]
    confirmed_device(user)
    client.force_login(user)
    response = client.get(path)
    assert response.status_code == 302
    assert urlparse(response["Location"]).path == VERIFY


@pytest.mark.django_db
def test_a_post_is_refused_too(client, orgs, require_2fa):
    client.force_login(orgs.sender.users["social_worker"])
    response = client.post("/predavani/klienti/novy/", {"first_name": "X"})
    assert response.status_code == 302
    assert response["Location"] == SETUP


@pytest.mark.django_db
def test_logout_health_and_static_stay_reachable(client, orgs, require_2fa):
    client.force_login(orgs.sender.users["social_worker"])
    assert client.get("/healthz/").status_code in (200, 503)
    assert client.get("/static/css/portal.css").status_code == 200
    assert client.post("/odhlaseni/").status_code == 302
    assert "_auth_user_id" not in client.session


@pytest.mark.django_db
def test_outsider_is_not_redirected(client, orgs, site_tree, require_2fa):
    client.force_login(orgs.outsider)
    assert client.get("/").status_code == 200


@pytest.mark.django_db
def test_setup_shows_secret_uri_and_inline_qr_without_scripts(client, orgs, require_2fa):
    user = orgs.sender.users["social_worker"]
    client.force_login(user)
    response = client.get(SETUP)
    assert response.status_code == 200
    device = TOTPDevice.objects.get(user=user, confirmed=False)
    html = response.content.decode()
    assert response.context["secret"] in html
    assert "otpauth://totp/" in html
    assert "<svg" in html and "<path" in html
    assert "<script" not in html.split("<main", 1)[1]
    # The same unconfirmed device on a reload, so a scanned code keeps working.
    client.get(SETUP)
    assert TOTPDevice.objects.filter(user=user).count() == 1
    assert device.config_url.startswith("otpauth://totp/")


@pytest.mark.django_db
def test_setup_with_a_wrong_code_confirms_nothing(client, orgs, require_2fa):
    user = orgs.sender.users["social_worker"]
    client.force_login(user)
    client.get(SETUP)
    response = client.post(SETUP, {"token": "000000"})
    assert response.status_code == 200
    assert response.context["form"].errors
    assert not TOTPDevice.objects.filter(user=user, confirmed=True).exists()
    assert client.get("/predavani/").status_code == 302


@pytest.mark.django_db
def test_setup_with_the_app_code_verifies_and_shows_backup_codes(client, orgs, require_2fa):
    user = orgs.sender.users["social_worker"]
    client.force_login(user)
    client.get(SETUP)
    device = TOTPDevice.objects.get(user=user)
    response = client.post(SETUP, {"token": current_code(device), "next": "/predavani/"})
    assert response.status_code == 200
    codes = response.context["codes"]
    assert len(codes) == 10
    assert StaticToken.objects.filter(device__user=user).count() == 10
    device.refresh_from_db()
    assert device.confirmed
    assert client.get("/predavani/").status_code == 200


@pytest.mark.django_db
def test_setup_cannot_add_a_second_device_to_an_unverified_session(client, orgs, require_2fa):
    user = orgs.sender.users["social_worker"]
    confirmed_device(user)
    client.force_login(user)
    response = client.get(SETUP)
    assert response.status_code == 302
    assert urlparse(response["Location"]).path == VERIFY
    assert TOTPDevice.objects.filter(user=user).count() == 1


@pytest.mark.django_db
def test_verify_with_app_code_opens_the_portal(client, orgs, require_2fa):
    user = orgs.sender.users["social_worker"]
    device = confirmed_device(user)
    client.force_login(user)
    response = client.post(VERIFY, {"token": current_code(device), "next": "/predavani/"})
    assert response.status_code == 302
    assert response["Location"] == "/predavani/"
    assert client.get("/predavani/").status_code == 200


@pytest.mark.django_db
def test_verify_with_wrong_code_stays_unverified(client, orgs, require_2fa):
    user = orgs.sender.users["social_worker"]
    confirmed_device(user)
    client.force_login(user)
    response = client.post(VERIFY, {"token": "123456"})
    assert response.status_code == 200
    assert response.context["form"].errors
    assert client.get("/predavani/").status_code == 302


@pytest.mark.django_db
def test_backup_code_works_once(client, orgs, require_2fa):
    user = orgs.sender.users["social_worker"]
    confirmed_device(user)
    client.force_login(user)
    assert client.post(VERIFY, {"token": "zaloha123"}).status_code == 302
    assert client.get("/predavani/").status_code == 200
    client.logout()
    client.force_login(user)
    assert client.post(VERIFY, {"token": "zaloha123"}).status_code == 200
    assert client.get("/predavani/").status_code == 302


@pytest.mark.django_db
def test_verify_does_not_redirect_to_another_site(client, orgs, require_2fa):
    user = orgs.sender.users["social_worker"]
    device = confirmed_device(user)
    client.force_login(user)
    response = client.post(
        VERIFY, {"token": current_code(device), "next": "https://zlo.example/ukrast"}
    )
    assert response["Location"] == "/"


@pytest.mark.django_db
def test_a_new_login_needs_a_new_code(client, orgs, require_2fa):
    user = orgs.sender.users["social_worker"]
    device = confirmed_device(user)
    client.force_login(user)
    client.post(VERIFY, {"token": current_code(device)})
    assert client.get("/predavani/").status_code == 200
    client.post(reverse("logout"))
    client.force_login(user)
    assert client.get("/predavani/").status_code == 302


@pytest.mark.django_db
def test_password_login_then_code_is_the_whole_flow(client, orgs, require_2fa):
    user = orgs.sender.users["case_reviewer"]
    device = confirmed_device(user)
    response = client.post(
        "/prihlaseni/?next=/predavani/",
        {"username": user.username, "password": "heslo-pro-testy-123", "next": "/predavani/"},
    )
    assert response["Location"] == "/predavani/"
    step = client.get("/predavani/")
    assert urlparse(step["Location"]).path == VERIFY
    response = client.post(VERIFY, {"token": current_code(device), "next": "/predavani/"})
    assert client.get(response["Location"]).status_code == 200
