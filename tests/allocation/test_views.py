"""Pages of allocation: who sees what (404 otherwise), Czech form errors with nothing
changed, CSRF-protected forms, and query caps on the waiting list and the matching page."""

import datetime

import pytest
from django.urls import reverse

from allocation import services
from allocation.models import Flat, MemberScore, Offer, WaitingListEntry

pytestmark = pytest.mark.django_db

TODAY = datetime.date.today()


def _login(client, user):
    client.force_login(user)
    return client


def test_commission_member_scores_on_the_entry_page_and_sees_the_explanation(client, alloc):
    entry = alloc.applicant()
    _login(client, alloc.commission)
    url = reverse("allocation:entry", args=[entry.public_id])
    ids = [str(alloc.criteria[0].pk), str(alloc.criteria[3].pk)]
    response = client.post(
        reverse("allocation:entry_score_decide", args=[entry.public_id]),
        {"score-criteria": ids, "score-note": "Doloženo."},
    )
    assert response.status_code == 302
    entry.refresh_from_db()
    assert entry.score == 16
    page = client.get(url).content.decode()
    assert "Rodina s nezletilými dětmi" in page and "rodné listy dětí" in page
    assert 'id="score">16<' in page


def test_member_scoring_from_the_page_is_kept_per_member(client, alloc):
    entry = alloc.applicant()
    _login(client, alloc.commission)
    url = reverse("allocation:entry_score", args=[entry.public_id])
    client.post(url, {"score-criteria": [str(alloc.criteria[1].pk)]})
    score = MemberScore.objects.get(entry=entry)
    assert score.member == alloc.commission and score.total == 8
    entry.refresh_from_db()
    assert entry.score == 0  # a member's scoring does not rank the applicant by itself


def test_unknown_criterion_gives_a_czech_form_error_and_changes_nothing(client, alloc, settings):
    settings.LANGUAGE_CODE = "cs"
    entry = alloc.applicant()
    _login(client, alloc.commission)
    url = reverse("allocation:entry_score_decide", args=[entry.public_id])
    response = client.post(url, {"score-criteria": ["999999"]}, HTTP_ACCEPT_LANGUAGE="cs")
    assert response.status_code == 200
    assert "Vyberte platnou možnost" in response.content.decode()
    entry.refresh_from_db()
    assert entry.score == 0 and entry.history.count() == 1


def test_preferences_with_zero_persons_are_refused_with_a_message(client, alloc):
    entry = alloc.applicant()
    _login(client, alloc.commission)
    url = reverse("allocation:entry_preferences", args=[entry.public_id])
    response = client.post(url, {"prefs-household_size": "0", "prefs-min_rooms": "1"})
    assert response.status_code == 200
    assert "form-errors" in response.content.decode() or "errorlist" in response.content.decode()
    entry.refresh_from_db()
    assert entry.household_size == 1


def test_suspending_needs_a_reason_and_then_changes_the_status(client, alloc):
    entry = alloc.applicant()
    _login(client, alloc.commission)
    url = reverse("allocation:entry_status", args=[entry.public_id])
    response = client.post(url, {"status-status": "suspended", "status-reason": ""})
    assert response.status_code == 200 and "form-errors" in response.content.decode()
    entry.refresh_from_db()
    assert entry.status == "waiting"
    response = client.post(url, {"status-status": "suspended", "status-reason": "Hospitalizace"})
    assert response.status_code == 302
    entry.refresh_from_db()
    assert entry.status == "suspended" and entry.status_reason == "Hospitalizace"


def test_each_form_of_the_entry_page_posts_to_its_own_address(client, alloc):
    entry = alloc.applicant()
    _login(client, alloc.commission)
    page = client.get(reverse("allocation:entry", args=[entry.public_id])).content.decode()
    for name in ("entry_score", "entry_score_decide", "entry_preferences", "entry_status"):
        assert reverse(f"allocation:{name}", args=[entry.public_id]) in page, name
    # a form's own address takes no GET
    url = reverse("allocation:entry_status", args=[entry.public_id])
    assert client.get(url).status_code == 405


@pytest.mark.parametrize("who", ["third_reviewer", "outsider", "third_worker"])
def test_strangers_get_404_on_entry_list_flat_and_offer(client, alloc, orgs, who):
    entry = alloc.applicant()
    flat = alloc.flat(support_provider=orgs.receiver.organisation)
    offer = alloc.offer(flat=flat, entry=entry, lease_end=TODAY + datetime.timedelta(days=90))
    user = {
        "third_reviewer": orgs.third.users["case_reviewer"],
        "third_worker": orgs.third.users["social_worker"],
        "outsider": orgs.outsider,
    }[who]
    _login(client, user)
    for url in [
        reverse("allocation:entry", args=[entry.public_id]),
        reverse("allocation:waiting_list", args=[alloc.programme.pk]),
        reverse("allocation:flat", args=[flat.public_id]),
        reverse("allocation:offer", args=[offer.public_id]),
        reverse("allocation:offer_create", args=[flat.public_id, entry.public_id]),
    ]:
        assert client.get(url).status_code == 404, url
    for name in ("offer_accept", "offer_refuse"):
        response = client.post(
            reverse(f"allocation:{name}", args=[offer.public_id]), {"side": "support"}
        )
        assert response.status_code == 404
    offer.refresh_from_db()
    assert offer.support_accepted_at is None


