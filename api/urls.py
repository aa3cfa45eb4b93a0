from django.urls import path

from api import views

urlpatterns = [
    path("openapi.json", views.openapi, name="api_openapi"),
    path("venues/", views.venue_list, name="api_venues"),
    path("venues/<slug:slug>/", views.venue_detail, name="api_venue"),
    path("venues/<slug:slug>/histogram/", views.venue_histogram, name="api_venue_histogram"),
    path("papers/", views.paper_list, name="api_papers"),
    path("papers/<int:pk>/", views.paper_detail, name="api_paper"),
    path("summaries/", views.summary_list, name="api_summaries"),
    path("summaries/<int:pk>/", views.summary_detail, name="api_summary"),
]
