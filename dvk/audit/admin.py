from django.contrib import admin

from dvk.audit.models import AuditEvent


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin):
    """Read-only: the application offers no way to edit or delete audit events."""

    list_display = ("at", "actor_name", "action", "target_type", "target_id", "target_repr", "ip_address")
    list_filter = ("action",)
    search_fields = ("actor_name", "target_repr", "target_id")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
