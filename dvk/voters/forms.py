"""Forms of the voters screens. They validate shapes and limits; the rules live in services."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from dvk.core.forms import DateInput, FormTokenMixin, SafeInputMixin
from dvk.organisations.models import Organisation
from dvk.organisations.scoping import province_root
from dvk.voters.models import Deputy, Level, Meeting, Petition, PetitionField, Session
from dvk.voters.workflow import Outcome

DATE = DateInput()  # dd/mm/yyyy with the calendar button, whatever the browser locale


class SessionForm(SafeInputMixin, FormTokenMixin, forms.Form):
    number = forms.IntegerField(label=_("session number"), min_value=1, max_value=999)
    kind = forms.ChoiceField(label=_("kind"), choices=Session.Kind.choices)
    opens_on = forms.DateField(label=_("opens on"), widget=DATE)
    closes_on = forms.DateField(label=_("closes on"), widget=DATE, required=False)


class DeputyForm(SafeInputMixin, FormTokenMixin, forms.Form):
    full_name = forms.CharField(label=_("full name"), max_length=200)
    constituency = forms.CharField(label=_("constituency"), max_length=200)
    position = forms.CharField(label=_("position"), max_length=200, required=False)


class MeetingForm(SafeInputMixin, FormTokenMixin, forms.Form):
    timing = forms.ChoiceField(label=_("timing"), choices=Meeting.Timing.choices)
    held_on = forms.DateField(label=_("held on"), widget=DATE)
    place = forms.CharField(label=_("place"), max_length=300)
    front = forms.ModelChoiceField(
        label=_("Fatherland Front co-host"), queryset=Organisation.objects.none(), required=False
    )
    voters_present = forms.IntegerField(
        label=_("voters present"), min_value=0, max_value=1_000_000, initial=0
    )
    deputies = forms.ModelMultipleChoiceField(
        label=_("deputies"),
        queryset=Deputy.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    notes = forms.CharField(
        label=_("notes"), widget=forms.Textarea(attrs={"rows": 2}), required=False, max_length=4000
    )
    minutes = forms.FileField(label=_("Minutes of the meeting"), required=False)

    def __init__(self, *args: Any, session: Session, **kwargs: Any):
        super().__init__(*args, **kwargs)
        root = province_root(session.org_path)
        front_field = self.fields["front"]
        assert isinstance(front_field, forms.ModelChoiceField)
        front_field.queryset = Organisation.objects.current().filter(
            kind=Organisation.Kind.FRONT, path__under=root
        )
        deputies_field = self.fields["deputies"]
        assert isinstance(deputies_field, forms.ModelMultipleChoiceField)
        deputies_field.queryset = Deputy.objects.filter(term_id=session.term_id)


class MinutesForm(SafeInputMixin, forms.Form):
    minutes = forms.FileField(label=_("Minutes of the meeting"))


class ClassifyForm(SafeInputMixin, forms.Form):
    field = forms.ChoiceField(label=_("field"), choices=PetitionField.choices)
    level = forms.ChoiceField(label=_("competent level"), choices=Level.choices)


class ForwardForm(SafeInputMixin, forms.Form):
    bodies = forms.ModelMultipleChoiceField(label=_("answering bodies"), queryset=Organisation.objects.none())
    due_on = forms.DateField(
        label=_("answer due"),
        widget=DATE,
        required=False,
        help_text=_("Empty: the default before the next regular session."),
    )

    def __init__(self, *args: Any, petition: Petition, **kwargs: Any):
        super().__init__(*args, **kwargs)
        bodies_field = self.fields["bodies"]
        assert isinstance(bodies_field, forms.ModelMultipleChoiceField)
        bodies_field.queryset = (
            Organisation.objects.current()
            .filter(path__under=province_root(petition.org_path))
            .exclude(pk=petition.organisation_id)
            .exclude(
                kind__in=[
                    Organisation.Kind.PARTY_CELL,
                    Organisation.Kind.RESIDENTIAL_AREA,
                    Organisation.Kind.SCHOOL,
                ]
            )
            .order_by("path")
        )
        self.fields["bodies"].widget.attrs["size"] = 8


class RepeatForm(SafeInputMixin, forms.Form):
    of = forms.IntegerField(label=_("repeat of petition no."), min_value=1, max_value=2**63 - 1)


class AnswerForm(SafeInputMixin, forms.Form):
    outcome = forms.ChoiceField(label=_("result"), choices=Outcome.choices)
    answer = forms.CharField(label=_("answer"), widget=forms.Textarea(attrs={"rows": 4}), max_length=4000)
    target_date = forms.DateField(label=_("roadmap target date"), widget=DATE, required=False)
    reason = forms.CharField(
        label=_("reason it cannot be resolved"),
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
        max_length=4000,
    )
    document_number = forms.CharField(label=_("answer document number"), max_length=60, required=False)


class AssessForm(SafeInputMixin, forms.Form):
    satisfied = forms.TypedChoiceField(
        label=_("voters' assessment"),
        choices=[("1", _("Voters satisfied")), ("0", _("Voters not satisfied"))],
        coerce=lambda v: v == "1",
    )
    note = forms.CharField(
        label=_("note"), widget=forms.Textarea(attrs={"rows": 2}), required=False, max_length=4000
    )


class NoteForm(SafeInputMixin, forms.Form):
    note = forms.CharField(
        label=_("note"), widget=forms.Textarea(attrs={"rows": 2}), required=False, max_length=4000
    )


class PetitionEditForm(SafeInputMixin, forms.Form):
    text = forms.CharField(label=_("content"), widget=forms.Textarea(attrs={"rows": 4}), max_length=4000)
    raised_by = forms.CharField(label=_("raised by"), max_length=200, required=False)
    kind = forms.ChoiceField(label=_("kind"), choices=Petition.Kind.choices)
