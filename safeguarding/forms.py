from django import forms

from .models import ConcernEvent
from .services import ACTION_KINDS


class ActionForm(forms.Form):
    kind = forms.ChoiceField(
        label="What was done",
        choices=[(k.value, k.label) for k in ConcernEvent.Kind if k in ACTION_KINDS],
    )
    note = forms.CharField(label="Details", widget=forms.Textarea(attrs={"rows": 3}))


class CloseForm(forms.Form):
    outcome = forms.CharField(label="Outcome", widget=forms.Textarea(attrs={"rows": 3}))
