from typing import Any

from allauth.account.forms import LoginForm
from django import forms
from django.contrib.auth import password_validation

from accounts import handles
from accounts.models import Invitation, JoinRequest, Membership, User
from core.forms import Form, ModelForm
from directory.models import Organisation


class InvitationForm(ModelForm):
    class Meta:
        model = Invitation
        fields = ["email", "role"]
        labels = {"email": "E-mail address", "role": "Role in the organisation"}

    def __init__(self, *args: Any, organisation: Organisation, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.organisation = organisation

    def clean_email(self) -> str:
        email: str = self.cleaned_data["email"].lower()
        if Membership.objects.filter(
            user__email__iexact=email, organisation=self.organisation
        ).exists():
            raise forms.ValidationError("This person is already a member of the organisation.")
        return email


class AcceptInvitationForm(Form):
    display_name = forms.CharField(label="Your name", max_length=150)
    job_title = forms.CharField(label="Job title", max_length=150)
    password1 = forms.CharField(label="Password", widget=forms.PasswordInput, strip=False)
    password2 = forms.CharField(label="Password again", widget=forms.PasswordInput, strip=False)

    def __init__(self, *args: Any, email: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.email = email

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        password = cleaned.get("password1")
        if password and password != cleaned.get("password2"):
            self.add_error("password2", "The two passwords do not match.")
        elif password:
            try:
                password_validation.validate_password(password, User(email=self.email))
            except forms.ValidationError as error:
                self.add_error("password1", error)
        return cleaned


class JoinRequestForm(ModelForm):
    class Meta:
        model = JoinRequest
        fields = ["name", "email", "job_title", "organisation", "message"]
        labels = {
            "name": "Your name",
            "email": "Work e-mail address",
            "organisation": "Your organisation",
            "message": "Why you need access (optional)",
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        organisation = self.fields["organisation"]
        assert isinstance(organisation, forms.ModelChoiceField)
        organisation.queryset = Organisation.objects.visible().order_by("name")
        organisation.empty_label = "Choose your organisation"

    def clean_email(self) -> str:
        email: str = self.cleaned_data["email"]
        return email.lower()


class HandleForm(ModelForm):
    class Meta:
        model = User
        fields = ["handle"]
        labels = {"handle": "Your handle"}
        help_texts = {
            "handle": "Others mention you in the forum by typing @ and this. "
            "Letters a to z, numbers, dots, hyphens or underscores."
        }

    def clean_handle(self) -> str:
        return handles.validate(self.cleaned_data["handle"], for_pk=self.instance.pk)


class SignInForm(LoginForm):  # type: ignore[misc]  # allauth is untyped
    """allauth's sign-in form without its "Forgot your password?" help: the page links once."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["password"].help_text = ""
