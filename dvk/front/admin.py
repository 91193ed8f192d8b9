from django.contrib import admin

from dvk.front.models import Comment, Critique, Programme, Recommendation, Supervision


@admin.register(Programme)
class ProgrammeAdmin(admin.ModelAdmin):
    list_display = ["title", "organisation", "year"]
    list_filter = ["year"]
    list_select_related = ["organisation"]
    raw_id_fields = ["organisation", "created_by"]


@admin.register(Supervision)
class SupervisionAdmin(admin.ModelAdmin):
    list_display = ["title", "kind", "organisation", "supervised", "stage"]
    list_filter = ["kind", "stage"]
    list_select_related = ["organisation", "supervised"]
    raw_id_fields = ["programme", "organisation", "supervised", "escalate_to", "created_by"]
    search_fields = ["search_text"]


@admin.register(Recommendation)
class RecommendationAdmin(admin.ModelAdmin):
    list_display = ["text", "addressee", "due_on", "stage"]
    list_filter = ["stage"]
    list_select_related = ["addressee"]
    raw_id_fields = ["supervision", "organisation", "addressee", "escalated_to", "answered_by"]
    show_full_result_count = False


@admin.register(Critique)
class CritiqueAdmin(admin.ModelAdmin):
    list_display = ["title", "drafting_body", "organisation", "stage", "document_number"]
    list_filter = ["stage", "form"]
    list_select_related = ["drafting_body", "organisation"]
    raw_id_fields = ["organisation", "drafting_body", "lead", "created_by", "document"]
    search_fields = ["search_text"]


@admin.register(Comment)
class CommentAdmin(admin.ModelAdmin):
    list_display = ["text", "critique", "source", "moderation", "answer"]
    list_filter = ["source", "moderation", "answer"]
    list_select_related = ["critique"]
    raw_id_fields = ["critique", "version", "unit", "organisation", "answered_by", "created_by"]
    show_full_result_count = False
