from .selectors import active_memberships, user_is_coalition_member


def membership(request):
    user = getattr(request, "user", None)
    return {
        "user_memberships": active_memberships(user),
        "user_is_coalition_member": user_is_coalition_member(user),
    }
