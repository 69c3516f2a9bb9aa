"""Fixtures every app needs: the site tree, and organisations with a member in each role."""

from dataclasses import dataclass, field

import pytest
from wagtail.models import Page, Site

from cms.models import HomePage
from knowledge.models import LibraryIndexPage
from knowledge.workspaces import organisation_workspace_ensure, secretariat_ensure
from partners.models import Membership, Organisation
from tests.demo import demo_loaded
from tests.partners.factories import MembershipFactory, OrganisationFactory, UserFactory

ROLES = [choice for choice, _label in Membership.Role.choices]


@dataclass
class SiteTree:
    home: HomePage
    library: LibraryIndexPage
    secretariat_group: object


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker, tmp_path_factory):
    """The whole demo, loaded once for the module and rolled back after it (tests/demo.py);
    list the module in tests/scheduling.py so that one worker loads it, once."""
    with demo_loaded(django_db_blocker, tmp_path_factory.mktemp("demo-media")) as output:
        yield output


@pytest.fixture
def site_tree(db) -> SiteTree:
    root = Page.get_first_root_node()
    home = HomePage(title="Sociální bydlení", slug="uvod", intro="Portál odborného partnerství.")
    root.add_child(instance=home)
    Site.objects.update_or_create(
        is_default_site=True, defaults={"hostname": "localhost", "root_page": home, "port": 80}
    )
    library = LibraryIndexPage(title="Knihovna", slug="knihovna")
    home.add_child(instance=library)
    group = secretariat_ensure()
    for organisation in Organisation.objects.all():
        organisation_workspace_ensure(organisation)
    return SiteTree(home=home, library=library, secretariat_group=group)


@dataclass
class OrgWithMembers:
    organisation: Organisation
    users: dict = field(default_factory=dict)  # role -> user


def make_org_with_members(prefix: str, **org_kwargs) -> OrgWithMembers:
    organisation = OrganisationFactory(
        name=org_kwargs.pop("name", f"{prefix.title()} z.s."), slug=prefix, **org_kwargs
    )
    bundle = OrgWithMembers(organisation=organisation)
    for role in ROLES:
        user = UserFactory(username=f"{prefix}-{role}")
        MembershipFactory(user=user, organisation=organisation, role=role)
        bundle.users[role] = user
    return bundle


@dataclass
class Orgs:
    sender: OrgWithMembers
    receiver: OrgWithMembers
    third: OrgWithMembers
    outsider: object  # a logged-in user of no organisation


@pytest.fixture
def orgs(site_tree) -> Orgs:
    """A shelter that refers, a municipality that receives, a third member organisation,
    and a user who belongs to no organisation."""
    return Orgs(
        sender=make_org_with_members(
            "azylovy-dum", name="Azylový dům Přerov", kind=Organisation.Kind.SHELTER
        ),
        receiver=make_org_with_members(
            "mesto", name="Statutární město Přerov", kind=Organisation.Kind.MUNICIPALITY
        ),
        third=make_org_with_members(
            "treti", name="Třetí organizace z.s.", kind=Organisation.Kind.NGO
        ),
        outsider=UserFactory(username="outsider"),
    )


@pytest.fixture
def moderator(site_tree):
    user = UserFactory(username="sekretariat")
    user.groups.add(site_tree.secretariat_group)
    return user


@pytest.fixture
def page_cache_on(settings):
    """The page cache and the values kept under its content version (core.cache),
    switched on and empty (the test settings switch them off)."""
    from django.core.cache import cache

    settings.PORTAL_PAGE_CACHE = True
    settings.PORTAL_CONTENT_CACHE = True
    cache.clear()
    yield
    cache.clear()


@pytest.fixture(scope="module")
def migrated_data_restored(django_db_setup, django_db_blocker):
    """For the transactional test of a module, which ends with a flush that also empties
    what migrations put in (pathway stages, Wagtail's root page): put it back when the
    module is done, so the tests after it and a --reuse-db run find the database as the
    migrations left it. Ask for it on that test (usefixtures), not for the whole module:
    pytest-django runs a module's tests without the database last, after the browser tests.

    The connection the restore used is closed: while Playwright's event loop runs in this
    thread (the browser tests' session), Django gives the thread a connection of its own,
    which nothing else closes and which would keep the test database from being dropped."""
    from django.db import connection

    yield
    contents = getattr(connection, "_test_serialized_contents", None)
    if contents:
        with django_db_blocker.unblock():
            connection.creation.deserialize_db_from_string(contents)
            connection.close()
