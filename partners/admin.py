from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _

from core.errors import DomainError

from .models import (
    Contact,
    IntakeCriterion,
    Membership,
    Organisation,
    PathwayStage,
    Programme,
    RegistryRecord,
    TargetGroup,
    VisitPhase,
)
from .mpsv.proposals import registry_record_accept, registry_record_dismiss


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    autocomplete_fields = ["user"]


class ContactInline(admin.TabularInline):
    model = Contact
    extra = 0
    fields = ["kind", "name", "title", "department", "email", "phone", "programme", "is_public"]


class IntakeCriterionInline(admin.TabularInline):
    model = IntakeCriterion
    extra = 0


class VisitPhaseInline(admin.TabularInline):
    """Later phases of the visit schedule; the programme's own interval holds from move-in."""

    model = VisitPhase
    extra = 0


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "municipality", "region", "ico", "is_member"]
    list_filter = ["kind", "region", "is_member"]
    search_fields = ["name", "short_name", "ico", "municipality"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [ContactInline, MembershipInline]


@admin.register(Programme)
class ProgrammeAdmin(admin.ModelAdmin):
    list_display = ["name", "organisation", "kind", "stage", "approach", "capacity", "is_active"]
    list_filter = ["kind", "stage", "approach", "is_active"]
    search_fields = ["name", "organisation__name", "registry_id"]
    inlines = [IntakeCriterionInline, VisitPhaseInline]


@admin.register(RegistryRecord)
class RegistryRecordAdmin(admin.ModelAdmin):
    """The registry import's records; proposals are accepted or dismissed by the actions."""

    list_display = ["name", "kind", "key", "provider_ico", "status", "organisation", "programme"]
    list_filter = ["status", "kind"]
    search_fields = ["name", "key", "provider_ico"]
    readonly_fields = [
        "kind",
        "key",
        "provider_ico",
        "name",
        "status",
        "organisation",
        "programme",
        "values",
        "first_seen_at",
        "last_seen_at",
        "changed_at",
    ]
    actions = ["accept", "dismiss"]

    def has_add_permission(self, request):
        return False  # records come from the import

    def _decide(self, request, queryset, decide) -> None:
        done = 0
        for record in queryset:
            try:
                decide(record=record, user=request.user)
            except DomainError as error:
                self.message_user(request, f"{record}: {error.message}", messages.ERROR)
            else:
                done += 1
        if done:
            self.message_user(request, _("Decided: %(n)s") % {"n": done}, messages.SUCCESS)

    @admin.action(description=_("Accept into the directory"))
    def accept(self, request, queryset):
        self._decide(request, queryset, registry_record_accept)

    @admin.action(description=_("Dismiss"))
    def dismiss(self, request, queryset):
        self._decide(request, queryset, registry_record_dismiss)


admin.site.register(PathwayStage)
admin.site.register(TargetGroup)
