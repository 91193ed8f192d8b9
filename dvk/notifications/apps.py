from django.utils.translation import gettext_lazy as _

from dvk.core.plugins import DomainAppConfig


class NotificationsConfig(DomainAppConfig):
    name = "dvk.notifications"
    label = "notifications"
    verbose_name = _("Notifications")
    url_prefix = "thong-bao/"
    api_router = "dvk.notifications.api.router"
    dashboard = "dvk.notifications.dashboard.widgets"
