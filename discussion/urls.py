from django.urls import path

from discussion.views import answers, comments, questions

urlpatterns = [
    path("summaries/<int:pk>/comments/new/", comments.comment_create, name="comment_create"),
    path("comments/<int:pk>/edit/", comments.comment_edit, name="comment_edit"),
    path("comments/<int:pk>/delete/", comments.comment_delete, name="comment_delete"),
    path("comments/<int:pk>/report/", comments.comment_report, name="comment_report"),
    path("papers/<int:pk>/<slug:slug>/questions/new/", questions.question_create, name="question_create"),
    path("questions/<int:pk>/", questions.question_detail, name="question_detail"),
    path("questions/<int:pk>/edit/", questions.question_edit, name="question_edit"),
    path("questions/<int:pk>/delete/", questions.question_delete, name="question_delete"),
    path("questions/<int:pk>/report/", questions.question_report, name="question_report"),
    path("questions/<int:pk>/answers/new/", answers.answer_create, name="answer_create"),
    path("answers/<int:pk>/edit/", answers.answer_edit, name="answer_edit"),
    path("answers/<int:pk>/delete/", answers.answer_delete, name="answer_delete"),
    path("answers/<int:pk>/vote/", answers.answer_vote, name="answer_vote"),
    path("answers/<int:pk>/accept/", answers.answer_accept, name="answer_accept"),
    path("answers/<int:pk>/report/", answers.answer_report, name="answer_report"),
]
