from django.contrib import admin

from dvk.voters.models import Deputy, Forward, Meeting, Petition, Session, Term


@admin.register(Term)
class TermAdmin(admin.ModelAdmin):
    list_display = ("name", "organisation", "starts_on", "answer_lead_days")
    raw_id_fields = ("organisation", "delegation")


@admin.register(Session)
class SessionAdmin(admin.ModelAdmin):
    list_display = ("number", "kind", "term", "opens_on", "stage")
    list_filter = ("kind", "stage")
    raw_id_fields = ("term", "organisation")


@admin.register(Deputy)
class DeputyAdmin(admin.ModelAdmin):
    list_display = ("full_name", "constituency", "term", "user")
    raw_id_fields = ("term", "organisation", "user")


@admin.register(Meeting)
class MeetingAdmin(admin.ModelAdmin):
    list_display = ("place", "held_on", "session", "voters_present")
    raw_id_fields = ("session", "organisation", "front", "created_by")


@admin.register(Petition)
class PetitionAdmin(admin.ModelAdmin):
    list_display = ("id", "kind", "stage", "outcome", "field", "level", "due_session")
    list_filter = ("stage", "outcome", "kind", "level")
    search_fields = ("search_text",)
    raw_id_fields = ("meeting", "session", "due_session", "organisation", "repeat_of", "created_by")


@admin.register(Forward)
class ForwardAdmin(admin.ModelAdmin):
    list_display = ("petition", "organisation", "due_on", "stage", "outcome", "answered_on")
    list_filter = ("stage", "outcome")
    raw_id_fields = ("petition", "organisation", "answered_by")
