from django.urls import path

from dvk.attachments import views

app_name = "attachments"

urlpatterns = [path("<int:pk>/tai-ve/", views.download, name="download")]
