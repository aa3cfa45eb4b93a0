from django.urls import path

from summaries import views

urlpatterns = [
    path("summaries/shared/<uuid:token>/", views.summary_share, name="summary_share"),
]
