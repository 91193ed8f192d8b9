"""Forms of the citizens screens: input checks only; services decide and write."""

from __future__ import annotations

from typing import Any

from django import forms
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from dvk.citizens.models import Channel, Field, ReceptionDuty, ReceptionSession, Visit
from dvk.citizens.workflow import CASE_KINDS, Kind
from dvk.core.forms import DateInput, FormTokenMixin, SafeInputMixin
from dvk.core.text import fold
from dvk.core.validation import parse_id
from dvk.organisations.models import SEGMENT, Membership, Organisation
from dvk.organisations.scoping import scope_for

DATE = DateInput()  # dd/mm/yyyy with the calendar button, whatever the browser locale


def work_bodies(user: Any):
    """The bodies the user registers letters for (officer or leader)."""
    ids = [g.organisation_id for g in scope_for(user).grants if g.role in Membership.Role.WORK]
    qs = Organisation.objects.filter(pk__in=ids).current()
    return qs if not user.is_superuser else Organisation.objects.current()


def province_bodies(user: Any):
    """Current bodies of the user's provinces: where a case can be forwarded."""
    roots = scope_for(user).roots
    if scope_for(user).everything:
        return Organisation.objects.current().filter(kind__in=FORWARD_KINDS).order_by("path")
    from django.db.models import Q

    condition = Q(pk__in=[])
    for root in roots:
        condition |= Q(path__under=root)
    return Organisation.objects.current().filter(condition, kind__in=FORWARD_KINDS).order_by("path")


# Bodies that resolve letters: where a case can be forwarded or taken to a second round.
FORWARD_KINDS = (
    Organisation.Kind.PEOPLES_COMMITTEE,
    Organisation.Kind.PARTY_COMMITTEE,
    Organisation.Kind.DEPARTMENT,
    Organisation.Kind.JUDICIARY,
    Organisation.Kind.ARMED_FORCES,
    Organisation.Kind.PEOPLES_COUNCIL,
    Organisation.Kind.FRONT,
)


class LetterForm(SafeInputMixin, FormTokenMixin, forms.Form):
    organisation = forms.ModelChoiceField(queryset=Organisation.objects.none(), label=_("Receiving body"))
    received_on = forms.DateField(label=_("Received on"), widget=DATE)
    channel = forms.ChoiceField(label=_("Channel"), choices=Channel.choices)
    kind = forms.ChoiceField(label=_("Kind"), choices=Kind.choices)
    case_kinds = forms.MultipleChoiceField(
        label=_("Contents of a mixed letter"),
        choices=[(k.value, k.label) for k in CASE_KINDS],
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    summary = forms.CharField(label=_("Content"), widget=forms.Textarea(attrs={"rows": 4}), max_length=10000)
    field = forms.ModelChoiceField(
        queryset=Field.objects.filter(active=True), label=_("Field"), required=False
    )
    people_count = forms.IntegerField(label=_("Number of people"), min_value=1, max_value=10000, initial=1)
    representatives = forms.CharField(label=_("Representatives"), required=False, max_length=1000)
    name = forms.CharField(label=_("Full name"), required=False, max_length=200)
    address = forms.CharField(label=_("Address"), required=False, max_length=300)
    phone = forms.CharField(label=_("Phone"), required=False, max_length=20)
    id_number = forms.CharField(label=_("ID number"), required=False, max_length=20)
    anonymous = forms.BooleanField(label=_("Anonymous or impersonated (denunciation)"), required=False)
    complex = forms.BooleanField(label=_("Complex"), required=False)
    remote_area = forms.BooleanField(label=_("Remote area"), required=False)

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = work_bodies(user)  # type: ignore[attr-defined]
        self.initial.setdefault("received_on", timezone.localdate())
        for name in ("summary", "name", "address", "representatives"):
            self.fields[name].help_text = ""
        self.fields["name"].help_text = _(
            "A denouncer's identity is sealed in the vault, never stored in the letter."
        )


class ActionForm(SafeInputMixin, forms.Form):
    note = forms.CharField(
        label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2}), max_length=5000
    )
    to = forms.ModelChoiceField(
        queryset=Organisation.objects.none(), label=_("Receiving body"), required=False
    )
    purpose = forms.ChoiceField(
        label=_("Purpose"),
        choices=[("resolution", _("For resolution")), ("verification", _("For verification"))],
        required=False,
    )

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["to"].queryset = province_bodies(user)  # type: ignore[attr-defined]


