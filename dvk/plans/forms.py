from __future__ import annotations

from typing import Any, cast

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from dvk.core.forms import DateInput, FormTokenMixin, SafeInputMixin, not_far_ahead
from dvk.organisations.models import AdministrativeUnit, Organisation
from dvk.organisations.scoping import reach_of, visible_organisations
from dvk.plans.importer import parse_docx, parse_text
from dvk.plans.models import (
    Campaign,
    Event,
    Indicator,
    Plan,
    Regime,
    Section,
    SupervisionProgramme,
    Task,
    Theme,
)

MAX_DOCX = 10 * 1024 * 1024


class BootstrapMixin(SafeInputMixin):
    """Bootstrap classes on every widget, and the shared input rules (dvk.core.forms)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for field in self.fields.values():  # type: ignore[attr-defined]
            widget = field.widget
            if isinstance(widget, forms.CheckboxInput | forms.CheckboxSelectMultiple):
                widget.attrs.setdefault("class", "form-check-input")
            elif isinstance(widget, forms.Select | forms.SelectMultiple):
                widget.attrs.setdefault("class", "form-select")
            else:
                widget.attrs.setdefault("class", "form-control")


def _model_choice_field(form: forms.BaseForm, name: str) -> forms.ModelChoiceField[Any]:
    """A field declared (or generated from a ForeignKey or ManyToManyField) as a ModelChoiceField."""
    return cast("forms.ModelChoiceField[Any]", form.fields[name])


def body_choices(user: Any):
    return visible_organisations(user).current().select_related("unit").order_by("path")


def indicator_fields(form: forms.Form, indicators, initial: dict | None = None) -> None:
    for ind in indicators:
        label = f"{ind.name} ({ind.unit})" if ind.unit else ind.name
        form.fields[f"ind_{ind.code}"] = forms.DecimalField(
            label=label, required=False, min_value=0, initial=(initial or {}).get(ind.code)
        )


def indicator_values(form: forms.Form) -> dict[str, Any]:
    return {k[4:]: v for k, v in form.cleaned_data.items() if k.startswith("ind_") and v is not None}


class PlanForm(BootstrapMixin, forms.ModelForm):
    class Meta:
        model = Plan
        fields = ["organisation", "number", "title", "issued_on", "theme", "parent", "preamble"]
        widgets = {"issued_on": DateInput(), "preamble": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _model_choice_field(self, "organisation").queryset = body_choices(user)
        _model_choice_field(self, "parent").queryset = Plan.objects.visible_to(user).select_related(
            "organisation"
        )
        _model_choice_field(self, "theme").queryset = Theme.objects.all()

    def clean_issued_on(self) -> Any:
        return not_far_ahead(self.cleaned_data.get("issued_on"))


class ImportForm(BootstrapMixin, forms.Form):
    organisation = forms.ModelChoiceField(queryset=Organisation.objects.none(), label=_("Issuing body"))
    number = forms.CharField(
        label=_("Number"), max_length=60, required=False, help_text=_("Party style, e.g. 06-KH/BDVTW.")
    )
    issued_on = forms.DateField(label=_("Issued on"), required=False, widget=DateInput())
    text = forms.CharField(
        label=_("Text of the plan"), required=False, widget=forms.Textarea(attrs={"rows": 14})
    )
    file = forms.FileField(label=_("or a Word file (.docx)"), required=False)

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _model_choice_field(self, "organisation").queryset = body_choices(user)

    def clean_issued_on(self) -> Any:
        return not_far_ahead(self.cleaned_data.get("issued_on"))

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        upload, text = data.get("file"), data.get("text", "")
        if upload:
            if not upload.name.lower().endswith(".docx") or upload.size > MAX_DOCX:
                raise ValidationError(_("Upload a Word (.docx) file of at most 10 MB."))
            data["parsed"] = parse_docx(upload)
        elif text.strip():
            data["parsed"] = parse_text(text)
        else:
            raise ValidationError(_("Paste the text of the plan or upload its Word file."))
        return data


class TaskForm(BootstrapMixin, forms.Form):
    title = forms.CharField(label=_("Task"), widget=forms.Textarea(attrs={"rows": 3}))
    description = forms.CharField(
        label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    section = forms.ModelChoiceField(queryset=Section.objects.none(), required=False, label=_("Section"))
    due_on = forms.DateField(label=_("Due on"), required=False, widget=DateInput())
    regime = forms.ChoiceField(label=_("Reporting regime"), choices=Regime.choices, initial=Regime.AD_HOC)
    target_kinds = forms.MultipleChoiceField(
        label=_("Every current body of these kinds"),
        required=False,
        choices=Organisation.Kind.choices,
        widget=forms.CheckboxSelectMultiple,
    )
    target_level = forms.ChoiceField(
        label=_("At level"),
        required=False,
        choices=[("", _("Any level")), ("province", _("Province")), ("commune", _("Commune"))],
    )
    target_unit = forms.ModelChoiceField(
        queryset=AdministrativeUnit.objects.none(), required=False, label=_("In unit")
    )
    assignees = forms.ModelMultipleChoiceField(
        queryset=Organisation.objects.none(),
        required=False,
        label=_("And these bodies"),
        widget=forms.SelectMultiple(attrs={"size": 8}),
    )
    indicators = forms.ModelMultipleChoiceField(
        queryset=Indicator.objects.none(),
        required=False,
        label=_("Indicators to report"),
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args: Any, user: Any, plan: Plan, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _model_choice_field(self, "section").queryset = plan.sections.all()
        # Only the bodies the plan's issuer may direct (the service enforces it for the API too).
        _model_choice_field(self, "assignees").queryset = body_choices(user).filter(
            path__under=reach_of(plan.organisation)
        )
        _model_choice_field(self, "target_unit").queryset = AdministrativeUnit.objects.current().exclude(
            level="district"
        )
        _model_choice_field(self, "indicators").queryset = Indicator.objects.filter(active=True)


class TaskChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return obj.short_title


class AssignTasksForm(BootstrapMixin, forms.Form):
    """Receivers for many tasks at once (after an import): each task's suggestion, or one choice for all."""

    SUGGESTED, CHOSEN = "suggested", "chosen"
    tasks = TaskChoiceField(
        queryset=Task.objects.none(), label=_("Tasks"), widget=forms.CheckboxSelectMultiple
    )
    mode = forms.ChoiceField(
        label=_("Receivers"),
        choices=[
            (SUGGESTED, _("The bodies suggested from each task's section (when the import found some)")),
            (CHOSEN, _("The kinds of body and bodies chosen below, for every ticked task")),
        ],
        initial=CHOSEN,
        widget=forms.RadioSelect,
    )
    target_kinds = TaskForm.base_fields["target_kinds"]
    target_level = TaskForm.base_fields["target_level"]
    target_unit = TaskForm.base_fields["target_unit"]
    assignees = TaskForm.base_fields["assignees"]

    def __init__(self, *args: Any, user: Any, plan: Plan, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _model_choice_field(self, "tasks").queryset = plan.tasks.order_by("order")
        _model_choice_field(self, "assignees").queryset = body_choices(user).filter(
            path__under=reach_of(plan.organisation)
        )
        _model_choice_field(self, "target_unit").queryset = AdministrativeUnit.objects.current().exclude(
            level="district"
        )


class ReportForm(BootstrapMixin, FormTokenMixin, forms.Form):
    period = forms.ChoiceField(label=_("Period"), required=False)
    summary = forms.CharField(label=_("What has been done"), widget=forms.Textarea(attrs={"rows": 5}))
    progress_percent = forms.IntegerField(label=_("Progress (%)"), min_value=0, max_value=100)
    attachment = forms.FileField(label=_("Attachment"), required=False)

    def __init__(self, *args: Any, periods: list[tuple[str, str]], indicators, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["period"]).choices = periods
        indicator_fields(self, indicators)


class NoteForm(BootstrapMixin, forms.Form):
    note = forms.CharField(label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


class ChildPlanForm(BootstrapMixin, forms.Form):
    number = forms.CharField(label=_("Number"), max_length=60)
    title = forms.CharField(label=_("Title"), max_length=500)
    issued_on = forms.DateField(label=_("Issued on"), widget=DateInput())
    text = forms.CharField(
        label=_("Text of the plan (optional: it is read into sections and tasks)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 8}),
    )

    def clean_issued_on(self) -> Any:
        return not_far_ahead(self.cleaned_data.get("issued_on"))

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        data["parsed"] = parse_text(data["text"]) if data.get("text", "").strip() else None
        return data


class ProgrammeForm(BootstrapMixin, forms.ModelForm):
    class Meta:
        model = SupervisionProgramme
        fields = ["organisation", "kind", "title", "plan", "starts_on", "ends_on", "team"]
        widgets = {
            "starts_on": DateInput(),
            "ends_on": DateInput(),
            "team": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _model_choice_field(self, "organisation").queryset = body_choices(user)
        _model_choice_field(self, "plan").queryset = Plan.objects.visible_to(user)

    def clean_starts_on(self) -> Any:
        return not_far_ahead(self.cleaned_data.get("starts_on"), years=2)


class VisitForm(BootstrapMixin, forms.Form):
    organisation = forms.ModelChoiceField(queryset=Organisation.objects.none(), label=_("Body visited"))
    visited_on = forms.DateField(label=_("Visited on"), widget=DateInput())
    findings = forms.CharField(label=_("Findings"), widget=forms.Textarea(attrs={"rows": 4}))
    recommendations = forms.CharField(
        label=_("Recommendations (one per line)"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    due_on = forms.DateField(label=_("Respond by"), required=False, widget=DateInput())

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _model_choice_field(self, "organisation").queryset = body_choices(user)


class ResponseForm(BootstrapMixin, forms.Form):
    response = forms.CharField(label=_("Response of the body"), widget=forms.Textarea(attrs={"rows": 3}))


class CampaignForm(BootstrapMixin, forms.ModelForm):
    class Meta:
        model = Campaign
        fields = ["organisation", "name", "theme", "starts_on", "ends_on", "description"]
        widgets = {
            "starts_on": DateInput(),
            "ends_on": DateInput(),
            "description": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _model_choice_field(self, "organisation").queryset = body_choices(user)

    def clean_starts_on(self) -> Any:
        return not_far_ahead(self.cleaned_data.get("starts_on"), years=2)


class ActivityForm(BootstrapMixin, FormTokenMixin, forms.Form):
    organisation = forms.ModelChoiceField(queryset=Organisation.objects.none(), label=_("Body"))
    title = forms.CharField(label=_("What"), max_length=300)
    place = forms.CharField(label=_("Where"), max_length=300, required=False)
    held_on = forms.DateField(label=_("When"), widget=DateInput())
    participants = forms.IntegerField(label=_("Participants"), min_value=0, initial=0)
    results = forms.CharField(label=_("Results"), required=False, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _model_choice_field(self, "organisation").queryset = body_choices(user)
        indicator_fields(self, Indicator.objects.filter(active=True))


class EventForm(BootstrapMixin, forms.ModelForm):
    class Meta:
        model = Event
        fields = [
            "organisation",
            "kind",
            "title",
            "theme",
            "plan",
            "held_on",
            "place",
            "agenda",
            "outcomes",
            "invited",
            "invited_exemplars",
        ]
        widgets = {
            "held_on": DateInput(),
            "agenda": forms.Textarea(attrs={"rows": 4}),
            "outcomes": forms.Textarea(attrs={"rows": 3}),
            "invited_exemplars": forms.Textarea(attrs={"rows": 3}),
            "invited": forms.SelectMultiple(attrs={"size": 8}),
        }

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _model_choice_field(self, "organisation").queryset = body_choices(user)
        _model_choice_field(self, "invited").queryset = visible_organisations(user).order_by("path")
        _model_choice_field(self, "plan").queryset = Plan.objects.visible_to(user)
