from django.urls import path

from summaries import views

urlpatterns = [
    path("summaries/shared/<uuid:token>/", views.summary_share, name="summary_share"),
    path("papers/<int:pk>/<slug:slug>/summaries/new/", views.summary_create, name="summary_create"),
    path("summaries/<int:pk>/edit/", views.summary_edit, name="summary_edit"),
    path("summaries/<int:pk>/delete/", views.summary_delete, name="summary_delete"),
    path("summaries/<int:pk>/vote/", views.summary_vote, name="summary_vote"),
    path("summaries/<int:pk>/report/", views.summary_report, name="summary_report"),
    # The markdownx editor's endpoints (its widget posts to these paths), behind a login.
    path("markdownx/markdownify/", views.markdown_preview, name="markdownx_markdownify"),
    path("markdownx/upload/", views.image_upload, name="markdownx_upload"),
]