class AssignForm(SafeInputMixin, forms.Form):
    handler: forms.ModelChoiceField = forms.ModelChoiceField(
        queryset=None, label=_("Handler"), required=False
    )  # type: ignore[arg-type]

    def __init__(self, *args: Any, handlers: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["handler"].queryset = handlers  # type: ignore[attr-defined]


class FlagsForm(SafeInputMixin, forms.Form):
    complex = forms.BooleanField(label=_("Complex"), required=False)
    remote_area = forms.BooleanField(label=_("Remote area"), required=False)
    multi_location = forms.BooleanField(label=_("Several places to verify"), required=False)


class ProlongedForm(SafeInputMixin, forms.Form):
    on = forms.BooleanField(label=_("Kéo dài"), required=False)
    reason = forms.CharField(label=_("Reason"), max_length=1000)


class PublishForm(SafeInputMixin, forms.Form):
    text = forms.CharField(
        label=_("Answer to publish"), widget=forms.Textarea(attrs={"rows": 4}), max_length=10000
    )


class IdentityForm(SafeInputMixin, forms.Form):
    reason = forms.CharField(label=_("Reason for reading the identity"), max_length=300)


class SessionForm(SafeInputMixin, forms.Form):
    organisation = forms.ModelChoiceField(queryset=Organisation.objects.none(), label=_("Body"))
    duty = forms.ModelChoiceField(queryset=ReceptionDuty.objects.none(), label=_("Duty"), required=False)
    kind = forms.ChoiceField(label=_("Kind"), choices=ReceptionSession.Kind.choices)
    held_on = forms.DateField(label=_("Date"), widget=DATE)
    place = forms.CharField(label=_("Place"), max_length=255)
    leader_name = forms.CharField(label=_("Receiving leader"), max_length=200)
    note = forms.CharField(
        label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2}), max_length=2000
    )

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = work_bodies(user)  # type: ignore[attr-defined]
        self.fields["duty"].queryset = ReceptionDuty.objects.visible_to(user).filter(active=True)  # type: ignore[attr-defined]
        self.initial.setdefault("held_on", timezone.localdate())


class VisitForm(SafeInputMixin, forms.Form):
    people_count = forms.IntegerField(label=_("Number of people"), min_value=1, max_value=10000, initial=1)
    representatives = forms.CharField(label=_("Representatives"), required=False, max_length=1000)
    content = forms.CharField(label=_("Content"), widget=forms.Textarea(attrs={"rows": 3}), max_length=10000)
    field = forms.ModelChoiceField(
        queryset=Field.objects.filter(active=True), label=_("Field"), required=False
    )
    outcome = forms.ChoiceField(label=_("What was done"), choices=Visit.Outcome.choices)
    letter_kind = forms.ChoiceField(
        label=_("Kind of letter received"),
        choices=[("", "—"), *[(k.value, k.label) for k in CASE_KINDS]],
        required=False,
    )
    name = forms.CharField(label=_("Full name"), required=False, max_length=200)
    phone = forms.CharField(label=_("Phone"), required=False, max_length=20)


def public_bodies():
    """The bodies a citizen may send a petition or reflection to from the public page."""
    return Organisation.objects.current().filter(kind=Organisation.Kind.PEOPLES_COMMITTEE).order_by("path")


def public_provinces() -> list[tuple[str, str]]:
    """(tree root, province name) of each province whose People's Committee takes letters from the
    public page, by name. The page lists one province's bodies at a time: listed all at once, a
    country's 3,000-odd communes made one select no one can read (and a slow page)."""
    committees = public_bodies().filter(unit__level="province").select_related("unit")
    return sorted(((o.path[:SEGMENT], o.unit.name) for o in committees), key=lambda pair: fold(pair[1]))


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files from one input; the checks on their content are attach_public's."""

    def clean(self, data: Any, initial: Any = None) -> list[Any]:
        single = super().clean
        if isinstance(data, list | tuple):
            return [single(item, initial) for item in data if item]
        return [single(data, initial)] if data else []


