"""Forms of MTTQ supervision and social critique. Choices are limited to what the user may see and
act for; services re-check every rule."""

from __future__ import annotations

import re
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from dvk.accounts.models import User
from dvk.core.forms import DateInput, FormTokenMixin, SafeInputMixin
from dvk.core.text import nfc
from dvk.front.models import Comment, Conference, Critique, DraftUnit, Programme, Supervision
from dvk.organisations.models import Membership, Organisation
from dvk.organisations.scoping import province_root, scope_for

MAX_DOCX = 10 * 1024 * 1024
MAX_TEXT = 200_000
K = Organisation.Kind


def _long_text(value: str) -> None:
    if len(value) > MAX_TEXT:
        raise ValidationError(_("The text is too long."))
    if re.search(r"[\x00-\x08\x0b\x0c\x0e-\x1f]", value):
        raise ValidationError(_("The text contains control characters."))


def fronts_for(user: Any):
    """Front committees the user works for (or any in scope for an administrator)."""
    return own_bodies(user).filter(kind=K.FRONT)


def own_bodies(user: Any):
    """Bodies the user works for (and those below them)."""
    scope = scope_for(user)
    qs = Organisation.objects.current().order_by("path")
    if scope.everything:
        return qs
    cond = Q(pk__in=[])
    for g in scope.grants:
        if g.role in Membership.Role.WORK:
            for prefix in g.prefixes:
                cond |= Q(path__under=prefix)
    return qs.filter(cond)


def province_bodies(user: Any, kinds: tuple[str, ...] = ()):
    """Bodies in force in the provinces the user belongs to (whom the Front may supervise or invite)."""
    scope = scope_for(user)
    qs = Organisation.objects.current().order_by("path")
    if kinds:
        qs = qs.filter(kind__in=kinds)
    if scope.everything:
        return qs
    cond = Q(pk__in=[])
    for root in {province_root(p) for g in scope.grants for p in g.prefixes}:
        cond |= Q(path__under=root)
    return qs.filter(cond)


class ProgrammeForm(SafeInputMixin, FormTokenMixin, forms.Form):
    organisation = forms.ModelChoiceField(queryset=Organisation.objects.none(), label=_("Front committee"))
    year = forms.IntegerField(label=_("year"), min_value=2000, max_value=2100)
    title = forms.CharField(label=_("title"), max_length=300)
    description = forms.CharField(
        label=_("content"), widget=forms.Textarea(attrs={"rows": 4}), required=False
    )
    members = forms.ModelMultipleChoiceField(
        queryset=Organisation.objects.none(), label=_("member organisations taking part"), required=False
    )

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = fronts_for(user)  # type: ignore[attr-defined]
        self.fields["members"].queryset = province_bodies(user, (K.MASS_ORGANISATION, K.FRONT))  # type: ignore[attr-defined]
        self.fields["year"].initial = timezone.localdate().year


class SupervisionForm(SafeInputMixin, FormTokenMixin, forms.Form):
    organisation = forms.ModelChoiceField(queryset=Organisation.objects.none(), label=_("Front committee"))
    programme = forms.ModelChoiceField(
        queryset=Programme.objects.none(), label=_("programme"), required=False
    )
    kind = forms.ChoiceField(label=_("kind"), choices=Supervision.Kind.choices)
    title = forms.CharField(label=_("subject"), max_length=300)
    supervised = forms.ModelChoiceField(queryset=Organisation.objects.none(), label=_("body supervised"))
    plan = forms.CharField(
        label=_("plan (content, method, schedule)"), widget=forms.Textarea(attrs={"rows": 4}), required=False
    )
    starts_on = forms.DateField(label=_("from"), widget=DateInput(), required=False)
    ends_on = forms.DateField(label=_("to"), widget=DateInput(), required=False)
    escalate_to = forms.ModelChoiceField(
        queryset=Organisation.objects.none(),
        label=_("escalate overdue recommendations to"),
        required=False,
        help_text=_("Empty: the Party committee the Front committee belongs to."),
    )

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = fronts_for(user)  # type: ignore[attr-defined]
        self.fields["programme"].queryset = Programme.objects.visible_to(user)  # type: ignore[attr-defined]
        self.fields["supervised"].queryset = province_bodies(user)  # type: ignore[attr-defined]
        self.fields["escalate_to"].queryset = province_bodies(  # type: ignore[attr-defined]
            user, (K.PARTY_COMMITTEE, K.PEOPLES_COUNCIL)
        )


class TeamForm(SafeInputMixin, forms.Form):
    lead_name = forms.CharField(label=_("team lead"), max_length=200)
    lead_position = forms.CharField(label=_("position of the lead"), max_length=200, required=False)
    members = forms.CharField(
        label=_("other members"),
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
        help_text=_("One member per line: full name — position."),
    )

    def rows(self) -> list[dict[str, Any]]:
        d = self.cleaned_data
        rows = [{"name": d["lead_name"], "position": d["lead_position"], "is_lead": True}]
        for line in d["members"].splitlines():
            name, position = _split(line)
            if name:
                rows.append({"name": name, "position": position, "is_lead": False})
        return rows


