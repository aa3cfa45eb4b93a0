from django.urls import path

from people import views

urlpatterns = [
    path("users/", views.WriterDirectoryView.as_view(), name="writer_directory"),
    path("avatars/<int:pk>.svg", views.identicon, name="identicon"),
    path("avatars/anonymous.svg", views.anonymous_avatar, name="anonymous_avatar"),
    path("accounts/avatar/", views.avatar_edit, name="avatar_edit"),
    path("accounts/my-data.zip", views.data_export, name="data_export"),
    path("accounts/delete/", views.account_delete, name="account_delete"),
]
