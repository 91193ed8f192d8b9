from django.urls import path

from dvk.citizens import views

app_name = "citizens"

urlpatterns = [
    # /tiep-cong-dan/
    path("", views.worklist, name="worklist"),
    path("ho-so/<int:pk>/", views.case_detail, name="case_detail"),
    path("ho-so/<int:pk>/hanh-dong/<slug:action>/", views.case_action, name="case_action"),
    path("ho-so/<int:pk>/phan-cong/", views.case_assign, name="case_assign"),
    path("ho-so/<int:pk>/dieu-kien/", views.case_flags, name="case_flags"),
    path("ho-so/<int:pk>/keo-dai/", views.case_prolonged, name="case_prolonged"),
    path("ho-so/<int:pk>/cong-khai/", views.case_publish, name="case_publish"),
    path("don/", views.letter_list, name="letter_list"),
    path("don/moi/", views.letter_create, name="letter_create"),
    path("don/<int:pk>/", views.letter_detail, name="letter_detail"),
    path("trung-lap/<int:pk>/<slug:decision>/", views.duplicate_decide, name="duplicate_decide"),
    path("buoi-tiep/", views.session_list, name="session_list"),
    path("buoi-tiep/moi/", views.session_create, name="session_create"),
    path("buoi-tiep/<int:pk>/", views.session_detail, name="session_detail"),
    path("theo-doi/", views.monitoring, name="monitoring"),
    path("theo-doi/excel/", views.monitoring_export, name="monitoring_export"),
    path("theo-doi/bao-cao.docx", views.monitoring_report, name="monitoring_report"),
    path("theo-doi/don-doc/", views.urge, name="urge"),
]
