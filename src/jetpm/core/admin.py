"""The Django admin, for superusers. Audit events are read-only here as everywhere."""

from typing import Any

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin
from django.http import HttpRequest

from jetpm.core import models


@admin.register(models.User)
class JetpmUserAdmin(UserAdmin):
    fieldsets = (*UserAdmin.fieldsets, ("JETPM", {"fields": ("language",)}))  # type: ignore[misc]


@admin.register(models.Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ("code", "name_ja", "name_en", "kind", "prefecture")
    list_filter = ("kind", "co_kind")
    search_fields = ("code", "name_ja", "name_en", "lg_code")
    autocomplete_fields = ("host_org",)
    filter_horizontal = ("countries",)


@admin.register(models.Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ("user", "organisation", "role")
    list_filter = ("role",)
    raw_id_fields = ("user", "organisation")


@admin.register(models.Person)
class PersonAdmin(admin.ModelAdmin):
    list_display = ("family_name", "given_name", "kind", "nationality")
    list_filter = ("kind",)
    search_fields = ("family_name", "given_name", "email")
    raw_id_fields = ("user", "mission", "contracting_org", "chapter")


for model in (models.Country, models.Prefecture, models.Language, models.JetaaRegion):
    admin.site.register(model, search_fields=("code", "name_ja", "name_en"))


@admin.register(models.AuditEvent)
class AuditEventAdmin(admin.ModelAdmin):
    list_display = ("at", "actor_label", "action", "object_type", "object_id", "organisation")
    list_filter = ("action",)
    search_fields = ("actor_label", "object_type", "object_id")

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
