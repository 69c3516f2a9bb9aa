"""The code lists of reasons in the Wagtail admin, as a matrix of who × what: the coalition
secretariat (and a superuser) list, add, rename and take codes out of use, and delete a
code nobody used; nobody deletes a code a record points to; everyone else is refused and
changes nothing."""

import datetime

import pytest
from django.urls import reverse

from partners.models import ReasonCode
from partners.permissions import reason_code_in_use
from referrals import services
from tests.partners.factories import UserFactory
from tests.referrals.conftest import S, case, programme  # noqa: F401 - fixtures

pytestmark = pytest.mark.django_db

KEEPERS = {"secretariat", "superuser"}
PRINCIPALS = ["secretariat", "superuser", "editor", "org_admin", "case_reviewer", "outsider"]


@pytest.fixture
def people(orgs, moderator):
    return {
        "secretariat": moderator,
        "superuser": UserFactory(username="spravce", is_superuser=True, is_staff=True),
        "editor": orgs.sender.users["editor"],
        "org_admin": orgs.receiver.users["org_admin"],
        "case_reviewer": orgs.receiver.users["case_reviewer"],
        "outsider": orgs.outsider,
    }


def _url(name, *args):
    return reverse(f"wagtailsnippets_partners_reasoncode:{name}", args=args)


def _unused():
    return ReasonCode.objects.create(code_list="decline", code="novy", label="Nový důvod")


def _used(casework):
    referral = casework.make(S.UNDER_REVIEW)
    used = ReasonCode.objects.get(code_list="decline", code="capacity")
    services.referral_decide(
        referral=referral,
        user=casework.reviewer,
        decision="decline",
        reason="x",
        reason_code=used,
    )
    return used


ACTIONS = ["list", "add", "rename", "delete_unused", "delete_used"]


@pytest.mark.parametrize("principal", PRINCIPALS)
@pytest.mark.parametrize("action", ACTIONS)
def test_code_list_matrix(client, people, case, principal, action):  # noqa: F811
    client.force_login(people[principal])
    keeper = principal in KEEPERS
    if action == "list":
        response = client.get(_url("list"))
        assert (response.status_code == 200) is keeper
        if keeper:
            assert ReasonCode.objects.get(code_list="decline", code="debts").label in (
                response.content.decode()
            )
    elif action == "add":
        data = {"code_list": "exclusion", "code": "nasili", "label": "Násilí", "sort_order": 9}
        data["is_active"] = "on"
        response = client.post(_url("add"), data)
        created = ReasonCode.objects.filter(code_list="exclusion", code="nasili").exists()
        assert created is keeper, response.status_code
    elif action == "rename":
        code = ReasonCode.objects.get(code_list="decline", code="documents")
        data = {
            "code_list": "decline",
            "code": "documents",
            "label": "Chybí podklady",
            "sort_order": code.sort_order,
        }
        client.post(_url("edit", code.pk), data)
        code.refresh_from_db()
        assert (code.label == "Chybí podklady") is keeper
        assert not code.is_active or not keeper  # the unticked box took it out of use
    elif action == "delete_unused":
        code = _unused()
        client.post(_url("delete", code.pk))
        assert ReasonCode.objects.filter(pk=code.pk).exists() is not keeper
    else:
        code = _used(case)
        response = client.post(_url("delete", code.pk))
        assert response.status_code in (302, 403)
        assert ReasonCode.objects.filter(pk=code.pk).exists()


def test_a_code_is_in_use_once_any_record_or_its_history_points_to_it(case):  # noqa: F811
    code = ReasonCode.objects.get(code_list="early_end", code="left")
    assert not reason_code_in_use(code)
    referral = case.make(S.PLACED)
    services.referral_close(
        referral=referral,
        user=case.receiver_worker,
        outcome="dropped_out",
        closed_on=datetime.date.today(),
        end_code=code,
    )
    assert reason_code_in_use(code)
    # the record is corrected later: the history still holds the code
    referral.stay.end_code = None
    referral.stay.save()
    assert reason_code_in_use(code)


