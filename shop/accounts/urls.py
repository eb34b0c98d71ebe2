from django.urls import re_path

from . import views
from .google import views as google_views

app_name = "accounts"

urlpatterns = [
    re_path(r"^auth/login/?$", views.LoginView.as_view(), name="login"),
    re_path(r"^auth/refresh/?$", views.RefreshView.as_view(), name="refresh"),
    re_path(r"^auth/logout/?$", views.LogoutView.as_view(), name="logout"),
    re_path(r"^auth/google/?$", google_views.GoogleSignInView.as_view(), name="google"),
    re_path(r"^profile/?$", views.ProfileView.as_view(), name="profile"),
    re_path(r"^profile/password/?$", views.PasswordView.as_view(), name="password"),
]
