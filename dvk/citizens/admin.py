from django.contrib import admin

from dvk.citizens.models import Field, Policy, ReceptionDuty, ReceptionFrequency


@admin.register(Policy)
class PolicyAdmin(admin.ModelAdmin):
    list_display = (
        "__str__",
        "crowd_threshold",
        "prolonged_after_days",
        "prolonged_reopen_count",
        "alert_days",
    )


@admin.register(Field)
class FieldAdmin(admin.ModelAdmin):
    list_display = ("name", "code", "parent", "order", "active")
    list_filter = ("active",)
    search_fields = ("name", "code")


@admin.register(ReceptionFrequency)
class ReceptionFrequencyAdmin(admin.ModelAdmin):
    list_display = ("name", "times", "per", "legal_ref")


@admin.register(ReceptionDuty)
class ReceptionDutyAdmin(admin.ModelAdmin):
    list_display = ("title", "organisation", "frequency", "active")
    list_filter = ("active", "frequency")
    raw_id_fields = ("organisation", "holder")
