"""Records owned by a body: the abstract `OrgOwned` model and its `ScopedQuerySet`.

A domain model that belongs to a body subclasses `OrgOwned` (overriding `organisation` when it
needs its own related name or label) and gets, in one place:

- `org_path`: the owning body's path, denormalised so scope is a `LIKE 'prefix%'` on the table
  itself (no join); `org_root`: its province segment, so province-wide lists can use an index
  that starts with an equality. Both are filled by `fill_owner()` — from `save()` and from
  `bulk_create()` — and never change afterwards (a body is reorganised, never moved).
- `objects.visible_to(user)`: the scoping rule (dvk.organisations.scoping.visible) on those
  fields, plus the domain's declared `grants`; `province_wide = True` on the queryset for
  records launched for a whole province (campaigns, events). A model with its own queryset
  declares it as `objects: ClassVar[Any] = MyQuerySet.as_manager()` (a subclass of
  ScopedQuerySet): the ClassVar keeps django-stubs from reporting an instance variable
  overriding the base's manager (django-stubs #1713); its plugin still types the manager.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any, ClassVar

from django.db import models
from django.utils.translation import gettext_lazy as _

from dvk.organisations.models import Organisation, owner_path
from dvk.organisations.scoping import ExtraGrant, province_root, visible


class ScopedQuerySet(models.QuerySet):
    path_field: ClassVar[str] = "org_path"
    root_field: ClassVar[str | None] = "org_root"
    province_wide: ClassVar[bool] = False
    grants: ClassVar[tuple[ExtraGrant, ...]] = ()

    def visible_to(self, user: Any) -> Any:
        return visible(
            self, user, self.path_field, root_field=self.root_field, province_wide=self.province_wide
        )

    def bulk_create(self, objs: Iterable[Any], *args: Any, **kwargs: Any) -> list[Any]:
        objs = list(objs)
        for obj in objs:
            if isinstance(obj, OrgOwned):
                obj.fill_owner()
        return super().bulk_create(objs, *args, **kwargs)


class OrgOwned(models.Model):
    organisation = models.ForeignKey(Organisation, models.PROTECT, related_name="+", verbose_name=_("body"))
    org_path = models.CharField(max_length=255, editable=False, default="")
    org_root = models.CharField(max_length=8, editable=False, default="")

    objects = ScopedQuerySet.as_manager()

    class Meta:
        abstract = True

    OWNER_FIELDS: ClassVar[tuple[str, ...]] = ("org_path", "org_root")

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.fill_owner()
        update_fields: Sequence[str] | None = kwargs.get("update_fields")
        if update_fields is not None:
            kwargs["update_fields"] = {*update_fields, *self.OWNER_FIELDS}
        super().save(*args, **kwargs)

    def fill_owner(self) -> None:
        """Copy the owning body's path and province root (once; paths never change)."""
        self.org_path = owner_path(self)
        self.org_root = province_root(self.org_path)
