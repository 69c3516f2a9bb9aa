"""Reads about organisations, memberships and programmes."""

from django.contrib.auth.models import AnonymousUser
from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet

from .models import Contact, IntakeCriterion, Membership, Organisation, PathwayStage, Programme

MEMBERSHIP_CACHE_ATTR = "_partners_active_memberships"


def active_memberships(user) -> list[Membership]:
    """The user's active memberships, cached on the user object for the request."""
    if user is None or isinstance(user, AnonymousUser) or not user.is_authenticated:
        return []
    cached = getattr(user, MEMBERSHIP_CACHE_ATTR, None)
    if cached is None:
        cached = list(
            Membership.objects.filter(user=user, is_active=True).select_related("organisation")
        )
        setattr(user, MEMBERSHIP_CACHE_ATTR, cached)
    return cached


SIGNED_IN_VERSION_KEY = "partners:signed-in:version"


def signed_in_user(user_id, load):
    """The session's user, as `load()` reads it (None: no such user, or one who may not
    sign in), with its active memberships: from the shared cache while nothing they are
    read from has changed, else loaded and kept.

    Every page a signed-in user opens needs both, and they change seldom (a login, a role,
    an organisation joining the coalition), so they are kept as the content is
    (core.cache.versioned_cached): under a version token that every save or delete of a
    user, a group, a user's groups, a membership or an organisation replaces
    (partners.signals), so nothing read before a change is used after it; what is read
    while a change is being made is stored under the version read before, which the
    change then replaces. The key is the user's, and what is kept is what the database
    holds (the password's hash too, as Django's sessions keep its HMAC in the same cache).
    Off without a shared cache (PORTAL_SIGNED_IN_CACHE)."""
    from django.conf import settings

    from core.cache import versioned_cached

    def compute():
        user = load()
        if user is not None:
            active_memberships(user)  # kept on the user object, and so in the cache
        return user

    return versioned_cached(
        SIGNED_IN_VERSION_KEY,
        f"partners:signed-in:{user_id}",
        compute,
        timeout=settings.PORTAL_SIGNED_IN_SECONDS,
        enabled=settings.PORTAL_SIGNED_IN_CACHE,
    )


def user_is_coalition_member(user) -> bool:
    """Members-only knowledge is for logged-in users of a member organisation."""
    return any(m.organisation.is_member for m in active_memberships(user))


def visibility_class(user, organisation: Organisation | None = None) -> str:
    """What a reader may see, as a cache key shared by every reader alike (never a user's
    own key): "public" (anonymous visitors and users outside the coalition), "member"
    (members of a member organisation), or, on a page that shows an organisation's own
    members more (`organisation` given), "organisation-<id>" for that organisation's
    members. Fragments cached under it (core.cache.content_cached) must hold nothing else
    that depends on the reader."""
    if organisation is not None and organisation.pk in user_organisation_ids(user):
        return f"organisation-{organisation.pk}"
    return "member" if user_is_coalition_member(user) else "public"


def user_organisation_ids(user, *roles: str) -> set[int]:
    return {m.organisation_id for m in active_memberships(user) if not roles or m.role in roles}


def organisations_directory(
    *,
    kind: str = "",
    region: str = "",
    stage: str = "",
    target_group: str = "",
    query: str = "",
) -> QuerySet[Organisation]:
    qs = Organisation.objects.all()
    if kind:
        qs = qs.filter(kind=kind)
    if region:
        qs = qs.filter(region=region)
    # Stage and target group must meet in one active programme ("training housing for
    # families"), so they go into a single filter() over the programmes relation.
    # A semi-join (EXISTS), not a join: no organisation repeats, so no DISTINCT over every
    # column, and the directory stays a walk of the name index that stops after a page.
    programme_conditions = {}
    if stage:
        programme_conditions["stage__slug"] = stage
    if target_group:
        programme_conditions["target_groups__slug"] = target_group
    if programme_conditions:
        matching = Programme.objects.filter(
            organisation=OuterRef("pk"), is_active=True, **programme_conditions
        )
        qs = qs.filter(Exists(matching))
    if query:
        qs = qs.filter(Q(name__icontains=query) | Q(municipality__icontains=query))
    active = Programme.objects.filter(is_active=True).select_related("stage")
    return qs.order_by("name").prefetch_related(Prefetch("programmes", queryset=active))


def criteria_prefetch() -> Prefetch:
    """A programme's intake conditions with the service a condition names (its label)."""
    return Prefetch("intake_criteria", queryset=IntakeCriterion.objects.select_related("service"))


def organisation_programmes(organisation: Organisation) -> QuerySet[Programme]:
    return (
        organisation.programmes.filter(is_active=True)
        .select_related("stage")
        .prefetch_related("target_groups", criteria_prefetch())
    )


def public_contacts(organisation: Organisation) -> QuerySet[Contact]:
    return organisation.contacts.filter(is_public=True).select_related("programme")


def _public_contacts_prefetch() -> Prefetch:
    return Prefetch(
        "contacts", queryset=Contact.objects.filter(is_public=True), to_attr="public_contacts"
    )


def hsds_organisations(*, search: str = "") -> QuerySet[Organisation]:
    """Every organisation of the public directory, with what the open data shows of it."""
    qs = Organisation.objects.order_by("pk")
    if search:
        qs = qs.filter(
            Q(name__icontains=search)
            | Q(short_name__icontains=search)
            | Q(municipality__icontains=search)
        )
    return qs


def hsds_organisations_full(qs: QuerySet[Organisation]) -> QuerySet[Organisation]:
    active = (
        Programme.objects.filter(is_active=True)
        .select_related("organisation", "stage")
        .prefetch_related(criteria_prefetch(), "target_groups")
        .order_by("pk")
    )
    return qs.prefetch_related(
        _public_contacts_prefetch(),
        Prefetch("programmes", queryset=active, to_attr="active_programmes"),
    )


def hsds_programmes(
    *, search: str = "", organisation_id: int | None = None, term: tuple[str, str] | None = None
) -> QuerySet[Programme]:
    """The active programmes of the public directory (a registry proposal is no programme
    until it is accepted), filtered by organisation or by one taxonomy term."""
    qs = Programme.objects.filter(is_active=True).select_related("organisation", "stage")
    if search:
        qs = qs.filter(
            Q(name__icontains=search)
            | Q(description__icontains=search)
            | Q(organisation__name__icontains=search)
        )
    if organisation_id is not None:
        qs = qs.filter(organisation_id=organisation_id)
    if term is not None:
        taxonomy, code = term
        field = {
            "target-groups": "target_groups__slug",
            "pathway-stages": "stage__slug",
            "programme-kinds": "kind",
            "approaches": "approach",
            "organisation-kinds": "organisation__kind",
        }[taxonomy]
        qs = qs.filter(**{field: code})
    return qs.distinct().order_by("pk")


def hsds_programmes_full(qs: QuerySet[Programme]) -> QuerySet[Programme]:
    public = Contact.objects.filter(is_public=True)
    return qs.prefetch_related(
        criteria_prefetch(),
        "target_groups",
        Prefetch("contacts", queryset=public, to_attr="public_contacts"),
    )


def pathway_stages() -> QuerySet[PathwayStage]:
    """The rungs of the housing pathway, lowest first."""
    return PathwayStage.objects.order_by("level")
