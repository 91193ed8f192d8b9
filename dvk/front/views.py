"""Screens of MTTQ supervision and social critique: thin views over selectors (reads) and services
(writes). Out of scope is 404 (scoped get_object_or_404); visible but not allowed is 403; a
refused action is a Vietnamese message, never a 5xx."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from dvk.core.access import require
from dvk.core.downloads import file_response
from dvk.core.errors import handled
from dvk.core.forms import FORM_TOKEN
from dvk.core.types import AuthenticatedHttpRequest
from dvk.front import exports, lists, selectors, services
from dvk.front.comment_pages import comment_page, place_under_units
from dvk.front.forms import (
    AnswerForm,
    CommentAnswerForm,
    CommentForm,
    ConferenceForm,
    CritiqueDocumentForm,
    CritiqueRequestForm,
    DecideForm,
    DecisionForm,
    DeclineForm,
    NoticeForm,
    ProgrammeForm,
    ReportForm,
    ReviewForm,
    SupervisionForm,
    TeamForm,
    VersionForm,
    province_bodies,
)
from dvk.front.models import Comment, Critique, DraftVersion, Programme, Recommendation, Supervision
from dvk.front.workflow import (
    CRITIQUE_WORKFLOW,
    RECOMMENDATION_WORKFLOW,
    SUPERVISION_WORKFLOW,
    CritiqueStage,
    RecommendationStage,
    SupervisionStage,
)


def _attempt(request: HttpRequest, fn: Callable[[], Any], form: Any = None, ok: str = "") -> tuple[bool, Any]:
    """Run one service call through the shared error mapping (dvk.core.errors.handled): a refused
    step becomes a form error (or a message); PermissionDenied and Http404 reach the 403/404 pages."""
    result = None
    with handled(form if form is not None else request) as outcome:
        result = fn()
    if outcome.ok and ok:
        messages.success(request, ok)
    return outcome.ok, result


def _supervision(request: AuthenticatedHttpRequest, pk: int) -> Supervision:
    return get_object_or_404(selectors.supervision_detail_qs(request.user), pk=pk)


def _recommendation(request: AuthenticatedHttpRequest, pk: int) -> Recommendation:
    qs = Recommendation.objects.visible_to(request.user).select_related(
        "supervision", "supervision__escalate_to", "addressee", "organisation", "escalated_to"
    )
    return get_object_or_404(qs, pk=pk)


def _critique(request: AuthenticatedHttpRequest, pk: int) -> Critique:
    qs = Critique.objects.visible_to(request.user).select_related(
        "organisation", "drafting_body", "lead", "document"
    )
    return get_object_or_404(qs, pk=pk)


def _history(events: Any, workflow: Any) -> list[Any]:
    """Workflow events with the action's label (users see labels, never codes)."""
    labels = {t.action: t.label for t in workflow.transitions}
    rows = list(events.select_related("actor"))
    for e in rows:
        e.label = labels.get(e.action, e.action)
    return rows


def _form_page(request: HttpRequest, form: Any, title: str, back: str = "") -> HttpResponse:
    return render(request, "front/form.html", {"form": form, "title": title, "back": back})


# --- Supervision -------------------------------------------------------------------------------------


@login_required
def supervision_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    require(request.user, "front.view")
    q, stage, kind = request.GET.get("q", ""), request.GET.get("stage", ""), request.GET.get("kind", "")
    listing = lists.SUPERVISIONS.bind(request)
    return render(
        request,
        "front/supervision_list.html",
        {
            "listing": listing,
            "page": listing.page,
            "programmes": list(selectors.programme_list(user=request.user)[:20]),
            "q": q,
            "stage": stage,
            "kind": kind,
            "stages": SupervisionStage.choices,
            "kinds": Supervision.Kind.choices,
            "querystring": listing.querystring,
            "can_add": request.user.has_perm("front.manage_supervision"),
        },
    )


