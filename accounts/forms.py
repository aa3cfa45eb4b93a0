from django import forms
from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.auth import get_user_model
from django.contrib.auth.forms import AuthenticationForm, UserCreationForm

from accounts import login_throttle
from accounts.models import Profile
from accounts.orcid import normalize_orcid, validate_orcid


class SignUpForm(UserCreationForm):
    email = forms.EmailField(
        help_text="For password resets and, once you confirm it with the link we mail you, notifications; never shown."
    )
    display_name = forms.CharField(
        max_length=100, required=False, help_text="How readers see you on your profile; your username if empty."
    )

    class Meta(UserCreationForm.Meta):
        model = get_user_model()
        fields = ["username", "email"]

    # An email address already in use is accepted like any other: refusing it would tell anyone whether that
    # address has an account. The account holder is told by mail instead (accounts.services.user_sign_up).


class ThrottledLoginMixin:
    """Refuse logins while the username or the client is locked out; count failed passwords (login_throttle)."""

    def clean(self):
        username = self.cleaned_data.get("username") or ""
        if seconds := login_throttle.locked_for(self.request, username):
            raise forms.ValidationError(
                "Too many failed log-in attempts for this username or from your network, so logging in is paused "
                "for a while. Try again in %(minutes)s minute(s), or reset your password.",
                code="locked_out",
                params={"minutes": (seconds + 59) // 60},
            )
        try:
            cleaned_data = super().clean()
        except forms.ValidationError as error:
            if error.code == "invalid_login":
                login_throttle.record_failure(self.request, username)
            raise
        if self.get_user() is not None:
            login_throttle.record_success(self.request, username)
        return cleaned_data


class LoginForm(ThrottledLoginMixin, AuthenticationForm):
    pass


class AdminLoginForm(ThrottledLoginMixin, AdminAuthenticationForm):
    pass


class ProfileForm(forms.ModelForm):
    # Declared here, not from the model: the https://orcid.org/ address is accepted too, and longer than the iD.
    orcid = forms.CharField(
        label="ORCID iD", max_length=60, required=False,
        help_text="Optional: your ORCID iD, like 0000-0002-1825-0097, or its https://orcid.org/ address.",
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
    )

    class Meta:
        model = Profile
        fields = ["display_name", "bio", "orcid"]
        widgets = {"bio": forms.Textarea(attrs={"rows": 4, "maxlength": 1000})}

    def clean_orcid(self):
        orcid = normalize_orcid(self.cleaned_data.get("orcid") or "")
        if orcid:
            validate_orcid(orcid)
        return orcid
