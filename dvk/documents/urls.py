from django.urls import path

from dvk.documents import views

app_name = "documents"

urlpatterns = [
    # /so-van-ban/
    path("", views.register_index, name="register"),
    path("<int:org_id>/<int:year>/", views.register_page, name="register_page"),
    path("<int:org_id>/<int:year>/excel/", views.register_export, name="register_export"),
]
