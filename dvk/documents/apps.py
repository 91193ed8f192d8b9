from django.utils.translation import gettext_lazy as _

from dvk.core.plugins import DomainAppConfig, NavItem


class DocumentsConfig(DomainAppConfig):
    """The shared document register and layout kit. A foundation capability: it imports no domain
    app; domains call `dvk.documents.services.issue()` and `dvk.documents.layout`."""

    name = "dvk.documents"
    label = "documents"
    verbose_name = _("Document register")
    url_prefix = "so-van-ban/"
    api_router = "dvk.documents.api.router"
    labels = "dvk.documents.labels"
    labels = "dvk.documents.labels"
    nav = (
        NavItem(_("Document register"), "documents:register", "journal-bookmark", "documents.view_register"),
    )
