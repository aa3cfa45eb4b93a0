"""What a user types: summaries (with the markdownx editor), reports and votes. The services do the writes."""

from django import forms
from django.core.validators import ProhibitNullCharactersValidator

from summaries.widgets import SummaryEditor

MAX_BODY_BYTES = 100 * 1024


def validate_summary_body(body: str) -> str:
    """Reject empty, oversized and NUL-carrying Markdown (the same checks for saving and for the live preview)."""
    if not body or not body.strip():
        raise forms.ValidationError("Write something: the summary is empty.", code="empty")
    ProhibitNullCharactersValidator()(body)  # the form field checks it as well; the preview has no form
    size = len(body.encode("utf-8"))
    if size > MAX_BODY_BYTES:
        raise forms.ValidationError(
            "A summary can be at most 100 KB; this one is %(size)s KB. Shorten it or split out the details.",
            code="too_long",
            params={"size": (size + 1023) // 1024},
        )
    return body


class SummaryForm(forms.Form):
    body = forms.CharField(
        label="Your summary",
        strip=False,
        required=False,  # emptiness gets the clearer message from validate_summary_body
        widget=SummaryEditor(attrs={"rows": 18}),
        help_text="Markdown, with LaTeX math between $…$ (inline) or $$…$$ (display). At most 100 KB.",
    )
    is_private = forms.BooleanField(
        label="Private",
        required=False,
        help_text="Only you can read it, and whoever you give its secret share link to.",
    )
    anonymous = forms.BooleanField(
        label="Publish as \"Anonymous\"",
        required=False,
        help_text="Readers see \"Anonymous\" instead of your name; you still edit it, and its votes count toward "
        "your reputation. Moderators can see who wrote it.",
    )

    def clean_body(self):
        return validate_summary_body(self.cleaned_data.get("body", ""))


class ReportForm(forms.Form):
    reason = forms.CharField(
        label="What is wrong with this summary?",
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="e.g. spam, plagiarism, offensive, or about another paper. A moderator will read it.",
    )


class VoteForm(forms.Form):
    value = forms.TypedChoiceField(choices=[("1", "+1"), ("-1", "-1"), ("0", "withdraw")], coerce=int)
