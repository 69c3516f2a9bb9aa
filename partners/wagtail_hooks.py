"""The code lists of reasons in the Wagtail admin (Snippets → Reason codes), kept by the
coalition secretariat under partners.permissions."""

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from wagtail.permission_policies.base import BasePermissionPolicy
from wagtail.permissions import register_permission_policy
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import DeleteView, SnippetViewSet

from core.access import SECRETARIAT_GROUP

from .models import ReasonCode
from .permissions import can_delete_reason_code, can_edit_code_lists

ACTIONS = {"add", "change", "delete", "view"}


class ReasonCodePolicy(BasePermissionPolicy):
    def user_has_permission(self, user, action):
        return action in ACTIONS and can_edit_code_lists(user)

    def user_has_permission_for_instance(self, user, action, instance):
        if action == "delete":
            return can_delete_reason_code(user, instance)
        return self.user_has_permission(user, action)

    def users_with_any_permission(self, actions):
        if not ACTIONS & set(actions):
            return get_user_model().objects.none()
        return (
            get_user_model()
            .objects.filter(is_active=True)
            .filter(Q(is_superuser=True) | Q(groups__name=SECRETARIAT_GROUP))
            .distinct()
        )


register_permission_policy(ReasonCode, ReasonCodePolicy(ReasonCode))


class ReasonCodeDeleteView(DeleteView):
    """Wagtail asks the policy about deleting the model, not this code: a code a record
    points to is refused here (403), before its protected references could fail."""

    def get_object(self, queryset=None):
        code = super().get_object(queryset)
        if not can_delete_reason_code(self.request.user, code):
            raise PermissionDenied
        return code


class ReasonCodeViewSet(SnippetViewSet):
    model = ReasonCode
    delete_view_class = ReasonCodeDeleteView
    icon = "list-ul"
    list_display = ["label", "code_list", "code", "is_active", "sort_order"]
    list_filter = ["code_list", "is_active"]
    search_fields = ["label", "code"]
    ordering = ["code_list", "sort_order", "pk"]


register_snippet(ReasonCodeViewSet)
