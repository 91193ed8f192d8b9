from django.utils.translation import gettext_lazy as _

from dvk.core.plugins import DomainAppConfig


class AttachmentsConfig(DomainAppConfig):
    name = "dvk.attachments"
    label = "attachments"
    verbose_name = _("Attachments")
    url_prefix = "tep/"
    labels = "dvk.attachments.labels"
    api_router = "dvk.attachments.api.router"

    def ready(self) -> None:
        super().ready()
        from dvk.attachments import (  # noqa: F401
            checks,  # registers the media-outside-static system check
            services,  # connects the created-in-transaction marker
        )