@login_required
def programme_create(request: AuthenticatedHttpRequest) -> HttpResponse:
    require(request.user, "front.manage_supervision")
    form = ProgrammeForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        done, programme = _attempt(
            request,
            lambda: services.create_programme(
                by=request.user,
                organisation=d["organisation"],
                year=d["year"],
                title=d["title"],
                description=d["description"],
                members=d["members"],
                form_token=form.once_token,
            ),
            form,
        )
        if done:
            return redirect("front:programme_detail", programme.pk)
    return _form_page(request, form, _("New supervision programme"))


@login_required
def programme_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    programme = get_object_or_404(
        Programme.objects.visible_to(request.user).select_related("organisation").prefetch_related("members"),
        pk=pk,
    )
    supervisions = selectors.supervision_list(user=request.user, programme=programme.pk)
    return render(
        request,
        "front/programme_detail.html",
        {
            "p": programme,
            "supervisions": list(supervisions[:200]),
            "can_add": request.user.has_perm("front.manage_supervision", programme.organisation),
        },
    )


@login_required
def supervision_create(request: AuthenticatedHttpRequest) -> HttpResponse:
    require(request.user, "front.manage_supervision")
    initial = {}
    if request.GET.get("programme", "").isdigit():
        initial["programme"] = request.GET["programme"]
    form = SupervisionForm(request.POST or None, user=request.user, initial=initial)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        done, supervision = _attempt(
            request,
            lambda: services.create_supervision(
                by=request.user,
                **{k: v for k, v in d.items() if k != FORM_TOKEN},
                form_token=form.once_token,
            ),
            form,
        )
        if done:
            return redirect("front:supervision_detail", supervision.pk)
    return _form_page(request, form, _("New supervision"))


ACTION_FORMS: dict[str, Any] = {
    "form_team": DecisionForm,
    "notify": NoticeForm,
    "report": ReportForm,
    "record": ReportForm,
}


def _supervision_context(request: AuthenticatedHttpRequest, supervision: Supervision, **extra: Any) -> dict:
    actions = SUPERVISION_WORKFLOW.available(request.user, supervision)
    forms = {
        t.action: (extra.pop(f"{t.action}_form", None) or ACTION_FORMS.get(t.action, lambda: None)())
        for t in actions
    }
    recs = list(supervision.recommendations.all())
    for r in recs:
        r.actions = RECOMMENDATION_WORKFLOW.available(request.user, r)
    can_manage = request.user.has_perm("front.manage_supervision", supervision)
    team_form = extra.pop("team_form", None)
    if (
        team_form is None
        and can_manage
        and supervision.stage in (SupervisionStage.PLANNED, SupervisionStage.TEAM_FORMED)
    ):
        team_form = TeamForm()
    return {
        "s": supervision,
        "actions": [(t, forms.get(t.action)) for t in actions],
        "recommendations": recs,
        "team": list(supervision.team.all()),
        "team_form": team_form,
        "events": _history(supervision.events, SUPERVISION_WORKFLOW),
        "today": timezone.localdate(),
        **extra,
    }


@login_required
def supervision_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    supervision = _supervision(request, pk)
    return render(request, "front/supervision_detail.html", _supervision_context(request, supervision))


