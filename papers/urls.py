from django.urls import path

from papers import views

urlpatterns = [
    path("", views.home, name="home"),
    path("venues/", views.venue_list, name="venue_list"),
    path("venues/<slug:slug>/", views.venue_detail, name="venue_detail"),
    path("venues/<slug:slug>/<int:year>/", views.VenueYearView.as_view(), name="venue_year"),
    path("papers/<int:pk>/<slug:slug>/", views.paper_detail, name="paper_detail"),
    path("authors/<slug:slug>/", views.AuthorDetailView.as_view(), name="author_detail"),
    path("keywords/<slug:slug>/", views.KeywordDetailView.as_view(), name="keyword_detail"),
]
