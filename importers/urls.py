from django.urls import path

from importers import views

urlpatterns = [
    path("papers/add/", views.paper_add, name="paper_add"),
]
