"""Input validation and cleaning only; the services write."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from dvk.core.text import fold, nfc
from dvk.exemplars.models import Commendation, Cycle, Exemplar, FieldOfWork
from dvk.exemplars.services import FILE_KINDS, dossier_labels
from dvk.organisations.models import Membership, Organisation
from dvk.organisations.scoping import scope_for

ROLE_WORDS = {"chu tri": "lead", "lead": "lead", "phoi hop": "coordinate", "coordinate": "coordinate",
              "tham gia": "take_part", "take_part": "take_part", "take part": "take_part"}
ROLE_LABELS = {"lead": "chủ trì", "coordinate": "phối hợp", "take_part": "tham gia"}
STAFF_ROLES = {Membership.Role.OFFICER, Membership.Role.LEADER, Membership.Role.COORDINATOR,
               Membership.Role.BOARD_LEADER}


def staff_bodies(user: Any):
    """Current bodies the user may register models for or record replications for."""
    scope = scope_for(user)
    if scope.everything:
        return Organisation.objects.current().order_by("path")
    condition = Q()
    for grant in scope.grants:
        if grant.role in STAFF_ROLES:
            for prefix in grant.prefixes:
                condition |= Q(path__startswith=prefix)
    if not condition:
        return Organisation.objects.none()
    return Organisation.objects.current().filter(condition).order_by("path")


class ExemplarForm(forms.ModelForm):
    forces_text = forms.CharField(
        label=_("Forces and their roles"), widget=forms.Textarea(attrs={"rows": 3}), required=False,
        help_text=_("One force per line: name | role (chủ trì, phối hợp or tham gia) | task."),
    )
    funds = forms.CharField(label=_("Funds"), required=False, max_length=200)
    facilities = forms.CharField(label=_("Facilities"), required=False, max_length=200)
    workdays = forms.CharField(label=_("Workdays"), required=False, max_length=200)
    socialised = forms.CharField(label=_("Socialised contributions"), required=False, max_length=200)
    timeline_text = forms.CharField(
        label=_("Timeline and milestones"), widget=forms.Textarea(attrs={"rows": 3}), required=False,
        help_text=_("One milestone per line: dd/mm/yyyy | milestone."),
    )
    form_token = forms.CharField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = Exemplar
        fields = [
            "organisation", "kind", "title", "summary", "field", "level", "cycle", "started_on",
            "situation", "goals", "content_method", "area_beneficiaries", "expected_outputs", "sustainability",
            "person_name", "person_position", "consent_public", "latitude", "longitude",
        ]
        widgets = {
            name: forms.Textarea(attrs={"rows": 3})
            for name in ("summary", "situation", "goals", "content_method", "area_beneficiaries",
                         "expected_outputs", "sustainability")
        } | {"started_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")}

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.user = user
        self.fields["organisation"].queryset = staff_bodies(user)
        self.fields["field"].queryset = FieldOfWork.objects.filter(is_active=True).select_related("parent")
        self.fields["field"].label_from_instance = lambda f: f"{f.parent.name} › {f.name}" if f.parent_id else f.name
        self.fields["cycle"].queryset = Cycle.objects.all()
        self.fields["cycle"].required = False  # the current cycle by default
        self.fields["started_on"].input_formats = ["%Y-%m-%d", "%d/%m/%Y"]
        for field in self.fields.values():
            widget = field.widget
            if isinstance(widget, forms.CheckboxInput):
                widget.attrs.setdefault("class", "form-check-input")
            elif isinstance(widget, forms.Select):
                widget.attrs.setdefault("class", "form-select")
            elif not isinstance(widget, forms.HiddenInput):
                widget.attrs.setdefault("class", "form-control")
        if self.instance.pk:
            self.fields.pop("organisation")
            self.fields.pop("form_token")
            self.initial["forces_text"] = "\n".join(
                " | ".join([f["name"], ROLE_LABELS.get(f["role"], f["role"]), f.get("task", "")]).rstrip(" |")
                for f in self.instance.forces
            )
            self.initial["timeline_text"] = "\n".join(
                f"{dt.date.fromisoformat(r['date']):%d/%m/%Y} | {r['milestone']}" for r in self.instance.timeline
            )
            for key in ("funds", "facilities", "workdays", "socialised"):
                self.initial[key] = self.instance.resources.get(key, "")
        else:
            self.initial.setdefault("form_token", uuid.uuid4().hex)
            self.initial.setdefault("cycle", Cycle.current())

    def clean_forces_text(self) -> list[dict[str, str]]:
        rows = []
        for line in (self.cleaned_data.get("forces_text") or "").splitlines():
            if not line.strip():
                continue
            parts = [nfc(p) for p in line.split("|")]
            role = ROLE_WORDS.get(fold(parts[1]) if len(parts) > 1 else "")
            if not parts[0] or role is None:
                raise forms.ValidationError(
                    _("Write each force as: name | chủ trì, phối hợp or tham gia | task (line “%(line)s”).")
                    % {"line": line.strip()}
                )
            rows.append({"name": parts[0], "role": role, "task": parts[2] if len(parts) > 2 else ""})
        return rows

    def clean_timeline_text(self) -> list[dict[str, str]]:
        rows = []
        for line in (self.cleaned_data.get("timeline_text") or "").splitlines():
            if not line.strip():
                continue
            day_text, _sep, milestone = line.partition("|")
            try:
                day = dt.datetime.strptime(day_text.strip(), "%d/%m/%Y").date()  # noqa: DTZ007 - a date only
            except ValueError:
                raise forms.ValidationError(
                    _("Write each milestone as: dd/mm/yyyy | milestone (line “%(line)s”).") % {"line": line.strip()}
                ) from None
            if not nfc(milestone):
                raise forms.ValidationError(_("Each milestone needs a text."))
            rows.append({"date": day.isoformat(), "milestone": nfc(milestone)})
        return rows

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if data.get("kind") == "individual" and not nfc(data.get("person_name")):
            self.add_error("person_name", _("An individual exemplar needs the person's name."))
        if (data.get("latitude") is None) != (data.get("longitude") is None):
            self.add_error("longitude", _("Give both latitude and longitude, or neither."))
        return data

    def service_data(self) -> dict[str, Any]:
        data = {k: v for k, v in self.cleaned_data.items()
                if not (k == "cycle" and v is None)
                if k not in ("forces_text", "timeline_text", "form_token", "organisation", "funds", "facilities",
                             "workdays", "socialised")}
        data["forces"] = self.cleaned_data["forces_text"]
        data["timeline"] = self.cleaned_data["timeline_text"]
        data["resources"] = {k: self.cleaned_data[k] for k in ("funds", "facilities", "workdays", "socialised")
                             if self.cleaned_data.get(k)}
        return data


class ActionForm(forms.Form):
    note = forms.CharField(label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    cycle = forms.ModelChoiceField(Cycle.objects.all(), label=_("Cycle"), required=False)


class ProgressForm(forms.Form):
    reported_on = forms.DateField(label=_("Reported on"), input_formats=["%Y-%m-%d", "%d/%m/%Y"],
                                  widget=forms.DateInput(attrs={"type": "date", "class": "form-control"}))
    summary = forms.CharField(label=_("What was done"), widget=forms.Textarea(attrs={"rows": 3, "class": "form-control"}))
    figures_text = forms.CharField(
        label=_("Figures"), required=False, widget=forms.Textarea(attrs={"rows": 2, "class": "form-control"}),
        help_text=_("One figure per line: label: value (e.g. Households taking part: 180)."),
    )

    def clean_figures_text(self) -> dict[str, str]:
        figures = {}
        for line in (self.cleaned_data.get("figures_text") or "").splitlines():
            if not line.strip():
                continue
            label, sep, value = line.rpartition(":")
            if not sep or not nfc(label) or not nfc(value):
                raise forms.ValidationError(_("Write each figure as: label: value (line “%(line)s”).")
                                            % {"line": line.strip()})
            figures[nfc(label)] = nfc(value)
        return figures


class AttachForm(forms.Form):
    kind = forms.ChoiceField(label=_("Document"), choices=(),
                             widget=forms.Select(attrs={"class": "form-select"}))
    label = forms.CharField(label=_("Description"), required=False, max_length=200,
                            widget=forms.TextInput(attrs={"class": "form-control"}))
    file = forms.FileField(label=_("File"), widget=forms.ClearableFileInput(attrs={"class": "form-control"}))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        labels = dossier_labels()
        self.fields["kind"].choices = [(k, labels[k]) for k in FILE_KINDS]


class ScoreForm(forms.Form):
    comment = forms.CharField(label=_("Comment"), required=False,
                              widget=forms.Textarea(attrs={"rows": 2, "class": "form-control"}))

    def __init__(self, *args: Any, criteria: list, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.criteria = criteria
        for criterion in criteria:
            self.fields[f"c{criterion.pk}"] = forms.DecimalField(
                label=criterion.name, min_value=0, max_value=criterion.max_score, decimal_places=2,
                help_text=_("0 to %(max)s points, weight %(weight)s") % {"max": criterion.max_score,
                                                                          "weight": f"{criterion.weight:g}"},
                widget=forms.NumberInput(attrs={"class": "form-control", "step": "0.5"}),
            )
        self.order_fields([f"c{c.pk}" for c in criteria] + ["comment"])

    def scores(self) -> list[tuple[int, Any]]:
        return [(c.pk, self.cleaned_data[f"c{c.pk}"]) for c in self.criteria]


class ReplicationForm(forms.Form):
    organisation = forms.ModelChoiceField(Organisation.objects.none(), label=_("Adopting body"),
                                          widget=forms.Select(attrs={"class": "form-select"}))
    started_on = forms.DateField(label=_("Adopted on"), input_formats=["%Y-%m-%d", "%d/%m/%Y"],
                                 widget=forms.DateInput(attrs={"type": "date", "class": "form-control"}))
    adaptations = forms.CharField(label=_("Adaptations"), required=False,
                                  widget=forms.Textarea(attrs={"rows": 2, "class": "form-control"}))
    results = forms.CharField(label=_("Results"), required=False,
                              widget=forms.Textarea(attrs={"rows": 2, "class": "form-control"}))
    latitude = forms.DecimalField(label=_("Latitude"), required=False, min_value=-90, max_value=90,
                                  decimal_places=6, widget=forms.NumberInput(attrs={"class": "form-control"}))
    longitude = forms.DecimalField(label=_("Longitude"), required=False, min_value=-180, max_value=180,
                                   decimal_places=6, widget=forms.NumberInput(attrs={"class": "form-control"}))

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = staff_bodies(user)


class CommendationForm(forms.Form):
    form = forms.ChoiceField(label=_("Form"), choices=Commendation.Form.choices,
                             widget=forms.Select(attrs={"class": "form-select"}))
    authority = forms.CharField(label=_("Deciding authority"), max_length=300,
                                widget=forms.TextInput(attrs={"class": "form-control"}))
    decision_number = forms.CharField(label=_("Decision number"), max_length=80,
                                      widget=forms.TextInput(attrs={"class": "form-control"}))
    awarded_on = forms.DateField(label=_("Awarded on"), input_formats=["%Y-%m-%d", "%d/%m/%Y"],
                                 widget=forms.DateInput(attrs={"type": "date", "class": "form-control"}))
    event = forms.CharField(label=_("Event"), required=False, max_length=300,
                            widget=forms.TextInput(attrs={"class": "form-control"}))


class OutstandingForm(forms.Form):
    event = forms.CharField(label=_("Event"), required=False, max_length=300,
                            widget=forms.TextInput(attrs={"class": "form-control"}))
    outstanding = forms.BooleanField(required=False, initial=True, widget=forms.HiddenInput)
