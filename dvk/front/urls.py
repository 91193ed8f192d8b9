from django.urls import path

from dvk.front import views

app_name = "front"

urlpatterns = [
    # /mat-tran/giam-sat/
    path("giam-sat/", views.supervision_list, name="supervision_list"),
    path("giam-sat/moi/", views.supervision_create, name="supervision_create"),
    path("giam-sat/chuong-trinh/moi/", views.programme_create, name="programme_create"),
    path("giam-sat/chuong-trinh/<int:pk>/", views.programme_detail, name="programme_detail"),
    path("giam-sat/<int:pk>/", views.supervision_detail, name="supervision_detail"),
    path("giam-sat/<int:pk>/doan/", views.supervision_team, name="supervision_team"),
    path("giam-sat/<int:pk>/hanh-dong/<slug:action>/", views.supervision_action, name="supervision_action"),
    # /mat-tran/kien-nghi/
    path("kien-nghi/", views.recommendation_list, name="recommendation_list"),
    path("kien-nghi/<int:pk>/", views.recommendation_detail, name="recommendation_detail"),
    path(
        "kien-nghi/<int:pk>/hanh-dong/<slug:action>/",
        views.recommendation_action,
        name="recommendation_action",
    ),
    # /mat-tran/phan-bien/
    path("phan-bien/", views.critique_list, name="critique_list"),
    path("phan-bien/moi/", views.critique_create, name="critique_create"),
    path("phan-bien/<int:pk>/", views.critique_detail, name="critique_detail"),
    path("phan-bien/<int:pk>/buoc/<slug:action>/", views.critique_step, name="critique_step"),
    path("phan-bien/<int:pk>/hanh-dong/<slug:action>/", views.critique_action, name="critique_action"),
    path("phan-bien/<int:pk>/gop-y/", views.comment_create, name="comment_create"),
    path("phan-bien/<int:pk>/moi/", views.critique_invite, name="critique_invite"),
    path("phan-bien/<int:pk>/bang-tiep-thu/", views.critique_table, name="critique_table"),
    path("phan-bien/<int:pk>/bang-tiep-thu.docx", views.critique_table_docx, name="critique_table_docx"),
    path("phan-bien/<int:pk>/bang-tiep-thu.xlsx", views.critique_table_xlsx, name="critique_table_xlsx"),
    path(
        "phan-bien/<int:pk>/van-ban-phan-bien.docx",
        views.critique_document_docx,
        name="critique_document_docx",
    ),
    path("phan-bien/<int:pk>/phien-ban/moi/", views.version_create, name="version_create"),
    path("phan-bien/<int:pk>/phien-ban/<int:number>/", views.version_detail, name="version_detail"),
    path("gop-y/<int:pk>/tra-loi/", views.comment_answer, name="comment_answer"),
    path("gop-y/<int:pk>/kiem-duyet/<slug:decision>/", views.comment_moderate, name="comment_moderate"),
]
