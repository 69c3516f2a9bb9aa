from .permissions import can_view_outcomes


def navigation(request):
    """Whether the menu offers the outcome figures: only to those who may open them. A
    callable, so the check runs only on pages whose menu asks (templates call it)."""
    user = getattr(request, "user", None)
    return {"can_view_outcomes": lambda: user is not None and can_view_outcomes(user)}