@login_required
@require_POST
def supervision_team(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    supervision = _supervision(request, pk)
    require(request.user, "front.manage_supervision", supervision)
    form = TeamForm(request.POST)
    if form.is_valid():
        done, _r = _attempt(
            request,
            lambda: services.set_team(by=request.user, supervision=supervision, members=form.rows()),
            form,
            _("Team saved."),
        )
        if done:
            return redirect("front:supervision_detail", pk)
    ctx = _supervision_context(request, supervision, team_form=form)
    return render(request, "front/supervision_detail.html", ctx, status=422)


@login_required
@require_POST
def supervision_action(request: AuthenticatedHttpRequest, pk: int, action: str) -> HttpResponse:
    supervision = _supervision(request, pk)
    if action not in SUPERVISION_WORKFLOW.actions:
        raise Http404
    form_class = ACTION_FORMS.get(action)
    params: dict[str, Any] = {}
    form = None
    if form_class is not None:
        form = form_class(request.POST)
        if not form.is_valid():
            ctx = _supervision_context(request, supervision, **{f"{action}_form": form})
            return render(request, "front/supervision_detail.html", ctx, status=422)
        params = dict(form.cleaned_data)
        if action in ("report", "record"):
            params["recommendations"] = form.texts()
    done, _r = _attempt(
        request,
        lambda: services.act_on_supervision(
            by=request.user,
            supervision=supervision,
            action=action,
            note=request.POST.get("note", "")[:4000],
            **params,
        ),
        form,
        _("Done."),
    )
    if not done and form is not None:
        ctx = _supervision_context(request, supervision, **{f"{action}_form": form})
        return render(request, "front/supervision_detail.html", ctx, status=422)
    return redirect("front:supervision_detail", pk)


# --- Recommendations -----------------------------------------------------------------------------------


@login_required
def recommendation_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    require(request.user, "front.view")
    stage = request.GET.get("stage", "")[:20]
    flags = {k: request.GET.get(k) == "1" for k in ("open", "overdue", "mine")}
    listing = lists.RECOMMENDATIONS.bind(request)
    page = listing.page
    for r in page:
        r.actions = RECOMMENDATION_WORKFLOW.available(request.user, r)
    return render(
        request,
        "front/recommendation_list.html",
        {
            "page": page,
            "stage": stage,
            "stages": RecommendationStage.choices,
            "listing": listing,
            "flags": flags,
            "today": timezone.localdate(),
            "querystring": listing.querystring,
        },
    )


@login_required
def recommendation_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    rec = _recommendation(request, pk)
    return render(
        request,
        "front/recommendation_detail.html",
        {
            "r": rec,
            "actions": RECOMMENDATION_WORKFLOW.available(request.user, rec),
            "answer_form": AnswerForm(),
            "review_form": ReviewForm(),
            "events": _history(rec.events, RECOMMENDATION_WORKFLOW),
            "today": timezone.localdate(),
        },
    )


@login_required
@require_POST
def recommendation_action(request: AuthenticatedHttpRequest, pk: int, action: str) -> HttpResponse:
    rec = _recommendation(request, pk)
    if action not in RECOMMENDATION_WORKFLOW.actions:
        raise Http404
    if action == "answer":
        form: Any = AnswerForm(request.POST)
        if form.is_valid():
            _attempt(
                request,
                lambda: services.answer_recommendation(
                    by=request.user, recommendation=rec, response=form.cleaned_data["response"]
                ),
                None,
                _("Answer sent."),
            )
        else:
            messages.error(request, _("Write the body's answer."))
    else:
        form = ReviewForm(request.POST)
        if form.is_valid():
            d = form.cleaned_data
            _attempt(
                request,
                lambda: services.review_recommendation(
                    by=request.user, recommendation=rec, action=action, note=d["note"], due_on=d["due_on"]
                ),
                None,
                _("Done."),
            )
        else:
            messages.error(request, _("Check the note and the date."))
    nxt = request.POST.get("next", "")
    if nxt == "list":
        return redirect("front:recommendation_list")
    return redirect("front:recommendation_detail", pk)


# --- Social critique ----------------------------------------------------------------------------------


@login_required
def critique_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    require(request.user, "front.view")
    q, stage = request.GET.get("q", ""), request.GET.get("stage", "")
    listing = lists.CRITIQUES.bind(request)
    return render(
        request,
        "front/critique_list.html",
        {
            "listing": listing,
            "page": listing.page,
            "q": q,
            "stage": stage,
            "stages": CritiqueStage.choices,
            "querystring": listing.querystring,
            "can_add": request.user.has_perm("front.submit_draft"),
        },
    )


@login_required
def critique_create(request: AuthenticatedHttpRequest) -> HttpResponse:
    require(request.user, "front.submit_draft")
    form = CritiqueRequestForm(request.POST or None, request.FILES or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        done, critique = _attempt(
            request,
            lambda: services.request_critique(
                by=request.user,
                drafting_body=d["drafting_body"],
                front=d["front"],
                title=d["title"],
                explanatory_note=d["explanatory_note"],
                text=d["text"],
                docx=d["docx"],
                publish_required=d["publish_required"],
                token=form.once_token,
            ),
            form,
        )
        if done:
            return redirect("front:critique_detail", critique.pk)
    return _form_page(request, form, _("Send a draft for social critique"))


def _critique_context(request: AuthenticatedHttpRequest, critique: Critique, **extra: Any) -> dict:
    user = request.user
    version = selectors.latest_version(critique)
    units = selectors.units_of(version) if version else []
    shown = comment_page(
        selectors.visible_comments(critique, user=user),
        request.GET,
        moderator=user.has_perm("front.moderate", critique),
        prepare=lambda qs: qs.select_related("unit", "organisation"),
        number_rows=False,
    )
    general = place_under_units(shown, units)  # the others are listed above the draft
    is_front = user.has_perm("front.manage_critique", critique)
    can_comment = (
        user.has_perm("front.comment", critique)
        and critique.stage in (CritiqueStage.COLLECTING, CritiqueStage.CONFERENCE)
        and (is_front or critique.window_open(timezone.localdate()))
    )
    can_answer = user.has_perm("front.answer_comments", critique) and critique.stage == CritiqueStage.SENT
    return {
        "c": critique,
        "version": version,
        "versions": list(critique.versions.order_by("number")),
        "units": units,
        "general_comments": general,
        "shown": shown,
        "listing": shown,
        "actions": CRITIQUE_WORKFLOW.available(user, critique),
        "comment_form": extra.pop("comment_form", None)
        or (CommentForm(units=units, critique=critique, for_front=is_front) if can_comment else None),
        "can_answer": can_answer,
        "answer_form": CommentAnswerForm(),
        "is_front": is_front,
        "can_moderate": user.has_perm("front.moderate", critique),
        "can_version": user.has_perm("front.submit_draft", critique)
        and critique.stage not in (CritiqueStage.DECLINED, CritiqueStage.PUBLISHED),
        "invitations": list(critique.invitations.select_related("organisation")),
        "conference": getattr(critique, "conference", None),
        "unanswered": shown.all_counts["unanswered"],
        "events": _history(critique.events, CRITIQUE_WORKFLOW),
        **extra,
    }


@login_required
def critique_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    critique = _critique(request, pk)
    return render(request, "front/critique_detail.html", _critique_context(request, critique))


STEP_FORMS = {
    "accept": DecideForm,
    "decline": DeclineForm,
    "hold_conference": ConferenceForm,
    "send": CritiqueDocumentForm,
}
STEP_TITLES = {
    "accept": _("Decide to critique"),
    "decline": _("Decline"),
    "hold_conference": _("Record the conference"),
    "send": _("Issue the critique document"),
}


def _step_form(action: str, critique: Critique, data: Any = None) -> Any:
    form_class = STEP_FORMS[action]
    if form_class is DecideForm:
        return DecideForm(data, critique=critique)
    return form_class(data)


@login_required
def critique_step(request: AuthenticatedHttpRequest, pk: int, action: str) -> HttpResponse:
    """The form of a critique action that needs one (decide, decline, conference, critique document)."""
    critique = _critique(request, pk)
    if action not in STEP_FORMS:
        raise Http404
    transition = next((t for t in CRITIQUE_WORKFLOW.transitions if t.action == action), None)
    assert transition is not None
    require(request.user, transition.permission, critique)
    form = _step_form(action, critique, request.POST or None)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        calls: dict[str, Callable[[], Any]] = {
            "accept": lambda: services.decide_critique(
                by=request.user,
                critique=critique,
                form=d["form"],
                lead=d["lead"],
                window_opens=d["window_opens"],
                window_closes=d["window_closes"],
                public_comments=d["public_comments"],
                invite=d["invite"],
                experts=d["experts"].splitlines(),
                note=d["note"],
            ),
            "decline": lambda: services.decline_critique(by=request.user, critique=critique, note=d["note"]),
            "hold_conference": lambda: services.record_conference(
                by=request.user,
                critique=critique,
                held_on=d["held_on"],
                chair=d["chair"],
                minutes=d["minutes"],
                steps=form.steps(),
                place=d["place"],
            ),
            "send": lambda: services.send_critique(
                by=request.user, critique=critique, text=d["text"], document_date=d["document_date"]
            ),
        }
        done, _r = _attempt(request, calls[action], form, _("Done."))
        if done:
            return redirect("front:critique_detail", pk)
    return render(
        request,
        "front/form.html",
        {"form": form, "title": STEP_TITLES[action], "subtitle": critique.title, "back": critique},
        status=422 if request.method == "POST" else 200,
    )


@login_required
@require_POST
def critique_action(request: AuthenticatedHttpRequest, pk: int, action: str) -> HttpResponse:
    """Actions without a form: complete the answers, publish."""
    critique = _critique(request, pk)
    calls: dict[str, Callable[[], Any]] = {
        "complete": lambda: services.complete_answers(
            by=request.user, critique=critique, note=request.POST.get("note", "")[:4000]
        ),
        "publish": lambda: services.publish(by=request.user, critique=critique),
    }
    if action not in calls:
        raise Http404
    _attempt(request, calls[action], None, _("Done."))
    return redirect("front:critique_detail", pk)


@login_required
@require_POST
def comment_create(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    critique = _critique(request, pk)
    require(request.user, "front.comment", critique)
    version = selectors.latest_version(critique)
    units = selectors.units_of(version) if version else []
    is_front = request.user.has_perm("front.manage_critique", critique)
    form = CommentForm(request.POST, units=units, critique=critique, for_front=is_front)
    if form.is_valid():
        d = form.cleaned_data
        done, _r = _attempt(
            request,
            lambda: services.add_comment(
                by=request.user,
                critique=critique,
                text=d["text"],
                unit_id=int(d["unit"]) if d.get("unit") else None,
                source=d.get("source", ""),
                organisation=d.get("organisation"),
                author_name=d.get("author_name", ""),
                token=form.once_token,
            ),
            form,
            _("Comment recorded."),
        )
        if done:
            return redirect("front:critique_detail", pk)
    ctx = _critique_context(request, critique, comment_form=form)
    return render(request, "front/critique_detail.html", ctx, status=422)


@login_required
@require_POST
def critique_invite(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    critique = _critique(request, pk)
    require(request.user, "front.manage_critique", critique)
    ids = [i for i in request.POST.getlist("organisation") if i.isdigit()][:200]
    bodies = list(province_bodies(request.user).filter(pk__in=ids))
    experts = [e for e in request.POST.get("experts", "").splitlines() if e.strip()][:50]
    _attempt(
        request,
        lambda: services.invite(by=request.user, critique=critique, organisations=bodies, experts=experts),
        None,
        _("Invitations sent."),
    )
    return redirect("front:critique_detail", pk)


def _comment(request: AuthenticatedHttpRequest, pk: int) -> Comment:
    comment = get_object_or_404(Comment.objects.select_related("critique"), pk=pk)
    critique = _critique(request, comment.critique_id)  # 404 unless the critique is visible
    if comment.moderation != Comment.Moderation.APPROVED and not request.user.has_perm(
        "front.moderate", critique
    ):
        raise Http404
    comment.critique = critique
    return comment


@login_required
@require_POST
def comment_answer(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """One answer (tiếp thu, giải trình). From the critique page's htmx form the comment's block is
    answered in place, with the refusal (if any) shown inside it; otherwise a redirect back."""
    comment = _comment(request, pk)
    require(request.user, "front.answer_comments", comment.critique)
    form = CommentAnswerForm(request.POST)
    htmx = bool(getattr(request, "htmx", False))
    error = ""
    if form.is_valid():
        d = form.cleaned_data
        with handled(form) as outcome:
            services.answer_comment(
                by=request.user, comment=comment, answer=d["answer"], explanation=d["explanation"]
            )
        if outcome.ok and not htmx:
            messages.success(request, _("Answer saved."))
        error = " ".join(outcome.messages)
    else:
        error = _("Choose accepted, partly accepted or not accepted.")
    if error and not htmx:
        messages.error(request, error)
    if htmx:
        fresh = Comment.objects.select_related("unit", "organisation").get(pk=comment.pk)
        return render(
            request,
            "front/_comment.html",
            {
                "cm": fresh,
                "c": comment.critique,
                "can_answer": True,
                "answer_form": CommentAnswerForm(),
                "answer_error": error,
                "posted": request.POST,
            },
        )
    return redirect(f"{comment.critique.get_absolute_url()}#comment-{comment.pk}")


@login_required
@require_POST
def comment_moderate(request: AuthenticatedHttpRequest, pk: int, decision: str) -> HttpResponse:
    comment = _comment(request, pk)
    require(request.user, "front.moderate", comment.critique)
    if decision not in ("approve", "reject"):
        raise Http404
    _attempt(
        request,
        lambda: services.moderate(by=request.user, comment=comment, approve=decision == "approve"),
        None,
        _("Done."),
    )
    return redirect("front:critique_detail", comment.critique_id)


@login_required
def critique_table(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """The table of acceptance and explanation, 50 rows a page, by article and by answer; the full
    table is the DOCX/XLSX."""
    critique = _critique(request, pk)
    table = comment_page(
        selectors.table_comments(critique), request.GET, prepare=selectors.with_table_relations
    )
    return render(request, "front/critique_table.html", {"c": critique, "table": table, "listing": table})


@login_required
def critique_table_docx(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    critique = _critique(request, pk)
    content = exports.response_table_docx(critique, list(selectors.response_table(critique)))
    return file_response(content, f"bang-tiep-thu-giai-trinh-{critique.pk}.docx")


@login_required
def critique_table_xlsx(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    critique = _critique(request, pk)
    content = exports.response_table_xlsx(critique, list(selectors.response_table(critique)))
    return file_response(content, f"bang-tiep-thu-giai-trinh-{critique.pk}.xlsx")


@login_required
def critique_document_docx(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    critique = _critique(request, pk)
    if critique.document_id is None:
        raise Http404
    content = exports.critique_document_docx(critique)
    return file_response(content, f"van-ban-phan-bien-{critique.document_number.replace('/', '-')}.docx")


@login_required
def version_create(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    critique = _critique(request, pk)
    require(request.user, "front.submit_draft", critique)
    form = VersionForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        done, version = _attempt(
            request,
            lambda: services.add_version(
                by=request.user,
                critique=critique,
                text=d["text"],
                docx=d["docx"],
                note=d["note"],
                form_token=form.once_token,
            ),
            form,
        )
        if done:
            return redirect("front:version_detail", pk, version.number)
    return _form_page(request, form, _("New version of the draft"))


@login_required
def version_detail(request: AuthenticatedHttpRequest, pk: int, number: int) -> HttpResponse:
    """The version compared with the previous one, article by article; the drafting body records
    which comments changed each changed article."""
    critique = _critique(request, pk)
    version = get_object_or_404(DraftVersion.objects.filter(critique=critique), number=number)
    previous = critique.versions.filter(number__lt=number).order_by("-number").first()
    diffs = selectors.version_diff(previous, version) if previous else []
    can_link = request.user.has_perm("front.submit_draft", critique) and previous is not None
    comments = list(selectors.comments_of(critique, user=request.user).filter(version__number__lt=number))
    links: dict[int, set[int]] = {}
    for unit in version.units.filter(kind="article").prefetch_related("changed_by"):
        links[unit.pk] = {c.pk for c in unit.changed_by.all()}
    if request.method == "POST":
        if not can_link:
            raise PermissionDenied
        wanted = {
            d.new_unit_id: [int(x) for x in request.POST.getlist(f"unit_{d.new_unit_id}") if x.isdigit()]
            for d in diffs
            if d.changed and d.new_unit_id
        }
        done, _r = _attempt(
            request,
            lambda: services.link_changes(by=request.user, version=version, links=wanted),
            None,
            _("Saved which comments changed the draft."),
        )
        return redirect("front:version_detail", pk, number)
    for d in diffs:
        setattr(d, "linked", links.get(d.new_unit_id or 0, set()))  # noqa: B010
    return render(
        request,
        "front/version_detail.html",
        {
            "c": critique,
            "version": version,
            "previous": previous,
            "diffs": diffs,
            "changed": sum(1 for d in diffs if d.changed),
            "comments": comments,
            "can_link": can_link,
        },
    )
