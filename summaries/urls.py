from django.urls import path

from summaries import feeds
from summaries.views import actions, editing, editor, reading

urlpatterns = [
    path("", reading.home, name="home"),
    path("papers/<int:pk>/<slug:slug>/", reading.paper_detail, name="paper_detail"),
    path("summaries/shared/<uuid:token>/", reading.summary_share, name="summary_share"),
    path("papers/<int:pk>/<slug:slug>/summaries/new/", editing.summary_create, name="summary_create"),
    path("summaries/<int:pk>/edit/", editing.summary_edit, name="summary_edit"),
    path("summaries/<int:pk>/delete/", editing.summary_delete, name="summary_delete"),
    path("summaries/<int:pk>/vote/", actions.summary_vote, name="summary_vote"),
    path("summaries/<int:pk>/report/", actions.summary_report, name="summary_report"),
    # The markdownx editor's endpoints (its widget posts to these paths), behind a login.
    path("markdownx/markdownify/", editor.markdown_preview, name="markdownx_markdownify"),
    path("markdownx/upload/", editor.image_upload, name="markdownx_upload"),
    # Atom feeds of public summaries.
    path("feeds/latest/", feeds.LatestSummariesFeed(), name="feed_latest"),
    path("venues/<slug:slug>/feed/", feeds.VenueSummariesFeed(), name="feed_venue"),
    path("papers/<int:pk>/<slug:slug>/feed/", feeds.PaperSummariesFeed(), name="feed_paper"),
    path("authors/<slug:slug>/feed/", feeds.AuthorSummariesFeed(), name="feed_author"),
]
