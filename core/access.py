"""Who a user is to the portal as a whole, asked the same way by every app.

The coalition secretariat moderates the library, drafts the reports and keeps the record of
processing activities; it is a Django auth group, so the predicate needs nothing above core.
Whether a user belongs to a member organisation is a question about memberships and is
answered by partners.selectors.user_is_coalition_member, the owner of memberships.
"""

from django.contrib.auth.models import Group
from django.db.models import Exists, OuterRef

SECRETARIAT_GROUP = "Sekretariát koalice"
# The answer is kept on the user object, which lives for one request (as the memberships
# are, partners.selectors): the menu asks on every page, and the page often asks again.
# The request's user comes with it already (portal.accounts.backends.ModelBackend loads
# the user annotated with `secretariat_annotation()` under this name).
SECRETARIAT_CACHE_ATTR = "_portal_is_secretariat"


def secretariat_annotation() -> Exists:
    """Whether the outer user row is in the secretariat's group, as a query expression: the
    same test as is_secretariat's query, read with the user's row."""
    return Exists(Group.objects.filter(user=OuterRef("pk"), name=SECRETARIAT_GROUP).order_by())


def is_secretariat(user) -> bool:
    """A superuser or a member of the coalition secretariat's group."""
    if user is None or not user.is_authenticated or not user.is_active:
        return False
    if user.is_superuser:
        return True
    cached = getattr(user, SECRETARIAT_CACHE_ATTR, None)
    if cached is None:
        cached = user.groups.filter(name=SECRETARIAT_GROUP).exists()
        setattr(user, SECRETARIAT_CACHE_ATTR, cached)
    return cached
