"""The code lists of reasons in the Wagtail admin (Snippets → Reason codes), kept by the
coalition secretariat under partners.permissions."""

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import ProtectedError, Q
from django.shortcuts import redirect
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.permission_policies.base import BasePermissionPolicy
from wagtail.permissions import register_permission_policy
from wagtail.snippets.bulk_actions.delete import DeleteBulkAction
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
    points to is refused here with a Czech message, before its protected references could
    fail; one that came into use since the check is refused the same way, never a 500."""

    def dispatch(self, request, *args, **kwargs):
        if can_edit_code_lists(request.user) and not can_delete_reason_code(
            request.user, self.object
        ):
            return self._refused()
        return super().dispatch(request, *args, **kwargs)

    def delete_action(self):
        with transaction.atomic():
            super().delete_action()

    def form_valid(self, form):
        try:
            return super().form_valid(form)
        except ProtectedError:
            return self._refused()

    def _refused(self):
        messages.error(
            self.request,
            _(
                "The reason “%(label)s” has already been used in records, so it cannot be "
                "deleted: take it out of use instead (untick “in use”)."
            )
            % {"label": self.object.label},
        )
        return redirect(self.edit_url_name, self.object.pk)


class ReasonCodeBulkDelete(DeleteBulkAction):
    """Deleting several codes from the list: the policy leaves out the codes in use (the
    confirmation lists them with the reason, in Czech); one that came into use since is
    refused with the whole request, nothing half deleted, never a 500."""

    models = [ReasonCode]
    template_name = "partners/reasoncode_bulk_delete.html"

    def form_valid(self, form):
        try:
            return super().form_valid(form)
        except ProtectedError:
            labels = ", ".join(sorted({str(code.label) for code in self.actionable_objects}))
            messages.error(
                self.request,
                _(
                    "Nothing was deleted: a reason among “%(labels)s” has been used in records "
                    "since, so it cannot be deleted. Take it out of use instead."
                )
                % {"labels": labels},
            )
            return redirect(self.next_url)


# After Wagtail's own delete action for every snippet, so this one is the one for codes.
hooks.register("register_bulk_action", ReasonCodeBulkDelete, order=1)


class ReasonCodeViewSet(SnippetViewSet):
    model = ReasonCode
    delete_view_class = ReasonCodeDeleteView
    icon = "list-ul"
    list_display = ["label", "code_list", "code", "is_active", "sort_order"]
    list_filter = ["code_list", "is_active"]
    search_fields = ["label", "code"]
    ordering = ["code_list", "sort_order", "pk"]


register_snippet(ReasonCodeViewSet)
