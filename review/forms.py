from django import forms


class EditForm(forms.Form):
    text = forms.CharField(label="Reply to send", widget=forms.Textarea(attrs={"rows": 6}))


class RejectForm(forms.Form):
    reason = forms.CharField(label="Why reject it?", widget=forms.Textarea(attrs={"rows": 2}))


class RegenerateForm(forms.Form):
    guidance = forms.CharField(
        label="Guidance for the tutor", required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class WriteForm(forms.Form):
    text = forms.CharField(label="Your reply", widget=forms.Textarea(attrs={"rows": 6}))


class ConcernForm(forms.Form):
    note = forms.CharField(label="What worries you?", widget=forms.Textarea(attrs={"rows": 3}))
