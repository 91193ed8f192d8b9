"""Forms of periodic reports, on the shared validation layer (SafeInputMixin first)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from dvk.core.forms import SafeInputMixin
from dvk.organisations.models import Membership, Organisation
from dvk.reports.models import Kind, PeriodicReport

DATE_FORMATS = ["%d/%m/%Y", "%d-%m-%Y", "%Y-%m-%d"]


def reporting_bodies(user: Any):
    """The bodies the user drafts reports for: those where the user works or coordinates."""
    qs = Organisation.objects.filter(
        memberships__user=user, memberships__role__in=Membership.Role.STAFF, valid_to__isnull=True
    )
    if getattr(user, "is_superuser", False):
        qs = Organisation.objects.filter(valid_to__isnull=True, parent__isnull=True) | qs
    return qs.distinct().order_by("path")


class CreateForm(SafeInputMixin, forms.Form):
    organisation = forms.ModelChoiceField(queryset=Organisation.objects.none(), label=_("Reporting body"))
    kind = forms.ChoiceField(choices=Kind.choices, label=_("Kind of report"), initial=Kind.HALF)
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100)
    part = forms.IntegerField(
        label=_("Month or half"),
        min_value=1,
        max_value=12,
        required=False,
        help_text=_("Month 1–12 for a monthly report, 1 or 2 for a 6-month report."),
    )
    start = forms.DateField(label=_("From"), required=False, input_formats=DATE_FORMATS)
    end = forms.DateField(label=_("To"), required=False, input_formats=DATE_FORMATS)

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        bodies = reporting_bodies(user)
        self.fields["organisation"].queryset = bodies  # type: ignore[attr-defined]
        self.fields["organisation"].initial = bodies.first()
        self.fields["year"].initial = timezone.localdate().year
        self.fields["part"].initial = 1


class NarrativeForm(SafeInputMixin, forms.ModelForm):
    class Meta:
        model = PeriodicReport
        fields = ["title", "situation", "limitations", "tasks_ahead", "proposals"]
        widgets = {name: forms.Textarea(attrs={"rows": 5}) for name in fields[1:]}


class UploadForm(SafeInputMixin, forms.Form):
    upload = forms.FileField(label=_("Edited draft (Word)"))


class IssueForm(SafeInputMixin, forms.Form):
    signer_name = forms.CharField(label=_("Signer's name"), max_length=200, required=False)
    signer_position = forms.CharField(
        label=_("Signer's position"),
        max_length=200,
        required=False,
        help_text=_("Leave empty for the body's usual signature."),
    )
    issued_on = forms.DateField(label=_("Date of issue"), required=False, input_formats=DATE_FORMATS)
    recipients = forms.CharField(
        label=_("Recipients (one per line)"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )

    def recipient_lines(self) -> list[str]:
        return [line.strip() for line in self.cleaned_data.get("recipients", "").splitlines() if line.strip()]


class DiscardForm(SafeInputMixin, forms.Form):
    note = forms.CharField(label=_("Reason"), max_length=1000)
