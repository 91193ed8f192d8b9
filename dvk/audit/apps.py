from django.utils.translation import gettext_lazy as _

from dvk.core.plugins import DomainAppConfig, NavItem


class AuditConfig(DomainAppConfig):
    name = "dvk.audit"
    label = "audit"
    verbose_name = _("Audit trail")
    url_prefix = "nhat-ky/"
    labels = "dvk.audit.labels"
    api_router = "dvk.audit.api.router"
    nav = (NavItem(_("Audit trail"), "audit:list", "journal-text", "audit.view_audit"),)

    def ready(self) -> None:
        from django.contrib.admin.models import LogEntry
        from django.db.models.signals import post_save

        from dvk.audit import signals  # noqa: F401  (log-in, log-out and failed log-in receivers)
        from dvk.audit.services import record_admin_change

        def mirror(sender, instance, created, **kwargs):
            if created:
                record_admin_change(instance)

        post_save.connect(mirror, sender=LogEntry, dispatch_uid="dvk_audit_admin_logentry", weak=False)
