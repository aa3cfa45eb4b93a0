from django import forms

from notifications.models import MailPreferences


class MailPreferencesForm(forms.ModelForm):
    class Meta:
        model = MailPreferences
        fields = ["mail_comment", "mail_reply", "mail_answer", "mail_accepted", "mail_summary", "daily_digest"]
