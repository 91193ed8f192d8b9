from django.contrib import admin

from dvk.reports.models import PeriodicReport


@admin.register(PeriodicReport)
class PeriodicReportAdmin(admin.ModelAdmin):
    """Read-only: reports are written by services only (dvk.reports.services)."""

    list_display = ("period_label", "kind", "organisation", "stage", "number", "period_end")
    list_filter = ("kind", "stage")
    search_fields = ("title", "number")
    list_select_related = ("organisation",)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
