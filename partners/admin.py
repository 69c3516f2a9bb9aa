from django.contrib import admin

from .models import IntakeCriterion, Membership, Organisation, PathwayStage, Programme, TargetGroup


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    autocomplete_fields = ["user"]


class IntakeCriterionInline(admin.TabularInline):
    model = IntakeCriterion
    extra = 0


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "municipality", "region", "ico", "is_member"]
    list_filter = ["kind", "region", "is_member"]
    search_fields = ["name", "short_name", "ico", "municipality"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [MembershipInline]


@admin.register(Programme)
class ProgrammeAdmin(admin.ModelAdmin):
    list_display = ["name", "organisation", "kind", "stage", "approach", "capacity", "is_active"]
    list_filter = ["kind", "stage", "approach", "is_active"]
    search_fields = ["name", "organisation__name"]
    inlines = [IntakeCriterionInline]


admin.site.register(PathwayStage)
admin.site.register(TargetGroup)
