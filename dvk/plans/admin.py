from django.contrib import admin

from dvk.plans.models import (
    Activity,
    Assignment,
    Campaign,
    Event,
    Indicator,
    Plan,
    Recommendation,
    ReminderTier,
    Report,
    SupervisionProgramme,
    Theme,
    UrgeLetter,
)


@admin.register(Theme)
class ThemeAdmin(admin.ModelAdmin):
    list_display = ["name", "year"]


@admin.register(Indicator)
class IndicatorAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "unit", "order", "active"]
    list_editable = ["order", "active"]


@admin.register(ReminderTier)
class ReminderTierAdmin(admin.ModelAdmin):
    list_display = ["kind", "days", "active"]
    list_editable = ["days", "active"]


@admin.register(Plan)
class PlanAdmin(admin.ModelAdmin):
    list_display = ["number", "title", "organisation", "issued_on", "stage"]
    list_filter = ["stage"]
    search_fields = ["number", "title"]
    raw_id_fields = ["organisation", "parent", "parent_assignment", "created_by"]
    readonly_fields = ["stage"]


@admin.register(Assignment)
class AssignmentAdmin(admin.ModelAdmin):
    list_display = ["organisation", "task", "due_on", "stage"]
    list_filter = ["stage"]
    raw_id_fields = ["task", "plan", "organisation"]
    readonly_fields = ["stage"]


@admin.register(Report)
class ReportAdmin(admin.ModelAdmin):
    list_display = ["organisation", "period", "due_on", "stage"]
    list_filter = ["stage"]
    raw_id_fields = ["assignment", "organisation", "submitted_by"]
    readonly_fields = ["stage"]


admin.site.register([UrgeLetter, SupervisionProgramme, Recommendation, Campaign, Activity, Event])
