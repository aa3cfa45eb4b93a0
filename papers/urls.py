from django.urls import path

from papers import views

urlpatterns = [
    path("papers/random/", views.random_paper, name="random_paper"),
    path("venues/", views.venue_list, name="venue_list"),
    path("venues/<slug:slug>/", views.venue_detail, name="venue_detail"),
    path("venues/<slug:slug>/<int:year>/", views.VenueYearView.as_view(), name="venue_year"),
    path("authors/<slug:slug>/", views.AuthorDetailView.as_view(), name="author_detail"),
    path("keywords/<slug:slug>/", views.KeywordDetailView.as_view(), name="keyword_detail"),
]