def test_support_provider_sees_the_offer_but_not_who_the_applicant_is(client, alloc):
    entry = alloc.applicant()
    offer = alloc.offer(entry=entry, lease_end=TODAY + datetime.timedelta(days=90))
    _login(client, alloc.support)
    page = client.get(reverse("allocation:offer", args=[offer.public_id])).content.decode()
    assert entry.referral.reference not in page
    assert 'name="side" value="support"' in page and 'name="side" value="owner"' not in page
    # nor may it open the applicant's entry
    assert client.get(reverse("allocation:entry", args=[entry.public_id])).status_code == 404


def test_sender_sees_own_clients_entry_but_may_not_score(client, alloc, orgs):
    entry = alloc.applicant()
    _login(client, orgs.sender.users["social_worker"])
    page = client.get(reverse("allocation:entry", args=[entry.public_id]))
    decide = reverse("allocation:entry_score_decide", args=[entry.public_id])
    assert page.status_code == 200 and decide not in page.content.decode()
    assert client.post(decide, {"score-criteria": []}).status_code == 404


def test_full_offer_through_the_pages(client, alloc):
    entry = alloc.score(alloc.applicant(), "Oběť domácího násilí")
    flat = alloc.flat()
    _login(client, alloc.officer)
    page = client.get(reverse("allocation:flat", args=[flat.public_id])).content.decode()
    assert entry.referral.reference in page and 'class="match suitable"' in page
    response = client.post(
        reverse("allocation:offer_create", args=[flat.public_id, entry.public_id]),
        {
            "lease_start": TODAY.isoformat(),
            "lease_end": (TODAY + datetime.timedelta(days=180)).isoformat(),
            "support_worker": alloc.receiver_worker.pk,
        },
    )
    offer = Offer.objects.get()
    assert response.status_code == 302
    accept = reverse("allocation:offer_accept", args=[offer.public_id])
    client.post(accept, {"side": "owner"})
    client.force_login(alloc.support)
    client.post(accept, {"side": "support"})
    assert Flat.objects.get(pk=flat.pk).state == "let"
    assert WaitingListEntry.objects.get(pk=entry.pk).status == "housed"


def test_offer_with_lease_ending_before_it_starts_is_a_form_error(client, alloc):
    entry, flat = alloc.applicant(), alloc.flat()
    _login(client, alloc.officer)
    response = client.post(
        reverse("allocation:offer_create", args=[flat.public_id, entry.public_id]),
        {
            "lease_start": TODAY.isoformat(),
            "lease_end": (TODAY - datetime.timedelta(days=1)).isoformat(),
            "support_worker": alloc.receiver_worker.pk,
        },
    )
    assert response.status_code == 200
    assert not Offer.objects.exists()
    assert Flat.objects.get(pk=flat.pk).state == "vacant"


def test_refusal_without_reason_is_a_form_error_and_nothing_changes(client, alloc):
    offer = alloc.offer(lease_end=TODAY + datetime.timedelta(days=90), support_worker=None)
    _login(client, alloc.officer)
    response = client.post(
        reverse("allocation:offer_refuse", args=[offer.public_id]),
        {
            "side": "owner",
            "owner-refused_by_side": "applicant",
            "owner-refusal_category": "too_far",
            "owner-refusal_reason": "",
        },
    )
    assert response.status_code == 400
    offer.refresh_from_db()
    assert offer.status == "pending"


def test_forms_carry_csrf_tokens(client, alloc):
    entry = alloc.applicant()
    _login(client, alloc.commission)
    page = client.get(reverse("allocation:entry", args=[entry.public_id])).content.decode()
    forms = [chunk.split("</form>")[0] for chunk in page.split("<form")[1:]]
    posts = [form for form in forms if 'method="post"' in form.split(">")[0]]
    assert len(posts) >= 3
    assert all("csrfmiddlewaretoken" in form for form in posts)


def test_waiting_list_page_query_count_does_not_grow_with_the_list(
    client, alloc, django_assert_max_num_queries
):
    for _ in range(3):
        alloc.applicant()
    _login(client, alloc.commission)
    url = reverse("allocation:waiting_list", args=[alloc.programme.pk])
    with django_assert_max_num_queries(20):
        small = client.get(url)
    for _ in range(3):
        alloc.applicant()
    with django_assert_max_num_queries(20) as captured:
        large = client.get(url)
    assert large.content.decode().count("/prideleni/zadatel/") == 6
    assert small.content.decode().count("/prideleni/zadatel/") == 3
    assert len(captured.captured_queries) <= 20


