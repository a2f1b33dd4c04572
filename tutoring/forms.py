from django import forms

from . import curriculum


class MessageForm(forms.Form):
    text = forms.CharField(
        label="Your message",
        widget=forms.Textarea(attrs={"rows": 3, "maxlength": 2000, "autocomplete": "off"}),
        strip=False,
        required=False,
    )


class NewSessionForm(forms.Form):
    topic = forms.ChoiceField(label="Topic")

    def __init__(self, *args, subject: str | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        groups: dict[str, list[tuple[str, str]]] = {}
        for topic in curriculum.topics(subject):
            label = "Maths" if topic.subject == "maths" else "English"
            groups.setdefault(label, []).append((topic.code, topic.title))
        self.fields["topic"].choices = [("", "Choose a topic")] + list(groups.items())


TEXT_SIZES = ((100, "Normal"), (125, "Large"), (150, "Larger"), (200, "Largest"))


class PreferencesForm(forms.Form):
    """How the pupil's pages look: remembered on the pupil's profile."""

    font = forms.ChoiceField(
        label="Font", choices=(("standard", "Standard"), ("dyslexia", "Dyslexia-friendly"))
    )
    text_size = forms.TypedChoiceField(label="Text size", choices=TEXT_SIZES, coerce=int)
    high_contrast = forms.BooleanField(label="High contrast", required=False)


SUBJECTS = (("maths", "Maths"), ("english", "English"))
