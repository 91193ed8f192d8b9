from django.contrib.auth import views as auth_views
from django.urls import path

from dvk.accounts import forms, views

app_name = "accounts"

urlpatterns = [
    path(
        "dang-nhap/",
        auth_views.LoginView.as_view(
            template_name="accounts/login.html",
            authentication_form=forms.LoginForm,
            redirect_authenticated_user=True,
        ),
        name="login",
    ),
    path("dang-xuat/", auth_views.LogoutView.as_view(), name="logout"),
    path(
        "doi-mat-khau/",
        views.PasswordChangeView.as_view(),
        name="password_change",
    ),
    path(
        "doi-mat-khau/xong/",
        auth_views.PasswordChangeDoneView.as_view(template_name="accounts/password_change_done.html"),
        name="password_change_done",
    ),
    path("xac-nhan-mat-khau/", views.reauthenticate, name="reauthenticate"),
    path("xac-thuc-hai-lop/dang-ky/", views.totp_enrol, name="totp_enrol"),
    path("xac-thuc-hai-lop/", views.totp_verify, name="totp_verify"),
]
