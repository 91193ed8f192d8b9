from django.utils.translation import gettext_lazy as _

from dvk.core.labels import Key

ACTIONS = {
    "imports.apply": _("Register imported from Excel"),
}

FIELDS = {
    "file": Key(_("File")),
}
