from django import forms
from django.conf import settings


class AvatarForm(forms.Form):
    picture = forms.FileField(
        label="Your picture", required=False,
        help_text="A JPEG, PNG, GIF or WebP image of at most 2 MB; it is checked and stored without its metadata.",
    )
    remove = forms.BooleanField(label="Use the drawn identicon instead", required=False)

    def clean(self):
        data = super().clean()
        picture = data.get("picture")
        if picture is None and not data.get("remove"):
            raise forms.ValidationError("Choose a picture, or tick the box to use the identicon.", code="empty")
        if picture is not None and picture.size > settings.MARKDOWNX_UPLOAD_MAX_SIZE:
            limit = settings.MARKDOWNX_UPLOAD_MAX_SIZE // (1024 * 1024)
            self.add_error("picture", f"A picture can be at most {limit} MB.")
        return data


class AccountDeleteForm(forms.Form):
    SUMMARIES = [
        ("anonymous", 'Keep my summaries, shown as by "Anonymous"'),
        ("delete", "Delete my summaries with my account"),
    ]
    summaries = forms.ChoiceField(label="My summaries", choices=SUMMARIES, widget=forms.RadioSelect)
    password = forms.CharField(label="Your password", strip=False, widget=forms.PasswordInput(
        attrs={"autocomplete": "current-password"}))

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user

    def clean_password(self):
        password = self.cleaned_data["password"]
        if not self.user.check_password(password):
            raise forms.ValidationError("That is not your password; your account is unchanged.", code="wrong_password")
        return password
