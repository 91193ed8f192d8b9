from django.utils.translation import gettext_lazy as _

from dvk.core.plugins import DomainAppConfig, ScheduledJob


class ExportsConfig(DomainAppConfig):
    """Excel exports of the staff lists (dvk.core.listing): small ones answered at once, large ones
    written by a background task into a private file the requesting user downloads. A foundation
    capability: it imports no domain app; the domains declare their lists in `<app>/lists.py`."""

    name = "dvk.exports"
    label = "exports"
    verbose_name = _("Exports")
    url_prefix = "xuat-excel/"
    labels = "dvk.exports.labels"
    schedule = (ScheduledJob("exports.cleanup", "dvk.exports.tasks.cleanup", every_minutes=60),)
