from django import forms

from notifications.models import Preference


class PreferenceForm(forms.ModelForm):
    class Meta:
        model = Preference
        fields = [
            "language",
            "email_entry_returned",
            "email_report_issued",
            "email_monitor_digest",
            "email_focal_digest",
            "email_minutes_to_approve",
            "email_decision_assigned",
            "email_deadline_step",
            "email_term_ending",
        ]
        widgets = {"language": forms.RadioSelect}
