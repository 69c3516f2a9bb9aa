from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import District, ScoringCriterion


@admin.register(District)
class DistrictAdmin(admin.ModelAdmin):
    list_display = ["name", "city"]
    search_fields = ["name"]


@admin.register(ScoringCriterion)
class ScoringCriterionAdmin(SimpleHistoryAdmin):
    list_display = ["name", "points", "programme", "sort_order", "is_active"]
    list_filter = ["programme", "is_active"]
