from django.conf import settings
from django.conf.urls.static import static
from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("admin/", admin.site.urls),
    path("", include("readership.urls")),
    path("", include("claims.urls")),
    path("", include("people.urls")),
    path("", include("accounts.urls")),
    path("", include("summaries.urls")),
    path("", include("discussion.urls")),
    path("", include("notifications.urls")),
    path("", include("importers.urls")),
    path("", include("papers.urls")),
    path("", include("papers.export_urls")),
    path("", include("search.urls")),
    path("api/", include("api.urls")),
]

if settings.DEBUG:  # uploaded images; in production the web server serves MEDIA_ROOT
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
