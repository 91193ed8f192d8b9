"""URL wiring: the foundation's routes, then every domain app's own urls.py (DomainAppConfig.url_prefix)."""

from django.conf import settings
from django.contrib import admin
from django.urls import include, path
from django.views.generic import RedirectView

from dvk.api.main import api
from dvk.core import views as core_views
from dvk.core.plugins import domain_apps

admin.site.site_header = "Quản trị Dân vận khéo"
admin.site.site_title = "Dân vận khéo"
admin.site.index_title = "Dữ liệu danh mục và cấu hình"

urlpatterns = [
    path("healthz", core_views.healthz, name="healthz"),
    path("favicon.ico", RedirectView.as_view(url=f"{settings.STATIC_URL}favicon.svg")),
    path("quan-tri/", admin.site.urls),
    path("api/v1/", api.urls),
    path("", include("dvk.core.urls")),
]
for cfg in domain_apps():
    if cfg.url_prefix is not None:
        urlpatterns.append(path(cfg.url_prefix, include(f"{cfg.name}.urls")))

handler403 = "dvk.core.views.error_403"
handler404 = "dvk.core.views.error_404"
handler500 = "dvk.core.views.error_500"
