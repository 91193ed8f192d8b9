"""Counters kept on write: how many times something happened, per domain, metric, body, month and
field. Each row is stored once for the body itself and once for every body above it (`node_path`
is that body's path), so a province, a district or a commune reads its totals from a handful of
rows whatever the number of records below it."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Counter(models.Model):
    domain = models.CharField(_("domain"), max_length=32)
    metric = models.CharField(_("metric"), max_length=64)
    node_path = models.CharField(_("body path"), max_length=255)  # the body counted under
    depth = models.PositiveSmallIntegerField(_("depth"))  # len(node_path) // SEGMENT
    root = models.CharField(_("province"), max_length=8)  # node_path[:SEGMENT]
    bucket = models.DateField(_("month"))  # first day of the month it happened in
    # a field of work code, "" for none; "*" is the all-fields total kept beside each field's row
    field = models.CharField(_("field"), max_length=60, blank=True, default="")
    n = models.IntegerField(_("count"), default=0)

    class Meta:
        verbose_name = _("counter")
        verbose_name_plural = _("counters")
        constraints = [
            models.UniqueConstraint(
                fields=["domain", "metric", "node_path", "bucket", "field"], name="stats_counter_key"
            )
        ]
        indexes = [
            # totals of a scope: node_path = prefix, one field (or the all-fields "*"), the months
            models.Index(
                fields=["domain", "node_path", "field", "bucket"],
                name="stats_counter_node",
                include=["metric", "n"],
            ),
            # breakdown one level down: same province and depth, node_path under the prefix, the
            # metrics asked for, the months. Every column read is in the key, so SQLite (which has
            # no INCLUDE) answers from the index too; it leads with root and depth so that a query
            # by domain alone (by_field) never takes it for a covering scan (docs/benchmarks.md)
            models.Index(
                fields=["root", "depth", "domain", "field", "metric", "bucket", "node_path", "n"],
                name="stats_counter_level_cover",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.domain}.{self.metric} {self.node_path} {self.bucket:%m/%Y} {self.field}: {self.n}"
