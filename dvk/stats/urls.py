from django.urls import path

from dvk.stats import views

app_name = "stats"

urlpatterns = [
    path("", views.overview, name="overview"),
    path("cua-toi/", views.mine, name="mine"),
]
