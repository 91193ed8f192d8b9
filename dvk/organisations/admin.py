from django.contrib import admin

from dvk.accounts.admin import UserAdmin
from dvk.accounts.models import User
from dvk.organisations.models import (
    AdministrativeUnit,
    Membership,
    Organisation,
    OrganisationSuccession,
    Reorganisation,
    UnitSuccession,
)


class UnitSuccessionInline(admin.TabularInline):
    model = UnitSuccession
    fk_name = "old"
    extra = 0
    autocomplete_fields = ["new", "reorganisation"]


@admin.register(AdministrativeUnit)
class AdministrativeUnitAdmin(admin.ModelAdmin):
    list_display = ("code", "name", "level", "parent", "valid_from", "valid_to")
    list_filter = ("level",)
    search_fields = ("code", "search_text")
    autocomplete_fields = ["parent"]
    inlines = [UnitSuccessionInline]


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    autocomplete_fields = ["user"]


class OrganisationSuccessionInline(admin.TabularInline):
    model = OrganisationSuccession
    fk_name = "old"
    extra = 0
    autocomplete_fields = ["new", "reorganisation"]


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ("name", "short_name", "kind", "unit", "parent", "valid_from", "valid_to")
    list_filter = ("kind",)
    search_fields = ("search_text", "code")
    autocomplete_fields = ["unit", "parent"]
    readonly_fields = ("path", "depth")
    inlines = [MembershipInline, OrganisationSuccessionInline]

    def get_readonly_fields(self, request, obj=None):
        # The tree position is fixed once created: moving a body would move its history.
        return (*self.readonly_fields, "parent") if obj else self.readonly_fields


@admin.register(Reorganisation)
class ReorganisationAdmin(admin.ModelAdmin):
    list_display = ("title", "kind", "resolution", "effective_on")
    search_fields = ("title", "resolution")


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ("user", "organisation", "role", "position")
    list_filter = ("role",)
    search_fields = ("user__username", "user__full_name", "organisation__search_text")
    autocomplete_fields = ["user", "organisation"]


class UserMembershipInline(admin.TabularInline):
    """A user's memberships, on the user's admin page."""

    model = Membership
    extra = 0
    autocomplete_fields = ["organisation"]


class UserWithMembershipsAdmin(UserAdmin):
    """The accounts app's user admin with the user's memberships inline (memberships belong to
    the organisations app, which sits above accounts in the layers)."""

    inlines = [*UserAdmin.inlines, UserMembershipInline]


admin.site.unregister(User)
admin.site.register(User, UserWithMembershipsAdmin)