def test_seeded_code_lists_have_czech_labels():
    lists = dict.fromkeys(ReasonCode.List.values, 0)
    for code in ReasonCode.objects.all():
        lists[code.code_list] += 1
    assert all(count >= 4 for count in lists.values()), lists
    assert ReasonCode.objects.get(code_list="move_down", code="new_debt").label.startswith("Nový")


# --- Deleting a code in use: a Czech message, never a 500 ----------------------------------


@pytest.mark.parametrize("method", ["get", "post"])
def test_deleting_a_used_code_says_why_in_czech(client, moderator, case, method):  # noqa: F811
    code = _used(case)
    client.force_login(moderator)
    response = getattr(client, method)(_url("delete", code.pk), follow=True)
    assert response.redirect_chain[-1][0] == _url("edit", code.pk)
    page = response.content.decode()
    assert "už je v záznamech použit" in page and "nelze smazat" in page
    assert ReasonCode.objects.filter(pk=code.pk).exists()


def test_a_code_used_after_the_check_is_still_refused_with_the_message(
    client,
    moderator,
    case,  # noqa: F811
    monkeypatch,
):
    code = _used(case)
    # The check ran before the record pointed to it: the database's PROTECT refuses.
    monkeypatch.setattr("partners.wagtail_hooks.can_delete_reason_code", lambda user, c: True)
    client.force_login(moderator)
    response = client.post(_url("delete", code.pk), follow=True)
    assert "nelze smazat" in response.content.decode()
    assert ReasonCode.objects.filter(pk=code.pk).exists()


def test_protected_code_lists_in_the_django_admin_refuse_deletion_in_czech(client, programme):  # noqa: F811
    from partners.models import PathwayStage

    admin = UserFactory(username="spravce-ciselniku", is_superuser=True, is_staff=True)
    stage = PathwayStage.objects.get(pk=programme.stage_id)
    client.force_login(admin)
    url = reverse("admin:partners_pathwaystage_delete", args=[stage.pk])
    response = client.post(url, {"post": "yes"})
    assert response.status_code == 200
    assert "chráněné" in response.content.decode() or "chráněn" in response.content.decode()
    assert PathwayStage.objects.filter(pk=stage.pk).exists()


# --- Bulk delete from the snippet list: the same rule, the same message ----------------------


def _bulk_url(*codes):
    url = reverse("wagtail_bulk_action", args=("partners", "reasoncode", "delete"))
    return url + "?" + "&".join(f"id={code.pk}" for code in codes) + f"&next={_url('list')}"


def test_bulk_delete_removes_only_the_unused_codes_and_says_why_in_czech(
    client,
    moderator,
    case,  # noqa: F811
):
    used, unused = _used(case), _unused()
    client.force_login(moderator)
    confirm = client.get(_bulk_url(used, unused))
    assert confirm.status_code == 200
    page = confirm.content.decode()
    assert "už je v záznamech použit" in page or "už jsou v záznamech použité" in page
    assert used.label in page and unused.label in page
    response = client.post(_bulk_url(used, unused), follow=True)
    assert response.status_code == 200
    assert ReasonCode.objects.filter(pk=used.pk).exists()
    assert not ReasonCode.objects.filter(pk=unused.pk).exists()


def test_bulk_delete_of_a_code_used_after_the_check_is_refused_whole_never_a_500(
    client,
    moderator,
    case,  # noqa: F811
    monkeypatch,
):
    used, unused = _used(case), _unused()
    # The check ran before the record pointed to it: the database's PROTECT refuses.
    monkeypatch.setattr("partners.wagtail_hooks.can_delete_reason_code", lambda user, c: True)
    client.force_login(moderator)
    response = client.post(_bulk_url(used, unused), follow=True)
    assert response.status_code == 200
    assert "nelze smazat" in response.content.decode()
    assert ReasonCode.objects.filter(pk__in=[used.pk, unused.pk]).count() == 2  # nothing half


@pytest.mark.parametrize("principal", ["editor", "org_admin", "case_reviewer", "outsider"])
def test_bulk_delete_is_refused_to_everyone_but_the_keepers(client, people, principal):
    unused = _unused()
    client.force_login(people[principal])
    client.post(_bulk_url(unused))
    assert ReasonCode.objects.filter(pk=unused.pk).exists()
