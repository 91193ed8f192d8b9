from django.urls import path
from django.views.i18n import set_language

from dvk.core import views

app_name = "core"

urlpatterns = [
    path("", views.home, name="home"),
    path("ngon-ngu/", set_language, name="set_language"),  # POST language=vi|en, next=…
]
