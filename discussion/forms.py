"""What readers type in the discussion: comments, questions, answers, reports and votes."""

from django import forms
from django.core.validators import ProhibitNullCharactersValidator

from discussion.models import Question
from summaries.widgets import SummaryEditor

MAX_COMMENT_CHARS = 5_000
MAX_ANSWER_CHARS = 20_000
MAX_QUESTION_CHARS = 10_000
MARKDOWN_HELP = "Markdown, with LaTeX math between $…$ (inline) or $$…$$ (display)."


def validate_text(text: str, *, limit: int, what: str) -> str:
    """Reject empty and over-long texts with a message that says by how much."""
    if not text or not text.strip():
        raise forms.ValidationError(f"Write something: the {what} is empty.", code="empty")
    ProhibitNullCharactersValidator()(text)
    if len(text) > limit:
        raise forms.ValidationError(
            "%(article)s %(what)s can be at most %(limit)s characters; this one has %(size)s. Shorten it by %(over)s.",
            code="too_long",
            params={"article": "An" if what[0] in "aeiou" else "A", "what": what, "limit": f"{limit:,}",
                    "size": f"{len(text):,}", "over": f"{len(text) - limit:,}"},
        )
    return text


def _markdown_field(label, limit, rows):
    return forms.CharField(
        label=label, strip=False, required=False,  # emptiness gets the clearer message from validate_text
        widget=SummaryEditor(attrs={"rows": rows}),
        help_text=f"{MARKDOWN_HELP} At most {limit:,} characters.",
    )


class CommentForm(forms.Form):
    body = _markdown_field("Your comment", MAX_COMMENT_CHARS, 6)

    def clean_body(self):
        return validate_text(self.cleaned_data.get("body", ""), limit=MAX_COMMENT_CHARS, what="comment")


class QuestionForm(forms.Form):
    title = forms.CharField(label="Your question", max_length=200, help_text="In one line, at most 200 characters.")
    category = forms.ChoiceField(choices=Question.Category.choices, initial=Question.Category.CLARIFICATION)
    body = _markdown_field("Details", MAX_QUESTION_CHARS, 8)

    def clean_body(self):
        return validate_text(self.cleaned_data.get("body", ""), limit=MAX_QUESTION_CHARS, what="question")


class AnswerForm(forms.Form):
    body = _markdown_field("Your answer", MAX_ANSWER_CHARS, 8)

    def clean_body(self):
        return validate_text(self.cleaned_data.get("body", ""), limit=MAX_ANSWER_CHARS, what="answer")


class DiscussionReportForm(forms.Form):
    reason = forms.CharField(
        label="What is wrong with it?", max_length=2000, widget=forms.Textarea(attrs={"rows": 4}),
        help_text="e.g. spam, offensive, or off topic. A moderator will read it.",
    )