def _split(line: str) -> tuple[str, str]:
    """ "Nguyễn Văn A — Phó Chủ tịch" → (name, position)."""
    parts = re.split(r"\s+[—–-]\s+", nfc(line), maxsplit=1)
    return parts[0].strip(), (parts[1].strip() if len(parts) > 1 else "")


class DecisionForm(SafeInputMixin, forms.Form):
    decision_number = forms.CharField(label=_("decision number"), max_length=60)
    decision_date = forms.DateField(label=_("decision date"), widget=DateInput())


class NoticeForm(SafeInputMixin, forms.Form):
    notice_on = forms.DateField(label=_("notice sent on"), widget=DateInput())


class ReportForm(SafeInputMixin, forms.Form):
    findings = forms.CharField(
        label=_("findings"), widget=forms.Textarea(attrs={"rows": 5}), validators=[_long_text]
    )
    recommendations = forms.CharField(
        label=_("recommendations"),
        widget=forms.Textarea(attrs={"rows": 5}),
        required=False,
        help_text=_("One recommendation per line."),
    )
    reported_on = forms.DateField(label=_("reported on"), widget=DateInput(), required=False)
    due_on = forms.DateField(
        label=_("answer by"),
        widget=DateInput(),
        required=False,
        help_text=_("Empty: 30 days after the report."),
    )

    def texts(self) -> list[str]:
        return [
            line.strip(" -•\t")
            for line in self.cleaned_data["recommendations"].splitlines()
            if line.strip(" -•\t")
        ]


class AnswerForm(SafeInputMixin, forms.Form):
    response = forms.CharField(
        label=_("answer of the body"), widget=forms.Textarea(attrs={"rows": 4}), validators=[_long_text]
    )


class ReviewForm(SafeInputMixin, forms.Form):
    note = forms.CharField(
        label=_("note"), widget=forms.Textarea(attrs={"rows": 2}), required=False, max_length=4000
    )
    due_on = forms.DateField(label=_("new answer date"), widget=DateInput(), required=False)


class DraftSourceMixin(SafeInputMixin, forms.Form):
    text = forms.CharField(
        label=_("text of the draft"),
        widget=forms.Textarea(attrs={"rows": 12}),
        required=False,
        validators=[_long_text],
        help_text=_(
            "Paste the draft, or upload it as .docx. Articles numbered “Điều 1.”, clauses “1.”, points “a)”."
        ),
    )
    docx = forms.FileField(label=_("or a Word file (.docx)"), required=False)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        upload = data.get("docx")
        if upload is not None:
            if not upload.name.lower().endswith(".docx"):
                self.add_error("docx", _("The file is not a Word (.docx) document."))
            elif upload.size > MAX_DOCX:
                self.add_error("docx", _("The file is too large (10 MB at most)."))
        elif not (data.get("text") or "").strip():
            self.add_error("text", _("Paste the text of the draft."))
        return data


class CritiqueRequestForm(FormTokenMixin, DraftSourceMixin):
    drafting_body = forms.ModelChoiceField(queryset=Organisation.objects.none(), label=_("drafting body"))
    front = forms.ModelChoiceField(queryset=Organisation.objects.none(), label=_("Front committee"))
    title = forms.CharField(label=_("draft"), max_length=400)
    explanatory_note = forms.CharField(
        label=_("explanatory note (tờ trình)"),
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
        validators=[_long_text],
    )
    publish_required = forms.BooleanField(label=_("publication required"), required=False, initial=True)
    field_order = ["drafting_body", "front", "title", "explanatory_note", "text", "docx", "publish_required"]

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["drafting_body"].queryset = own_bodies(user)  # type: ignore[attr-defined]
        self.fields["front"].queryset = province_bodies(user, (K.FRONT,))  # type: ignore[attr-defined]


class VersionForm(FormTokenMixin, DraftSourceMixin):
    note = forms.CharField(
        label=_("what changed"), widget=forms.Textarea(attrs={"rows": 2}), required=False, max_length=4000
    )


