from django.contrib import admin

from dvk.documents.models import Document, IssuerProfile


@admin.register(IssuerProfile)
class IssuerProfileAdmin(admin.ModelAdmin):
    list_display = ("organisation", "abbreviation", "form", "place", "superior")
    search_fields = ("organisation__name", "abbreviation")
    autocomplete_fields = ("organisation",)


@admin.register(Document)
class DocumentAdmin(admin.ModelAdmin):
    """Read-only: register rows are written by services only (numbers are never edited)."""

    list_display = ("number", "doc_type", "issued_on", "organisation", "title", "secrecy", "source")
    list_filter = ("doc_type", "year", "secrecy", "source")
    search_fields = ("number", "title")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
