from django.urls import path

from dvk.imports import views

app_name = "imports"

urlpatterns = [
    # /nhap-du-lieu/
    path("", views.start, name="start"),
    path("<int:pk>/", views.job, name="job"),
    path("<int:pk>/tien-do/", views.progress, name="progress"),
    path("<int:pk>/nhap/", views.apply, name="apply"),
]
