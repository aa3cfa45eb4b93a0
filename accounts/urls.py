from django.urls import include, path

from accounts import views
from infra.ratelimit import ratelimit

urlpatterns = [
    path("accounts/signup/", views.signup, name="signup"),
    path("accounts/profile/", views.profile_edit, name="profile_edit"),
    path("accounts/confirm-email/resend/", views.email_confirmation_resend, name="email_confirmation_resend"),
    path("accounts/confirm-email/<str:token>/", views.email_confirm_page, name="email_confirm"),
    # Login attempts are limited like sign-ups, and repeated failures lock the username or client (password guessing).
    path("accounts/login/", ratelimit("login")(views.LoginView.as_view()), name="login"),
    path("accounts/", include("django.contrib.auth.urls")),
    path("users/<str:username>/", views.profile_detail, name="profile_detail"),
]
