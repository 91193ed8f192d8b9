from django.contrib import admin

from dvk.exemplars.models import (
    Commendation,
    Council,
    CouncilMember,
    CriteriaSet,
    Criterion,
    Cycle,
    Decision,
    Exemplar,
    FieldOfWork,
    Replication,
)


@admin.register(FieldOfWork)
class FieldOfWorkAdmin(admin.ModelAdmin):
    list_display = ("name", "code", "parent", "order", "is_active")
    list_filter = ("is_active",)


@admin.register(Cycle)
class CycleAdmin(admin.ModelAdmin):
    list_display = ("name", "start_year", "end_year")


class CriterionInline(admin.TabularInline):
    model = Criterion
    extra = 0


@admin.register(CriteriaSet)
class CriteriaSetAdmin(admin.ModelAdmin):
    list_display = (
        "name",
        "version",
        "applies_to",
        "pass_mark",
        "quorum",
        "min_months",
        "valid_from",
        "valid_to",
    )
    inlines = [CriterionInline]


class CouncilMemberInline(admin.TabularInline):
    model = CouncilMember
    extra = 0
    autocomplete_fields = ("user",)


@admin.register(Council)
class CouncilAdmin(admin.ModelAdmin):
    list_display = ("name", "level", "cycle", "organisation", "deciding_body")
    list_filter = ("level", "cycle")
    raw_id_fields = ("organisation", "deciding_body")
    inlines = [CouncilMemberInline]


@admin.register(Exemplar)
class ExemplarAdmin(admin.ModelAdmin):
    """Read-mostly: stages change only through the workflow (services.advance_exemplar)."""

    list_display = ("title", "kind", "stage", "level", "cycle", "organisation", "outstanding")
    list_filter = ("stage", "kind", "level", "cycle")
    search_fields = ("search_text",)
    raw_id_fields = ("organisation", "created_by")
    readonly_fields = ("stage", "registered_on", "replication_count")


@admin.register(Decision)
class DecisionAdmin(admin.ModelAdmin):
    list_display = ("number", "signed_on", "level", "cycle", "issuing_body", "verification_code")
    readonly_fields = ("number", "verification_code", "document")
    raw_id_fields = ("exemplar", "nomination", "issuing_body", "signed_by")


admin.site.register(Commendation)
admin.site.register(Replication)
