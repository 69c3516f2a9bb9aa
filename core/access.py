"""Who a user is to the portal as a whole, asked the same way by every app.

The coalition secretariat moderates the library, drafts the reports and keeps the record of
processing activities; it is a Django auth group, so the predicate needs nothing above core.
Whether a user belongs to a member organisation is a question about memberships and is
answered by partners.selectors.user_is_coalition_member, the owner of memberships.
"""

SECRETARIAT_GROUP = "Sekretariát koalice"


def is_secretariat(user) -> bool:
    """A superuser or a member of the coalition secretariat's group."""
    if user is None or not user.is_authenticated or not user.is_active:
        return False
    if user.is_superuser:
        return True
    return user.groups.filter(name=SECRETARIAT_GROUP).exists()
