from django.conf import settings
from django.conf.urls.static import static
from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    # The most read pages first: a path is matched against the patterns in order (the venue-year page was 70 µs of
    # matching behind every other app's, ~8% of a logged-in shell hit). No pattern shadows another's, whatever the
    # order: tests/architecture/test_urls.py resolves every route back to itself.
    path("", include("summaries.urls")),
    path("", include("papers.urls")),
    path("admin/", admin.site.urls),
    path("", include("readership.urls")),
    path("", include("claims.urls")),
    path("", include("people.urls")),
    path("", include("accounts.urls")),
    path("", include("discussion.urls")),
    path("", include("notifications.urls")),
    path("", include("importers.urls")),
    path("", include("papers.export_urls")),
    path("", include("search.urls")),
    path("api/", include("api.urls")),
]

if settings.DEBUG:  # uploaded images; in production the web server serves MEDIA_ROOT
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
