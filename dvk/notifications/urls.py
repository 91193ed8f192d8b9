from django.urls import path

from dvk.notifications import views

app_name = "notifications"

urlpatterns = [
    path("", views.notification_list, name="list"),
    path("chuong/", views.bell, name="bell"),
    path("<int:pk>/doc/", views.read, name="read"),
]
