"""Browser routes of the Google redirect flow, mounted at /auth/google/."""

from django.urls import re_path

from . import views

app_name = "google"

urlpatterns = [
    re_path(r"^login/?$", views.google_login, name="login"),
    re_path(r"^callback/?$", views.google_callback, name="callback"),
    re_path(r"^session-token/?$", views.GoogleSessionTokenView.as_view(), name="session-token"),
]
