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
    path("summaries/<int:pk>/comments/", views.summary_comments, name="api_summary_comments"),
    path("papers/<int:pk>/questions/", views.paper_questions, name="api_paper_questions"),
    path("questions/<int:pk>/", views.question_detail, name="api_question"),
]
