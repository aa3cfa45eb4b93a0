from django.urls import path

from readership import views

urlpatterns = [
    path("users/<str:username>/stats/", views.writer_stats_page, name="writer_stats"),
]
