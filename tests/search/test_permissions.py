"""Members-only content is indexed with its visibility and filtered by membership; drafts
are never indexed; nothing from the referral module is."""

import pytest
from django.apps import apps
from django.contrib.auth.models import AnonymousUser
from django.test import Client

from partners.models import Membership
from search import sources
from search.client import connect, scan
from search.documents import alias_name
from search.models import SearchEntry
from search.selectors import autocomplete_titles, search_content
from tests.partners.factories import MembershipFactory, OrganisationFactory, UserFactory

pytestmark = pytest.mark.search_node

ROLES = [role for role, _label in Membership.Role.choices]
SECRET = "Interní postup kazuistické skupiny"


def visible_titles(user, query="kazuisticke skupiny"):
    return [hit.title for hit in search_content(user, query=query).hits]


@pytest.fixture
def items(publish):
    return {
        "public": publish(title="Veřejná metodika kazuistické skupiny", visibility="public"),
        "members": publish(title=SECRET, visibility="members"),
    }


@pytest.fixture
def non_member(db):
    """A user of an organisation that is not a coalition member."""
    organisation = OrganisationFactory(name="Nečlenská organizace", slug="necen", is_member=False)
    user = UserFactory(username="necen-worker")
    MembershipFactory(user=user, organisation=organisation)
    return user


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("org", ["sender", "receiver", "third"])
def test_members_see_members_only_items(items, orgs, backend, org, role):
    backend.activate()
    user = getattr(orgs, org).users[role]
    assert SECRET in visible_titles(user)


@pytest.mark.parametrize("who", ["anonymous", "outsider", "non_member"])
def test_others_do_not_see_members_only_items(items, orgs, non_member, backend, who):
    backend.activate()
    user = {"anonymous": AnonymousUser(), "outsider": orgs.outsider, "non_member": non_member}[who]
    found = visible_titles(user)
    assert "Veřejná metodika kazuistické skupiny" in found
    assert SECRET not in found


def test_inactive_membership_does_not_reveal_members_only_items(items, orgs):
    user = orgs.third.users["editor"]
    Membership.objects.filter(user=user).update(is_active=False)
    user.refresh_from_db()
    assert SECRET not in visible_titles(user)


def test_members_only_items_stay_out_of_facets_autocomplete_and_api(items, orgs, backend):
    backend.activate()
    anonymous = AnonymousUser()
    results = search_content(anonymous, query="kazuisticke skupiny")
    assert results.total == 1
    kind_counts = {o.value: o.count for o in results.facet("kind").options}
    assert kind_counts == {"methodology": 1}
    assert SECRET not in [s.title for s in autocomplete_titles(anonymous, prefix="intern")]
    member = orgs.receiver.users["social_worker"]
    assert SECRET in [s.title for s in autocomplete_titles(member, prefix="intern")]

    body = Client().get("/hledat/api/", {"q": "kazuisticke skupiny"}).json()
    assert [r["title"] for r in body["results"]] == ["Veřejná metodika kazuistické skupiny"]
    page = Client().get("/hledat/", {"q": "interni postup"}).content.decode()
    assert SECRET not in page


def test_members_only_hit_is_marked_for_members(items, orgs):
    member = orgs.sender.users["editor"]
    hit = next(h for h in search_content(member, query="interni postup").hits)
    assert hit.members_only is True


def test_draft_is_never_indexed(section, index_now, orgs):
    from tests.knowledge.factories import make_item

    with index_now():
        draft = make_item(section, title="Rozpracovaný koncept koncepce", live=False)
        draft.title = "Rozpracovaný koncept koncepce v2"
        draft.save_revision()  # a new draft revision, still not published
    assert not SearchEntry.objects.filter(key=f"page:{draft.pk}").exists()
    assert not connect().exists(index=alias_name(), id=f"page:{draft.pk}")
    member = orgs.sender.users["editor"]
    assert search_content(member, query="rozpracovany koncept").total == 0


def test_unpublished_changes_of_a_live_item_stay_out_until_published(publish, index_now):
    item = publish(title="Pravidla nájemného", summary="Výše nájemného v sociálních bytech.")
    with index_now():
        item.title = "Pravidla nájemného a záloh na energie"
        item.save_revision()  # draft: the live title stays
    found = [h.title for h in search_content(AnonymousUser(), query="zaloh na energie").hits]
    assert found == []
    with index_now():
        item.get_latest_revision().publish()
    found = [h.title for h in search_content(AnonymousUser(), query="zaloh na energie").hits]
    assert found == ["Pravidla nájemného a záloh na energie"]


def test_unpublishing_removes_the_item_at_once(publish, index_now, backend):
    item = publish(title="Pilotní ověření nízkoprahového bydlení")
    assert search_content(AnonymousUser(), query="nizkoprahove").total == 1
    with index_now():
        item.unpublish()
    backend.activate()
    assert search_content(AnonymousUser(), query="nizkoprahove").total == 0
    if backend.name == "engine":
        assert not connect().exists(index=alias_name(), id=f"page:{item.pk}")


def test_making_an_item_members_only_hides_it_at_once(publish, index_now, orgs, backend):
    item = publish(title="Zápis z jednání komise", visibility="public")
    assert search_content(AnonymousUser(), query="zapis z jednani").total == 1
    with index_now():
        item.visibility = "members"
        item.save_revision().publish()
    backend.activate()
    assert search_content(AnonymousUser(), query="zapis z jednani").total == 0
    assert search_content(orgs.receiver.users["editor"], query="zapis z jednani").total == 1


def test_deleting_an_item_removes_it(publish, index_now, backend):
    item = publish(title="Zastaralý formulář žádosti")
    with index_now():
        item.delete()
    backend.activate()
    assert search_content(AnonymousUser(), query="zastaraly formular").total == 0
    assert not SearchEntry.objects.filter(key=f"page:{item.pk}").exists()


def test_unpublishing_a_section_with_its_descendants_removes_its_items(
    publish, section, index_now, moderator
):
    from wagtail.actions.unpublish_page import UnpublishPageAction

    publish(title="Postup při vystěhování")
    with index_now():
        UnpublishPageAction(section, user=moderator, include_descendants=True).execute()
    assert search_content(AnonymousUser(), query="vystehovani").total == 0


def test_no_source_reads_the_referral_module():
    assert all(s.model._meta.app_label != "referrals" for s in sources.SOURCES)
    referral_models = list(apps.get_app_config("referrals").get_models())
    assert referral_models, "the referral module has models to guard against"
    for model in referral_models:
        with pytest.raises(sources.ForbiddenSource):
            type("Leak", (sources.Source,), {"model": model, "content_type": "leak"})
    assert sources.key_for(object()) is None


def test_index_holds_only_known_content_types(publish, orgs, rebuild):
    publish(title="Cokoliv")
    rebuild()
    kinds = {
        hit["_source"]["content_type"]
        for hit in scan(connect(), index=alias_name(), _source=["content_type"])
    }
    assert kinds <= {s.content_type for s in sources.SOURCES}
    assert "referral" not in " ".join(SearchEntry.objects.values_list("key", flat=True))
