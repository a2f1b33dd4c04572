from django import forms


class EditForm(forms.Form):
    text = forms.CharField(label="Reply to send", widget=forms.Textarea(attrs={"rows": 6}))


class RejectForm(forms.Form):
    reason = forms.CharField(label="Why reject it?", widget=forms.Textarea(attrs={"rows": 2}))


class RegenerateForm(forms.Form):
    guidance = forms.CharField(
        label="Guidance for the tutor", required=False, max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class WriteForm(forms.Form):
    text = forms.CharField(label="Your reply", widget=forms.Textarea(attrs={"rows": 6}))


class ConcernForm(forms.Form):
    note = forms.CharField(label="What worries you?", widget=forms.Textarea(attrs={"rows": 3}))


class PupilSettingsForm(forms.Form):
    send = forms.BooleanField(label="SEND adaptations (shorter steps, simpler wording)",
                              required=False)
    eal = forms.BooleanField(label="EAL adaptations (key words explained)", required=False)
    home_language = forms.CharField(label="Home language", max_length=40, required=False)
    daily_minutes_limit = forms.IntegerField(
        label="Daily time limit in minutes (leave empty for the school's default)",
        min_value=5, max_value=600, required=False,
    )
    reason = forms.CharField(
        label="Why are you changing this?", max_length=500,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

