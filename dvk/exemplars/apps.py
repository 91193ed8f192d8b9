from django.utils.translation import gettext_lazy as _

from dvk.core.plugins import DomainAppConfig


class ExemplarsConfig(DomainAppConfig):
    name = "dvk.exemplars"
    label = "exemplars"
    verbose_name = _("Exemplars")
