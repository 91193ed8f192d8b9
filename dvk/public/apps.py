from django.utils.translation import gettext_lazy as _

from dvk.core.plugins import DomainAppConfig


class PublicConfig(DomainAppConfig):
    """The pages anybody may open without logging in: the Dân vận khéo showcase (/dien-hinh/) and
    the verification of a document's code (/xac-minh/<code>/); the citizens' intake and lookup
    come next. They read only through the domains' selectors; no domain imports this package."""

    name = "dvk.public"
    label = "public"
    verbose_name = _("Public pages")
    url_prefix = ""  # full paths in urls.py
