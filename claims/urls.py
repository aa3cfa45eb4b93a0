from django.urls import path

from claims import views

urlpatterns = [
    path("authors/<slug:slug>/claim/", views.author_claim, name="author_claim"),
]
