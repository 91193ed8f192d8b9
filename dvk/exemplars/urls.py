from django.urls import path

from dvk.exemplars import views

app_name = "exemplars"

urlpatterns = [
    path("mo-hinh/", views.exemplar_list, name="list"),
    path("mo-hinh/dang-ky/", views.exemplar_create, name="create"),
    path("mo-hinh/dieu-phoi/", views.coordination, name="coordination"),
    path("mo-hinh/thong-ke/", views.funnel, name="funnel"),
    path("mo-hinh/hoi-dong/", views.councils, name="councils"),
    path("mo-hinh/hoi-dong/thanh-lap/", views.council_form, name="council_create"),
    path("mo-hinh/hoi-dong/<int:council_id>/sua/", views.council_form, name="council_edit"),
    path("mo-hinh/<int:pk>/cap/", views.change_level, name="change_level"),
    path("mo-hinh/cham-diem/", views.queue, name="queue"),
    path("mo-hinh/<int:pk>/", views.exemplar_detail, name="detail"),
    path("mo-hinh/<int:pk>/lich-su/", views.exemplar_history, name="history"),
    path("mo-hinh/<int:pk>/sua/", views.exemplar_edit, name="edit"),
    path("mo-hinh/<int:pk>/hanh-dong/<slug:action>/", views.exemplar_action, name="action"),
    path("mo-hinh/<int:pk>/tien-do/", views.progress_add, name="progress"),
    path("mo-hinh/<int:pk>/tep/", views.attach, name="attach"),
    path("mo-hinh/<int:pk>/cham-diem/", views.score, name="score"),
    path("mo-hinh/<int:pk>/nhan-rong/", views.replicate, name="replicate"),
    path("mo-hinh/<int:pk>/khen-thuong/", views.commend, name="commend"),
    path("mo-hinh/<int:pk>/tieu-bieu/", views.outstanding, name="outstanding"),
    path("mo-hinh/<int:pk>/bien-ban.docx", views.minutes, name="minutes"),
    path("mo-hinh/<int:pk>/chung-nhan/<int:decision_id>.docx", views.certificate, name="certificate"),
]
