from typing import Any

from django import forms

from core.forms import Form, ModelForm
from forum import safeguarding
from forum.models import Category, Flag, ForumSettings, HoldSettings, WatchLevel

CONFIRM = "confirm_no_personal_data"
BODY_HELP = (
    "Markdown: **bold**, *italic*, > quote, - lists, [links](https://…). "
    "Mention an organisation with @its-directory-name, or a member who may read this "
    "discussion with @their-handle (type @ and a few letters of their name to choose). "
    "Links to directory services show as cards."
)


class PostForm(Form):
    """A message, with the safeguarding guard: personal data must be removed or confirmed."""

    source = forms.CharField(
        label="Your message",
        help_text=BODY_HELP,
        max_length=20000,
        widget=forms.Textarea(attrs={"rows": 8}),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.personal_data: list[str] = []
        if self.data.get(self.add_prefix(CONFIRM)):
            self._ask_for_confirmation()

    def _ask_for_confirmation(self) -> None:
        # The box appears only once there is something to confirm.
        self.fields[CONFIRM] = forms.BooleanField(
            label="I confirm this contains no personal data of a potential victim",
            required=False,
        )

    def _text_to_check(self) -> str:
        return self.cleaned_data.get("source", "")

    @property
    def confirmed_personal_data(self) -> bool:
        """The guard found something and the author confirmed it is not personal data."""
        return bool(self.personal_data) and bool(self.data.get(self.add_prefix(CONFIRM)))

    def clean(self):
        cleaned = super().clean()
        if self.errors:
            return cleaned
        findings = safeguarding.find_personal_data(self._text_to_check())
        self.personal_data = safeguarding.kinds(findings)
        if self.personal_data and not self.data.get(self.add_prefix(CONFIRM)):
            self._ask_for_confirmation()
            raise forms.ValidationError(
                "This may contain personal data of a potential victim ("
                + ", ".join(self.personal_data)
                + "). Remove it, or tick the box to confirm it is not personal data.",
                code="personal_data",
            )
        return cleaned


class ThreadForm(PostForm):
    title = forms.CharField(label="Title", max_length=200)

    field_order = ["title", "source"]

    def _text_to_check(self) -> str:
        return f"{self.cleaned_data.get('title', '')}\n{self.cleaned_data.get('source', '')}"


class RedactForm(Form):
    source = forms.CharField(
        label="Text to keep",
        help_text="The earlier text and every earlier version are deleted for good.",
        widget=forms.Textarea(attrs={"rows": 8}),
    )


class FlagForm(ModelForm):
    class Meta:
        model = Flag
        fields = ["reason", "details"]
        widgets = {"reason": forms.RadioSelect, "details": forms.Textarea(attrs={"rows": 3})}
        labels = {"reason": "Why should a coordinator look at this post?", "details": "Details"}


class WatchForm(Form):
    level = forms.ChoiceField(
        label="Notify me",
        choices=[("", "Normal: notify me of replies to me and mentions"), *WatchLevel.choices],
        required=False,
        widget=forms.RadioSelect,
    )


class ForumSettingsForm(ModelForm):
    class Meta:
        model = ForumSettings
        fields = ["email"]
        widgets = {"email": forms.RadioSelect}
        labels = {"email": "E-mail me about notifications"}


class MoveForm(Form):
    category = forms.ModelChoiceField(queryset=Category.objects.all(), label="Move to")


class SuspendForm(Form):
    days = forms.IntegerField(
        label="Suspend from posting for (days)",
        min_value=0,
        max_value=365,
        help_text="0 lifts a suspension.",
    )
    reason = forms.CharField(max_length=250)


class HoldSettingsForm(ModelForm):
    class Meta:
        model = HoldSettings
        fields = ["hold_first_posts"]
