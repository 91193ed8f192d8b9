"""Screens: officer (my models, register/edit, progress, evidence, nominate), coordinator
(registrations, nominations, councils, funnel), council member (queue, dossier, scoring) and the
public showcase (no login). Thin: parse input, call one service or selector, render."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from dvk.accounts.reauth import recent_auth_required
from dvk.attachments.services import attachments_of
from dvk.core.downloads import DOCX, file_response
from dvk.core.errors import handled
from dvk.core.maps import spread_points
from dvk.core.paging import page_of, querystring
from dvk.core.presentation import buttons
from dvk.core.types import AuthenticatedHttpRequest
from dvk.exemplars import lists, selectors, services
from dvk.exemplars.documents import certificate_docx, minutes_docx
from dvk.exemplars.forms import (
    ActionForm,
    AttachForm,
    CommendationForm,
    CouncilForm,
    ExemplarForm,
    LevelForm,
    OutstandingForm,
    ProgressForm,
    RecogniseForm,
    ReplicationForm,
    ScoreForm,
    council_level_of,
)
from dvk.exemplars.models import Cycle, Decision, Exemplar, FieldOfWork, Kind, Level
from dvk.exemplars.presentation import ACTION_LOOKS, RESOURCE_LABELS
from dvk.exemplars.workflow import WORKFLOW, Stage


def _filter_context(request: HttpRequest, filters: selectors.Filters) -> dict[str, Any]:
    return {
        "filters": filters,
        "stages": Stage.choices,
        "kinds": Kind.choices,
        "levels": Level.choices,
        "fields": FieldOfWork.objects.filter(parent__isnull=True, is_active=True),
        "cycles": Cycle.objects.all(),
        "querystring": querystring(request),
    }


# --- officer and coordinator ----------------------------------------------------------------


@login_required
def exemplar_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    filters = selectors.Filters.from_query(request.GET)
    listing = lists.EXEMPLARS.bind(request)
    return render(
        request,
        "exemplars/list.html",
        {
            "listing": listing,
            "page": listing.page,
            "mine": request.GET.get("mine", ""),
            "can_add": request.user.has_perm("exemplars.add_exemplar"),
            **_filter_context(request, filters),
            "querystring": listing.querystring,
        },
    )


@login_required
def exemplar_create(request: AuthenticatedHttpRequest) -> HttpResponse:
    if not request.user.has_perm("exemplars.add_exemplar"):
        raise PermissionDenied
    form = ExemplarForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        with handled(form) as outcome:
            exemplar = services.create_exemplar(
                by=request.user,
                organisation=form.cleaned_data["organisation"],
                data=form.service_data(),
                form_token=form.once_token,
            )
        if outcome.ok:
            messages.success(
                request, _("The model was saved as a draft. Register it when the content is complete.")
            )
            return redirect("exemplars:detail", exemplar.pk)
    return render(request, "exemplars/form.html", {"form": form, "exemplar": None})


@login_required
def exemplar_edit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    exemplar = get_object_or_404(selectors.exemplar_detail_qs(request.user), pk=pk)
    if not request.user.has_perm("exemplars.change_exemplar", exemplar):
        raise PermissionDenied
    form = ExemplarForm(request.POST or None, instance=Exemplar.objects.get(pk=pk), user=request.user)
    if request.method == "POST" and form.is_valid():
        with handled(form) as outcome:
            services.update_exemplar(by=request.user, exemplar=exemplar, data=form.service_data())
        if outcome.ok:
            messages.success(request, _("Changes saved."))
            return redirect("exemplars:detail", pk)
    return render(request, "exemplars/form.html", {"form": form, "exemplar": exemplar})


@login_required
def exemplar_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    return _render_detail(request, pk)


def _render_detail(
    request: AuthenticatedHttpRequest, pk: int, *, status: int = 200, **forms: Any
) -> HttpResponse:
    """The detail page; a form posted with errors comes back bound (what the user typed and the
    message next to the field), the others fresh."""
    exemplar = get_object_or_404(selectors.exemplar_detail_qs(request.user), pk=pk)
    user = request.user
    nomination = exemplar.current_nomination
    summary = services.summarise(nomination) if nomination and nomination.council_id else None
    sheets = (
        selectors.visible_sheets(user=user, nomination=nomination)
        if nomination and user.has_perm("exemplars.view_scores", exemplar)
        else []
    )
    decisions = list(exemplar.decisions.select_related("issuing_body", "cycle"))
    replications = list(exemplar.replications.select_related("organisation__unit"))
    return render(
        request,
        "exemplars/detail.html",
        {
            "exemplar": exemplar,
            "actions": buttons(WORKFLOW.available(user, exemplar), ACTION_LOOKS),
            "action_form": ActionForm(),
            "progress": exemplar.progress_updates.select_related("created_by"),
            "files": attachments_of(exemplar),
            "nominations": selectors.nomination_history(exemplar),
            "nomination": nomination,
            "summary": summary,
            "sheets": sheets,
            "criteria": list(nomination.criteria_set.criteria.all()) if nomination else [],
            "decisions": decisions,
            "commendations": exemplar.commendations.all(),
            "replications": replications,
            "map_points": map_points(exemplar, replications),
            "missing_dossier": services.missing_dossier(exemplar)
            if exemplar.stage == Stage.IN_PROGRESS
            else [],
            "resources": [
                (RESOURCE_LABELS[k], v) for k, v in exemplar.resources.items() if k in RESOURCE_LABELS
            ],
            "can": {
                "edit": user.has_perm("exemplars.change_exemplar", exemplar),
                "progress": user.has_perm("exemplars.add_progress", exemplar),
                "attach": user.has_perm("exemplars.attach", exemplar),
                "score": user.has_perm("exemplars.score", exemplar),
                "scores": user.has_perm("exemplars.view_scores", exemplar),
                "commend": user.has_perm("exemplars.commend", exemplar),
                "replicate": user.has_perm("exemplars.replicate", exemplar),
                "minutes": user.has_perm("exemplars.view_minutes", exemplar),
                "change_level": user.has_perm("exemplars.change_level", exemplar),
            },
            "progress_form": forms.get("progress_form")
            or ProgressForm(initial={"reported_on": timezone.localdate()}),
            "attach_form": forms.get("attach_form") or AttachForm(),
            "commend_form": forms.get("commend_form")
            or CommendationForm(initial={"awarded_on": timezone.localdate()}),
            "outstanding_form": OutstandingForm(),
            "later_cycles": Cycle.objects.filter(start_year__gt=exemplar.cycle.start_year),
            "open_forms": set(forms),
            "my_exclusion": selectors.exclusion_reason(user=user, exemplar=exemplar)
            if nomination is not None and exemplar.stage == Stage.UNDER_REVIEW
            else "",
            "level_form": LevelForm(initial={"level": exemplar.level}),
            "recognise_form": forms.get("recognise_form")
            or (
                _recognise_form(exemplar, user=user)
                if exemplar.stage == Stage.UNDER_REVIEW and user.has_perm("exemplars.decide", exemplar)
                else None
            ),
        },
        status=status,
    )


@login_required
def exemplar_history(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """The workflow history of one exemplar (loaded into the detail page by htmx)."""
    exemplar = get_object_or_404(Exemplar.objects.visible_to(request.user), pk=pk)
    return render(request, "exemplars/_history.html", {"events": exemplar.events.select_related("actor")})


def _recognise_form(exemplar: Exemplar, data: Any = None, user: Any = None) -> RecogniseForm:
    """The recognition form: the deciding body's leaders as signers, the register's next number."""
    nomination = exemplar.current_nomination
    council = nomination.council if nomination is not None and nomination.council_id else None
    signers = services.decision_signers(council.deciding_body) if council is not None else []
    initial: dict[str, Any] = {"signed_on": timezone.localdate()}
    if user is not None and user.pk in dict(signers):
        initial["signer"] = user.pk
    return RecogniseForm(
        data,
        signers=signers,
        proposed=services.proposed_decision(nomination) if nomination is not None else None,
        initial=initial,
    )


def _in_scope(request: AuthenticatedHttpRequest, pk: int) -> bool:
    """Re-authentication (a decision: password again) only for a model in scope: else a 404 first."""
    return bool(get_object_or_404(Exemplar.objects.visible_to(request.user), pk=pk))


@login_required
@require_POST
@recent_auth_required(when=lambda request, pk, action: action == "recognise" and _in_scope(request, pk))
def exemplar_action(request: AuthenticatedHttpRequest, pk: int, action: str) -> HttpResponse:
    exemplar = get_object_or_404(Exemplar.objects.visible_to(request.user), pk=pk)
    form = ActionForm(request.POST)
    form.is_valid()
    decision = None
    if action == "recognise":
        recognise = _recognise_form(exemplar, request.POST)
        if not recognise.is_valid():
            return _render_detail(request, pk, recognise_form=recognise)
        decision = recognise.decision()
    with handled(request) as outcome:
        exemplar = services.advance_exemplar(
            exemplar=exemplar,
            action=action,
            by=request.user,
            note=form.cleaned_data.get("note", ""),
            cycle=form.cleaned_data.get("cycle"),
            decision=decision,
        )
    if outcome.ok:
        messages.success(request, _("Done: %(stage)s.") % {"stage": exemplar.get_stage_display()})
    if not Exemplar.objects.visible_to(request.user).filter(pk=pk).exists():
        return redirect("exemplars:queue")
    return redirect("exemplars:detail", pk)


@login_required
@require_POST
def progress_add(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    exemplar = get_object_or_404(Exemplar.objects.visible_to(request.user), pk=pk)
    form = ProgressForm(request.POST)
    if form.is_valid():
        with handled(form) as outcome:
            services.add_progress(
                exemplar=exemplar,
                by=request.user,
                reported_on=form.cleaned_data["reported_on"],
                summary=form.cleaned_data["summary"],
                figures=form.cleaned_data["figures_rows"],
            )
        if outcome.ok:
            messages.success(request, _("Progress recorded."))
            return redirect("exemplars:detail", pk)
    return _render_detail(request, pk, progress_form=form)


@login_required
@require_POST
def attach(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    exemplar = get_object_or_404(Exemplar.objects.visible_to(request.user), pk=pk)
    form = AttachForm(request.POST, request.FILES)
    if form.is_valid():
        with handled(form) as outcome:
            services.attach_file(
                exemplar=exemplar,
                by=request.user,
                upload=form.cleaned_data["file"],
                kind=form.cleaned_data["kind"],
                label=form.cleaned_data["label"],
            )
        if outcome.ok:
            messages.success(request, _("File attached."))
            return redirect(reverse("exemplars:detail", args=[pk]) + "#files")
    return _render_detail(request, pk, attach_form=form)


@login_required
def score(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    exemplar = get_object_or_404(selectors.exemplar_detail_qs(request.user), pk=pk)
    nomination = exemplar.current_nomination
    if exemplar.stage != Stage.UNDER_REVIEW or nomination is None:
        raise Http404
    if not request.user.has_perm("exemplars.score", exemplar):
        if request.method == "POST":  # a refused write is audited by the service; a GET writes nothing
            try:
                services.submit_scores(exemplar=exemplar, by=request.user, scores=[])
            except (ValidationError, PermissionDenied):
                pass
        reason = selectors.exclusion_reason(user=request.user, exemplar=exemplar)
        if reason:  # a council member kept out of this review is told why
            return render(
                request, "exemplars/excluded.html", {"exemplar": exemplar, "reason": reason}, status=403
            )
        raise PermissionDenied
    criteria = list(nomination.criteria_set.criteria.all())
    mine = nomination.score_sheets.filter(member=request.user).prefetch_related("scores").first()
    initial: dict[str, Any] = {"comment": mine.comment} if mine else {}
    if mine:
        initial |= {f"c{s.criterion_id}": s.score for s in mine.scores.all()}
    form = ScoreForm(request.POST or None, criteria=criteria, initial=initial)
    if request.method == "POST" and form.is_valid():
        with handled(form) as outcome:
            _sheet, created = services.submit_scores(
                exemplar=exemplar, by=request.user, scores=form.scores(), comment=form.cleaned_data["comment"]
            )
        if outcome.ok:
            messages.success(
                request, _("Your scores were submitted.") if created else _("Your scores were updated.")
            )
            return redirect("exemplars:score", pk)
    return render(
        request,
        "exemplars/score.html",
        {
            "exemplar": exemplar,
            "nomination": nomination,
            "form": form,
            "mine": mine,
            "sheets": selectors.visible_sheets(user=request.user, nomination=nomination),
            "criteria": criteria,
            "files": attachments_of(exemplar),
            "resources": [
                (RESOURCE_LABELS[k], v) for k, v in exemplar.resources.items() if k in RESOURCE_LABELS
            ],
        },
    )


@login_required
def replicate(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    # Replication crosses scopes: another body's public recognised model (public fields only).
    exemplar = get_object_or_404(
        Exemplar.objects.replicable_by(request.user).select_related("organisation"), pk=pk
    )
    if not request.user.has_perm("exemplars.replicate", exemplar):
        raise PermissionDenied
    own = Exemplar.objects.visible_to(request.user).filter(pk=pk).exists()
    back = reverse("exemplars:detail" if own else "public:showcase_detail", args=[pk])
    form = ReplicationForm(
        request.POST or None, user=request.user, initial={"started_on": timezone.localdate()}
    )
    if request.method == "POST" and form.is_valid():
        with handled(form) as outcome:
            services.add_replication(exemplar=exemplar, by=request.user, **form.cleaned_data)
        if outcome.ok:
            messages.success(request, _("The replication was recorded."))
            return redirect(back)
    return render(request, "exemplars/replicate.html", {"exemplar": exemplar, "form": form, "back": back})


@login_required
@require_POST
def commend(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    exemplar = get_object_or_404(Exemplar.objects.visible_to(request.user), pk=pk)
    form = CommendationForm(request.POST)
    if form.is_valid():
        with handled(form) as outcome:
            services.commend(exemplar=exemplar, by=request.user, **form.cleaned_data)
        if outcome.ok:
            messages.success(request, _("The commendation was recorded."))
            return redirect("exemplars:detail", pk)
    return _render_detail(request, pk, commend_form=form)


@login_required
@require_POST
def outstanding(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    exemplar = get_object_or_404(Exemplar.objects.visible_to(request.user), pk=pk)
    form = OutstandingForm(request.POST)
    form.is_valid()
    with handled(request) as outcome:
        services.set_outstanding(
            exemplar=exemplar,
            by=request.user,
            outstanding=form.cleaned_data.get("outstanding", False),
            event=form.cleaned_data.get("event", ""),
        )
    if outcome.ok:
        messages.success(request, _("Changes saved."))
    return redirect("exemplars:detail", pk)


@login_required
def minutes(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    exemplar = get_object_or_404(selectors.exemplar_detail_qs(request.user), pk=pk)
    nomination = exemplar.current_nomination
    if nomination is None or nomination.council_id is None:
        raise Http404
    if not request.user.has_perm("exemplars.view_minutes", exemplar):
        raise PermissionDenied
    return file_response(
        minutes_docx(nomination, user=request.user),
        _("Council minutes %(number)s.docx") % {"number": nomination.pk},
        mime=DOCX,
    )


@login_required
def certificate(request: AuthenticatedHttpRequest, pk: int, decision_id: int) -> HttpResponse:
    exemplar = get_object_or_404(Exemplar.objects.visible_to(request.user), pk=pk)
    decision = get_object_or_404(
        Decision.objects.select_related(
            "exemplar__organisation",
            "exemplar__field",
            "issuing_body__unit",
            "issuing_body__parent",
            "cycle",
            "signed_by",
        ),
        pk=decision_id,
        exemplar=exemplar,
    )
    url = request.build_absolute_uri(reverse("public:verify", args=[decision.verification_code]))
    return file_response(
        certificate_docx(decision, verify_url=url),
        _("Certificate %(code)s.docx") % {"code": decision.verification_code},
        mime=DOCX,
    )


@login_required
def coordination(request: AuthenticatedHttpRequest) -> HttpResponse:
    if not request.user.has_perm("exemplars.view_funnel"):
        raise PermissionDenied
    registrations = selectors.registrations_to_review(user=request.user)
    nominations = selectors.nominations_to_handle(user=request.user)
    return render(
        request,
        "exemplars/coordination.html",
        {
            "registrations": page_of(registrations, request.GET.get("rpage"), 25),
            "nominations": page_of(nominations, request.GET.get("npage"), 25),
            "counts": selectors.stage_counts(user=request.user),
            "commended": selectors.commended_count(user=request.user),
            "replications": selectors.replication_counts(user=request.user),
        },
    )


@login_required
def funnel(request: AuthenticatedHttpRequest) -> HttpResponse:
    if not request.user.has_perm("exemplars.view_funnel"):
        raise PermissionDenied
    group = request.GET.get("group", "field")
    filters = selectors.Filters.from_query(request.GET)
    totals, rows = selectors.funnel(user=request.user, group=group, filters=filters)
    steps = [
        ("registered", _("Registered")),
        ("in_progress", _("Being built")),
        ("nominated", _("Nominated")),
        ("recognised", _("Recognised")),
        ("outstanding", _("Outstanding")),
        ("commended", _("Commended")),
    ]
    top = max(totals.values()) or 1
    return render(
        request,
        "exemplars/funnel.html",
        {
            "totals": totals,
            "rows": rows,
            "steps": steps,
            "group": group,
            "bars": [(label, totals[key], round(totals[key] * 100 / top)) for key, label in steps],
            "groups": [
                ("field", _("Field")),
                ("level", _("Level")),
                ("unit", _("Administrative unit")),
                ("year", _("Cycle")),
            ],
            **_filter_context(request, filters),
        },
    )


@login_required
def councils(request: AuthenticatedHttpRequest) -> HttpResponse:
    if not request.user.has_perm("exemplars.manage_councils"):
        raise PermissionDenied
    rows = [
        (council, request.user.has_perm("exemplars.manage_councils", council))
        for council in selectors.councils(user=request.user)
    ]
    return render(request, "exemplars/councils.html", {"rows": rows})


@login_required
def council_form(request: AuthenticatedHttpRequest, council_id: int | None = None) -> HttpResponse:
    """Form (or change) a council: the commune Party committee for its commune, the Ban for the
    province."""
    council = None
    if council_id is not None:
        council = get_object_or_404(selectors.councils(user=request.user), pk=council_id)
        if not request.user.has_perm("exemplars.manage_councils", council):
            raise PermissionDenied
    elif not request.user.has_perm("exemplars.manage_councils"):
        raise PermissionDenied
    form = CouncilForm(request.POST or None, user=request.user, council=council)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        organisation = council.organisation if council is not None else data["organisation"]
        with handled(form) as outcome:
            council = services.save_council(
                by=request.user,
                council=council,
                name=data["name"],
                organisation=organisation,
                level=council_level_of(organisation),
                cycle=data["cycle"],
                seats=[services.Seat(**seat) for seat in data["members"]],
                decision_number=data["decision_number"],
                decision_date=data["decision_date"],
                place=data["place"],
            )
        if outcome.ok:
            messages.success(request, _("The council was saved."))
            return redirect("exemplars:councils")
    return render(request, "exemplars/council_form.html", {"form": form, "council": council})


@login_required
@require_POST
def change_level(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """Correct the level at which a model is reviewed (before the review opens)."""
    exemplar = get_object_or_404(Exemplar.objects.visible_to(request.user), pk=pk)
    form = LevelForm(request.POST)
    if form.is_valid():
        with handled(request) as outcome:
            services.change_level(exemplar=exemplar, by=request.user, level=form.cleaned_data["level"])
        if outcome.ok:
            messages.success(request, _("The level was changed."))
    else:
        with handled(request):
            raise ValidationError(list(form.errors.get("level") or [_("Choose one of the allowed values.")]))
    return redirect("exemplars:detail", pk)


@login_required
def queue(request: AuthenticatedHttpRequest) -> HttpResponse:
    listing = lists.QUEUE.bind(request)
    page = listing.page
    rows = []
    for exemplar in page:
        nomination = exemplar.current_nomination
        excluded = any(e.user_id == request.user.pk for e in nomination.all_exclusions)
        rows.append(
            {
                "exemplar": exemplar,
                "nomination": nomination,
                "submitted": bool(nomination.my_sheets),
                "excluded": excluded,
            }
        )
    return render(
        request,
        "exemplars/queue.html",
        {
            "listing": listing,
            "page": page,
            "rows": rows,
            "to_score": selectors.to_score(user=request.user).count(),
        },
    )


def map_points(
    exemplar: Exemplar | None, replications: list, others: list | None = None
) -> list[dict[str, Any]]:
    """Where the model was built and replicated, as SVG points (dvk.core.maps)."""
    return spread_points(exemplar, replications, others)
