from django.urls import path

from dvk.reports import views

app_name = "reports"

urlpatterns = [
    # /bao-cao-dinh-ky/
    path("", views.report_list, name="list"),
    path("<int:pk>/", views.report_detail, name="detail"),
    path("<int:pk>/lay-lai-so-lieu/", views.report_refresh, name="refresh"),
    path("<int:pk>/tai-len/", views.report_upload, name="upload"),
    path("<int:pk>/ban-hanh/", views.report_issue, name="issue"),
    path("<int:pk>/huy/", views.report_discard, name="discard"),
    path("<int:pk>/van-ban.docx", views.report_docx, name="docx"),
    path("<int:pk>/phu-luc.xlsx", views.report_xlsx, name="xlsx"),
    path("<int:pk>/van-ban.pdf", views.report_pdf, name="pdf"),
]
