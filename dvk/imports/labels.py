from django.utils.translation import gettext_lazy as _

ACTIONS = {
    "imports.apply": _("Register imported from Excel"),
    "organisations.create": _("Body created"),
}