class DecideForm(SafeInputMixin, forms.Form):
    form = forms.ChoiceField(label=_("form of critique"), choices=Critique.Form.choices)
    lead = forms.ModelChoiceField(queryset=User.objects.none(), label=_("lead"))
    window_opens = forms.DateField(label=_("comments from"), widget=DateInput())
    window_closes = forms.DateField(label=_("comments until"), widget=DateInput())
    public_comments = forms.BooleanField(label=_("open to public comments"), required=False)
    invite = forms.ModelMultipleChoiceField(
        queryset=Organisation.objects.none(), label=_("invite member organisations"), required=False
    )
    experts = forms.CharField(
        label=_("invite experts"),
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
        help_text=_("One name per line."),
    )
    note = forms.CharField(label=_("note"), required=False, max_length=4000)

    def __init__(self, *args: Any, critique: Critique, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        front = critique.organisation
        self.fields["lead"].queryset = User.objects.filter(  # type: ignore[attr-defined]
            is_active=True,
            memberships__organisation__path__under=front.path,
            memberships__role__in=Membership.Role.WORK,
        ).distinct()
        self.fields["invite"].queryset = (  # type: ignore[attr-defined]
            Organisation.objects.current()
            .filter(path__under=province_root(front.path), kind__in=(K.MASS_ORGANISATION, K.FRONT))
            .exclude(pk=front.pk)
        )
        today = timezone.localdate()
        self.fields["window_opens"].initial = today

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        opens, closes = data.get("window_opens"), data.get("window_closes")
        if opens and closes and closes < opens:
            self.add_error("window_closes", _("The comment window must end on or after its first day."))
        return data


class DeclineForm(SafeInputMixin, forms.Form):
    note = forms.CharField(label=_("reason"), widget=forms.Textarea(attrs={"rows": 2}), max_length=4000)


def unit_choices(units: list[DraftUnit]) -> list[tuple[str, Any]]:
    return [("", _("The draft as a whole"))] + [
        (
            str(u.pk),
            ("\u00a0\u00a0" * max(0, u.depth - 1)) + (f"{u.label}: {u.heading}" if u.heading else u.label),
        )
        for u in units
    ]


class CommentForm(FormTokenMixin, SafeInputMixin, forms.Form):
    unit = forms.ChoiceField(label=_("on"), required=False)
    text = forms.CharField(label=_("comment"), widget=forms.Textarea(attrs={"rows": 3}), max_length=4000)
    source = forms.ChoiceField(
        label=_("comment from"),
        required=False,
        choices=[(c, label) for c, label in Comment.Source.choices if c != Comment.Source.PUBLIC],
    )
    organisation = forms.ModelChoiceField(
        queryset=Organisation.objects.none(), label=_("body"), required=False
    )
    author_name = forms.CharField(label=_("author"), max_length=200, required=False)

    def __init__(
        self, *args: Any, units: list[DraftUnit], critique: Critique, for_front: bool, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["unit"].choices = unit_choices(units)  # type: ignore[attr-defined]
        if for_front:
            self.fields["organisation"].queryset = Organisation.objects.filter(  # type: ignore[attr-defined]
                pk__in=critique.invitations.exclude(organisation=None).values("organisation_id")
            )
        else:
            for name in ("source", "organisation", "author_name"):
                del self.fields[name]


class PublicCommentForm(FormTokenMixin, SafeInputMixin, forms.Form):
    unit = forms.ChoiceField(label=_("on"), required=False)
    text = forms.CharField(label=_("your comment"), widget=forms.Textarea(attrs={"rows": 4}), max_length=4000)
    author_name = forms.CharField(label=_("your name (optional)"), max_length=200, required=False)
    website = forms.CharField(required=False, label=_("leave this field empty"))  # honeypot

    def __init__(self, *args: Any, units: list[DraftUnit], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["unit"].choices = unit_choices(units)  # type: ignore[attr-defined]

    @property
    def is_bot(self) -> bool:
        return bool(self.data.get("website"))


class ConferenceForm(SafeInputMixin, forms.Form):
    held_on = forms.DateField(label=_("held on"), widget=DateInput())
    place = forms.CharField(label=_("place"), max_length=300, required=False)
    chair = forms.CharField(label=_("chaired by"), max_length=200)
    minutes = forms.CharField(
        label=_("minutes"), widget=forms.Textarea(attrs={"rows": 5}), validators=[_long_text]
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for i, label in enumerate(Conference.STEPS, start=1):
            self.fields[f"step_{i}"] = forms.BooleanField(label=f"{i}. {label}", required=False)
            self.fields[f"note_{i}"] = forms.CharField(
                label=_("note on step %(n)s") % {"n": i}, required=False, max_length=2000
            )

    def steps(self) -> list[dict[str, Any]]:
        return [
            {"done": bool(self.cleaned_data.get(f"step_{i}")), "note": self.cleaned_data.get(f"note_{i}", "")}
            for i in range(1, len(Conference.STEPS) + 1)
        ]


class CritiqueDocumentForm(SafeInputMixin, forms.Form):
    document_date = forms.DateField(label=_("critique document date"), widget=DateInput(), required=False)
    text = forms.CharField(
        label=_("critique document (văn bản phản biện)"),
        widget=forms.Textarea(attrs={"rows": 8}),
        validators=[_long_text],
    )


class CommentAnswerForm(SafeInputMixin, forms.Form):
    answer = forms.ChoiceField(label=_("answer"), choices=Comment.Answer.choices)
    explanation = forms.CharField(
        label=_("explanation (giải trình)"),
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
        max_length=4000,
    )
