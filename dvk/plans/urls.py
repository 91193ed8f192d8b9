from django.urls import path

from dvk.plans import report_views, views

app_name = "plans"

urlpatterns = [
    # /ke-hoach/
    path("", views.plan_list, name="list"),
    path("moi/", views.plan_create, name="plan_create"),
    path("nhap/", views.plan_import, name="plan_import"),
    path("<int:pk>/", views.plan_detail, name="plan_detail"),
    path("<int:pk>/sua/", views.plan_edit, name="plan_edit"),
    path("<int:pk>/hanh-dong/<slug:action>/", views.plan_action, name="plan_action"),
    path("<int:pk>/ban-hanh/", views.plan_issue, name="plan_issue"),
    path("<int:pk>/nhiem-vu/moi/", views.task_create, name="task_create"),
    path("<int:pk>/nhiem-vu/don-vi-nhan/", views.task_targets, name="task_targets"),
    path("<int:pk>/nhiem-vu/giao-nhieu/", views.tasks_assign, name="tasks_assign"),
    path("nhiem-vu/<int:pk>/", views.task_edit, name="task_edit"),
    path("nhiem-vu/<int:pk>/xoa/", views.task_delete, name="task_delete"),
    # /ke-hoach/giao-viec/
    path("cua-toi/", views.my_assignments, name="my_assignments"),
    path("giao-viec/<int:pk>/", views.assignment_detail, name="assignment_detail"),
    path("giao-viec/<int:pk>/bao-cao/", views.report_submit, name="report_submit"),
    path("giao-viec/<int:pk>/hanh-dong/<slug:action>/", views.assignment_action, name="assignment_action"),
    path("giao-viec/<int:pk>/ke-hoach-thuc-hien/", views.child_plan_create, name="child_plan_create"),
    # /ke-hoach/theo-doi/
    path("theo-doi/", views.matrix, name="matrix"),
    path("bao-cao/", report_views.report_list, name="report_list"),
    path("theo-doi/excel/", views.matrix_export, name="matrix_export"),
    path("theo-doi/don-doc/", views.urge, name="urge"),
    path("nhac-viec/", views.reminders, name="reminders"),
    path("nhac-viec/<int:pk>/van-ban.docx", views.letter_download, name="letter_download"),
    # /ke-hoach/giam-sat/
    path("giam-sat/", views.supervision_list, name="supervision_list"),
    path("giam-sat/moi/", views.supervision_create, name="supervision_create"),
    path("giam-sat/<int:pk>/", views.supervision_detail, name="supervision_detail"),
    path("giam-sat/<int:pk>/lam-viec/", views.visit_create, name="visit_create"),
    path("kien-nghi/<int:pk>/<slug:action>/", views.recommendation_action, name="recommendation_action"),
    # /ke-hoach/chien-dich/, /ke-hoach/su-kien/
    path("chien-dich/", views.campaign_list, name="campaign_list"),
    path("chien-dich/moi/", views.campaign_create, name="campaign_create"),
    path("chien-dich/<int:pk>/", views.campaign_detail, name="campaign_detail"),
    path("su-kien/moi/", views.event_create, name="event_create"),
    path("su-kien/<int:pk>/", views.event_detail, name="event_detail"),
    path("su-kien/<int:pk>/sua/", views.event_edit, name="event_edit"),
]
