from django.contrib import admin

from dvk.deadlines.models import CalendarOverride, DeadlineRule


@admin.register(DeadlineRule)
class DeadlineRuleAdmin(admin.ModelAdmin):
    list_display = ("rule_id", "name", "days", "day_type", "valid_from", "valid_to", "pauses_excluded")
    list_filter = ("day_type", "pauses_excluded")
    search_fields = ("rule_id", "name", "legal_ref")
    ordering = ("rule_id", "valid_from")
    fieldsets = (
        (None, {"fields": ("rule_id", "name", "legal_ref", "start_event", "note")}),
        (None, {"fields": ("valid_from", "valid_to", "days", "day_type")}),
        (
            None,
            {
                "fields": (
                    "complex_days",
                    "remote_days",
                    "remote_complex_days",
                    "multi_location_days",
                    "extension_days",
                    "max_extensions",
                    "pauses_excluded",
                )
            },
        ),
    )


@admin.register(CalendarOverride)
class CalendarOverrideAdmin(admin.ModelAdmin):
    list_display = ("date", "kind", "note", "legal_ref")
    list_filter = ("kind",)
    date_hierarchy = "date"
    search_fields = ("note", "legal_ref")
