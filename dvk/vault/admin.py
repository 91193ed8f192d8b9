"""Read-only admin views: the administrator sees that identities exist and who read them, never
their content (no decrypting from the admin)."""

from django.contrib import admin

from dvk.vault.models import IdentityAccess, SealedFile, SealedIdentity


class ReadOnly(admin.ModelAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(SealedIdentity)
class SealedIdentityAdmin(ReadOnly):
    list_display = (
        "id",
        "owner_type",
        "owner_id",
        "paper_reference",
        "created_at",
        "created_by",
        "rotated_at",
    )
    list_filter = ("owner_type",)
    fields = ("owner_type", "owner_id", "paper_reference", "created_at", "created_by", "rotated_at")


@admin.register(IdentityAccess)
class IdentityAccessAdmin(ReadOnly):
    list_display = (
        "at",
        "user_name",
        "sealed",
        "sealed_file",
        "owner_type",
        "owner_id",
        "reason",
        "ip_address",
    )
    list_filter = ("owner_type",)
    search_fields = ("user_name", "reason")


@admin.register(SealedFile)
class SealedFileAdmin(ReadOnly):
    list_display = (
        "id",
        "owner_type",
        "owner_id",
        "label",
        "content_type",
        "size",
        "created_at",
        "created_by",
    )
    list_filter = ("owner_type",)
    fields = (
        "owner_type",
        "owner_id",
        "label",
        "content_type",
        "size",
        "created_at",
        "created_by",
        "rotated_at",
    )
