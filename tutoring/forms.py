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
