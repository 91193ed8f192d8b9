from django.utils.translation import gettext_lazy as _

from dvk.core.plugins import DomainAppConfig


class PlansConfig(DomainAppConfig):
    name = "dvk.plans"
    label = "plans"
    verbose_name = _("Plans and monitoring")