def test_waiting_list_pages_show_everybody_with_their_place_on_the_whole_list(
    client, alloc, monkeypatch
):
    from allocation import views

    monkeypatch.setattr(views, "WAITING_LIST_PAGE", 2)
    entries = [alloc.applicant() for _ in range(5)]
    WaitingListEntry.objects.filter(pk=entries[4].pk).update(status="suspended")
    _login(client, alloc.commission)
    url = reverse("allocation:waiting_list", args=[alloc.programme.pk])

    def page(params):
        content = client.get(url, params).content.decode()
        body = content[content.index("<tbody") : content.index("</tbody>")]
        ranks = [cell.split("</td>")[0] for cell in body.split("<tr>\n      <td>")[1:]]
        return content, body, ranks

    first, body, ranks = page({})
    assert ranks == ["1", "2"]
    assert 'rel="next" href="?page=2"' in first and 'rel="prev"' not in first
    assert "Stránka 1" in first
    second, body, ranks = page({"page": "2", "status": "waiting"})
    assert ranks == ["3", "4"]
    assert 'rel="prev" href="?page=1&amp;status=waiting"' in second
    assert 'rel="next"' not in second  # the suspended entry is not on the waiting list
    # a page past the end says so and leads back; a page that is no number is the first
    past = client.get(url, {"page": "9"}).content.decode()
    assert "Na této stránce seznamu nic není." in past and "?page=1" in past
    _content, _body, ranks = page({"page": "druhá"})
    assert ranks == ["1", "2"]
    suspended, body, _ranks = page({"status": "suspended"})
    assert body.count("/prideleni/zadatel/") == 1 and 'rel="next"' not in suspended


def test_flat_list_pages_show_every_flat(client, alloc, monkeypatch):
    from allocation import views

    monkeypatch.setattr(views, "FLAT_LIST_PAGE", 2)
    flats = [alloc.flat() for _ in range(3)]
    _login(client, alloc.officer)
    url = reverse("allocation:flat_list")
    shown = []
    for number in (1, 2):
        content = client.get(url, {"page": number}).content.decode()
        shown += [flat.public_id for flat in flats if str(flat.public_id) in content]
        assert ('rel="next"' in content) == (number == 1)
    assert sorted(map(str, shown)) == sorted(str(flat.public_id) for flat in flats)
    past = client.get(url, {"page": 3}).content.decode()
    assert "Na této stránce seznamu nic není." in past


def test_matching_page_query_cap(client, alloc, django_assert_max_num_queries):
    for _ in range(4):
        alloc.applicant()
    flat = alloc.flat()
    _login(client, alloc.officer)
    with django_assert_max_num_queries(20):
        response = client.get(reverse("allocation:flat", args=[flat.public_id]))
    assert (
        response.content.decode().count("Offer the flat to")
        + response.content.decode().count("Nabídnout byt")
        == 4
    )


def test_capacity_board_shows_counts_and_no_client_data(client, alloc, orgs):
    entry = alloc.applicant()
    alloc.flat()
    alloc.flat(address="Dolní 3, Ostrava")
    alloc.offer(
        flat=alloc.flat(address="Střední 5, Ostrava"),
        entry=entry,
        lease_end=TODAY + datetime.timedelta(days=90),
        support_worker=None,
    )
    _login(client, orgs.sender.users["editor"])
    page = client.get(reverse("allocation:capacity")).content.decode()
    assert '<td class="vacant">2</td>' in page
    assert entry.referral.reference not in page and "Horní 12" not in page
    client.force_login(orgs.outsider)
    assert client.get(reverse("allocation:capacity")).status_code == 404


def test_support_provider_sees_the_flat_without_applicants_and_cannot_edit_it(client, alloc):
    alloc.applicant()
    flat = alloc.flat()
    _login(client, alloc.support)
    page = client.get(reverse("allocation:flat", args=[flat.public_id])).content.decode()
    assert flat.address in page and 'id="matches"' not in page
    assert client.get(reverse("allocation:flat_edit", args=[flat.public_id])).status_code == 404


def test_flat_with_zero_rooms_is_refused_and_not_recorded(client, alloc):
    _login(client, alloc.officer)
    response = client.post(
        reverse("allocation:flat_create"),
        {
            "address": "Zkušební 1",
            "district": alloc.districts["jih"].pk,
            "owner": alloc.orgs.receiver.organisation.pk,
            "programme": alloc.programme.pk,
            "stage": alloc.programme.stage_id,
            "places": 1,
            "rooms": 0,
            "size_m2": "40",
            "max_occupants": 2,
            "rent": 4000,
            "deposit": "none",
            "support_provider": alloc.orgs.third.organisation.pk,
        },
    )
    assert response.status_code == 200
    assert "errorlist" in response.content.decode()
    assert not Flat.objects.filter(address="Zkušební 1").exists()


def test_officer_puts_a_let_flat_under_repair_only_through_allowed_states(alloc):
    from allocation.errors import WrongState

    flat = alloc.flat()
    services.flat_update(flat=flat, user=alloc.officer, state="under_repair")
    flat.refresh_from_db()
    assert flat.state == "under_repair"
    assert flat.history.first().history_change_reason == "allocation.flat_updated"
    with pytest.raises(WrongState):
        services.flat_update(flat=flat, user=alloc.officer, state="let")
