from django.urls import path

from dvk.voters import views

app_name = "voters"

urlpatterns = [
    # /cu-tri/
    path("", views.worklist, name="worklist"),
    path("ky-hop/", views.session_list, name="session_list"),
    path("khoa/<int:pk>/", views.term_detail, name="term_detail"),
    path("ky-hop/<int:pk>/", views.session_detail, name="session_detail"),
    path("ky-hop/<int:pk>/hanh-dong/<slug:action>/", views.session_action, name="session_action"),
    path("ky-hop/<int:pk>/cong-bo/", views.session_publish, name="session_publish"),
    path("ky-hop/<int:pk>/trung-lap/", views.repeat_suggestions, name="repeat_suggestions"),
    path("ky-hop/<int:pk>/bao-cao/", views.session_report, name="session_report"),
    path("ky-hop/<int:pk>/bao-cao.docx", views.session_report, {"fmt": "docx"}, name="session_report_docx"),
    path("ky-hop/<int:pk>/bao-cao.xlsx", views.session_report, {"fmt": "xlsx"}, name="session_report_xlsx"),
    path("ky-hop/<int:pk>/tiep-xuc/moi/", views.meeting_create, name="meeting_create"),
    path("tiep-xuc/<int:pk>/", views.meeting_detail, name="meeting_detail"),
    path("tiep-xuc/<int:pk>/nhap/", views.bulk_entry, name="bulk_entry"),
    path("tiep-xuc/<int:pk>/bien-ban/", views.meeting_minutes, name="meeting_minutes"),
    path("kien-nghi/<int:pk>/", views.petition_detail, name="petition_detail"),
    path("kien-nghi/<int:pk>/phan-loai/", views.petition_classify, name="petition_classify"),
    path("kien-nghi/<int:pk>/sua/", views.petition_edit, name="petition_edit"),
    path("kien-nghi/<int:pk>/trung-lap/", views.petition_repeat, name="petition_repeat"),
    path("kien-nghi/<int:pk>/chuyen/", views.petition_forward, name="petition_forward"),
    path("kien-nghi/<int:pk>/danh-gia/", views.petition_assess, name="petition_assess"),
    path("kien-nghi/<int:pk>/hanh-dong/<slug:action>/", views.petition_action, name="petition_action"),
    path("chuyen-den/", views.forwarded, name="forwarded"),
    path("chuyen-den/<int:pk>/", views.forward_detail, name="forward_detail"),
]