class PublicLetterForm(SafeInputMixin, FormTokenMixin, forms.Form):
    """The public page: a kiến nghị or phản ánh. `website` is a honeypot (hidden from people)."""

    province = forms.ChoiceField(label=_("Province"), required=False)
    organisation = forms.ModelChoiceField(queryset=Organisation.objects.none(), label=_("Send to"))
    kind = forms.ChoiceField(
        label=_("Kind"),
        choices=[(Kind.PETITION.value, Kind.PETITION.label), (Kind.REFLECTION.value, Kind.REFLECTION.label)],
    )
    name = forms.CharField(label=_("Full name"), max_length=200)
    phone = forms.CharField(label=_("Phone"), max_length=20)
    address = forms.CharField(label=_("Address"), required=False, max_length=300)
    summary = forms.CharField(
        label=_("Content"), widget=forms.Textarea(attrs={"rows": 6}), max_length=5000, min_length=20
    )
    uploads = MultipleFileField(
        label=_("Attachments (PDF, JPEG or PNG, at most 3 files)"),
        required=False,
        widget=MultipleFileInput(attrs={"accept": ".pdf,.jpg,.jpeg,.png"}),
    )
    website = forms.CharField(required=False, label=_("Leave this field empty"), max_length=200)

    def __init__(self, *args: Any, province: str | None = None, **kwargs: Any) -> None:
        """`province` (a tree root, from the page's address) picks the province whose bodies the
        "Send to" list shows; a posted form reads it from its own data, or from the body chosen."""
        super().__init__(*args, **kwargs)
        provinces = public_provinces()
        self.chosen_province = self._chosen_province(province, {root for root, _name in provinces})
        field = self.fields["province"]
        field.choices = [("", _("— Choose the province —")), *provinces]  # type: ignore[attr-defined]
        field.initial = self.chosen_province
        if len(provinces) == 1:
            field.widget = forms.HiddenInput()
        else:
            field.widget.attrs.update(
                {  # the "Send to" list follows the choice (no script: the "Show its bodies" button)
                    "hx-get": reverse("public:citizen_intake"),
                    "hx-trigger": "change",
                    "hx-target": "#field-organisation",
                    "hx-select": "#field-organisation",
                    "hx-swap": "outerHTML",
                }
            )
        bodies = public_bodies()
        if self.chosen_province:
            bodies = bodies.filter(path__under=self.chosen_province)
        elif not self.is_bound:
            bodies = bodies.none()  # no province chosen yet: nothing to list
        self.fields["organisation"].queryset = bodies  # type: ignore[attr-defined]
        if not self.chosen_province:
            self.fields["organisation"].help_text = _("Choose the province first.")
        self.fields["website"].widget.attrs.update({"tabindex": "-1", "autocomplete": "off"})

    def _chosen_province(self, asked: str | None, roots: set[str]) -> str:
        raw = asked if asked is not None else (self.data.get("province") if self.is_bound else None)
        if raw in roots:
            return str(raw)
        if len(roots) == 1:
            return next(iter(roots))
        body = parse_id(self.data.get("organisation")) if self.is_bound else None
        if body is not None:  # posted without a province (an older page, a script): the body's own
            path = Organisation.objects.filter(pk=body).values_list("path", flat=True).first() or ""
            if path[:SEGMENT] in roots:
                return path[:SEGMENT]
        return ""

    def clean_phone(self) -> str:
        return _clean_phone(self.cleaned_data["phone"])


def _clean_phone(value: str) -> str:
    digits = "".join(ch for ch in value if ch.isdigit())
    if not 9 <= len(digits) <= 12:
        raise forms.ValidationError(_("Enter a valid phone number."))
    return value


class LookupForm(SafeInputMixin, forms.Form):
    code = forms.CharField(label=_("Lookup code"), max_length=16)
    phone = forms.CharField(label=_("Phone"), max_length=20)

    def clean_phone(self) -> str:
        return _clean_phone(self.cleaned_data["phone"])
