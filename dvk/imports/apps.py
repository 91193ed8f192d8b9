from django.utils.translation import gettext_lazy as _

from dvk.core.plugins import DomainAppConfig, NavItem


class ImportsConfig(DomainAppConfig):
    """Excel import of existing registers. A foundation capability: it reads workbooks, finds the
    register and runs the dry run and the apply; each domain declares what its rows become
    (`importers` on its AppConfig, see dvk.imports.spec) and imports no model of it here."""

    name = "dvk.imports"
    label = "imports"
    verbose_name = _("Excel import")
    url_prefix = "nhap-du-lieu/"
    api_router = "dvk.imports.api.router"
    labels = "dvk.imports.labels"
    nav = (
        NavItem(_("Import registers"), "imports:start", "file-earmark-arrow-up", "imports.import_register"),
    )
    importers = ("dvk.imports.bodies.SPEC",)  # the bodies list; the domains declare theirs
