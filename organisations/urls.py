from django.contrib.auth import views as auth_views
from django.urls import path

from .views import accounts as views
from .views import registration

app_name = "accounts"

urlpatterns = [
    path("logowanie/", views.LoginView.as_view(), name="login"),
    path("wyloguj/", auth_views.LogoutView.as_view(), name="logout"),
    path("", views.profile, name="profile"),
    path("rejestracja/", registration.register, name="register"),
    path("rejestracja/wyslano/", registration.registration_sent, name="registration_sent"),
    path("rejestracja/ponownie/", registration.resend_verification, name="resend_verification"),
    path("potwierdz/<uidb64>/<token>/", registration.verify_email, name="verify_email"),
    path("dwuetapowe/konfiguracja/", views.otp_setup, name="otp_setup"),
    path("dwuetapowe/weryfikacja/", views.otp_verify, name="otp_verify"),
    path("dwuetapowe/kody-zapasowe/", views.backup_codes_renew, name="backup_codes_renew"),
    path("haslo/reset/", views.PasswordResetView.as_view(), name="password_reset"),
    path(
        "haslo/reset/wyslano/",
        auth_views.PasswordResetDoneView.as_view(template_name="accounts/password_reset_done.html"),
        name="password_reset_done",
    ),
    path(
        "haslo/reset/<uidb64>/<token>/",
        views.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path(
        "haslo/reset/gotowe/",
        auth_views.PasswordResetCompleteView.as_view(template_name="accounts/password_reset_complete.html"),
        name="password_reset_complete",
    ),
]
