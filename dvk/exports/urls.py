from django.urls import path

from dvk.exports import views

app_name = "exports"

urlpatterns = [
    # /xuat-excel/
    path("<int:pk>/", views.job, name="job"),
    path("<int:pk>/tien-do/", views.progress, name="progress"),
    path("<int:pk>/tai-ve/", views.download, name="download"),
    path("<str:name>/", views.start, name="start"),
]
