"""Staff screens of citizen reception and cases: thin views over selectors and services.
Out of scope is 404 (scoped lookups), visible but not allowed is 403, bad input re-renders the
form with a Vietnamese message."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from dvk.accounts.reauth import posted, recent_auth_required
from dvk.attachments.services import attachments_of
from dvk.citizens import lists, selectors, services
from dvk.citizens.forms import (
    ActionForm,
    AssignForm,
    FlagsForm,
    IdentityForm,
    LetterForm,
    ProlongedForm,
    PublishForm,
    SessionForm,
    VisitForm,
    province_bodies,
)
from dvk.citizens.models import Case, DuplicateSuggestion, Field, Letter, ReceptionSession
from dvk.citizens.presentation import LOOKS, NEEDS_TARGET
from dvk.citizens.workflow import Kind, Stage, workflow_for
from dvk.core.access import require
from dvk.core.downloads import file_response
from dvk.core.errors import flash_form_errors, handled
from dvk.core.presentation import buttons
from dvk.core.types import AuthenticatedHttpRequest
from dvk.core.validation import parse_ids


def _letter(request: AuthenticatedHttpRequest, pk: int) -> Letter:
    return get_object_or_404(
        Letter.objects.visible_to(request.user).select_related("organisation", "field"), pk=pk
    )


def _labelled(events: Any, workflow: Any) -> list[Any]:
    stages = dict(Stage.choices)
    labels = {t.action: t.label for t in workflow.transitions}
    out = list(events)
    for e in out:
        e.label = labels.get(e.action, e.action)
        e.from_label, e.to_label = stages.get(e.from_stage, e.from_stage), stages.get(e.to_stage, e.to_stage)
    return out


# --- worklist and cases ----------------------------------------------------------------------------


@login_required
def worklist(request: AuthenticatedHttpRequest) -> HttpResponse:
    require(request.user, "citizens.view")
    filters = selectors.CaseFilters.from_query(request.GET)
    if "open" not in request.GET and not filters.stage:
        filters.open = True
    listing = lists.CASES.bind(request)
    count, exact = listing.count
    return render(
        request,
        "citizens/worklist.html",
        {
            "listing": listing,
            "page": listing.page,
            "f": filters,
            "count": count,
            "count_exact": exact,
            "kinds": [
                (k.value, k.label)
                for k in (Kind.PETITION, Kind.REFLECTION, Kind.COMPLAINT, Kind.DENUNCIATION)
            ],
            "stages": Stage.choices,
            "fields": Field.objects.filter(active=True),
            "querystring": listing.querystring,
            "today": timezone.localdate(),
            "can_register": request.user.has_perm("citizens.register_letter"),
        },
    )


@login_required
def case_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    case = selectors.case_detail(request.user, pk)
    user = request.user
    workflow = workflow_for(case.kind)
    available = workflow.available(user, case)
    can_act = user.has_perm("citizens.handle_case", case)
    return render(
        request,
        "citizens/case_detail.html",
        {
            "case": case,
            "letter": case.letter,
            "petitioner": services.petitioner_of(case.letter),
            "buttons": buttons(available, LOOKS),
            "needs_target": NEEDS_TARGET,
            "targets": list(province_bodies(user).only("pk", "name"))
            if any(t.action in NEEDS_TARGET for t in available)
            else [],
            "events": _labelled(selectors.history(case), workflow),
            "deadlines": case.deadlines.all(),
            "linked": selectors.linked_cases(user, case),
            "assign_form": AssignForm(
                handlers=selectors.handlers_for(case), initial={"handler": case.handler_id}
            )
            if user.has_perm("citizens.assign_case", case)
            else None,
            "flags_form": FlagsForm(
                initial={
                    "complex": case.complex,
                    "remote_area": case.remote_area,
                    "multi_location": case.multi_location,
                }
            )
            if can_act and case.is_open
            else None,
            "prolonged_form": ProlongedForm(initial={"on": not case.prolonged})
            if user.has_perm("citizens.flag_case", case)
            else None,
            "publish_form": PublishForm(initial={"text": case.published_answer or case.outcome})
            if user.has_perm("citizens.publish_answer", case)
            and case.stage
            in (Stage.DECIDED, Stage.ENFORCING, Stage.ANSWERED, Stage.CLOSED, Stage.REFUSED, Stage.GUIDED)
            else None,
            "can_read_identity": services.may_read_identity(user, case.letter),
            "identity_form": IdentityForm(),
            "overdue": case.is_overdue(),
        },
    )


@login_required
@require_POST
def case_action(request: AuthenticatedHttpRequest, pk: int, action: str) -> HttpResponse:
    case = selectors.case_detail(request.user, pk)
    if action not in workflow_for(case.kind).actions:
        raise PermissionDenied
    form = ActionForm(request.POST, user=request.user)
    if not form.is_valid():
        flash_form_errors(request, form)
        return redirect("citizens:case_detail", case.pk)
    d = form.cleaned_data
    params: dict[str, Any] = {}
    if action in NEEDS_TARGET:
        params["to"] = d["to"]
        params["purpose"] = d["purpose"] or "resolution"
    with handled(request) as outcome:
        services.act(by=request.user, case=case, action=action, note=d["note"], **params)
    if outcome.ok:
        messages.success(request, _("Done."))
    return redirect("citizens:case_detail", case.pk)


@login_required
@require_POST
def case_assign(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    case = selectors.case_detail(request.user, pk)
    require(request.user, "citizens.assign_case", case)
    form = AssignForm(request.POST, handlers=selectors.handlers_for(case))
    if form.is_valid():
        with handled(request) as outcome:
            services.assign(by=request.user, case=case, handler=form.cleaned_data["handler"])
        if outcome.ok:
            messages.success(request, _("Saved."))
    else:
        messages.error(request, _("Choose a handler of the body."))
    return redirect("citizens:case_detail", case.pk)


@login_required
@require_POST
def case_flags(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    case = selectors.case_detail(request.user, pk)
    require(request.user, "citizens.handle_case", case)
    form = FlagsForm(request.POST)
    form.is_valid()
    with handled(request) as outcome:
        services.set_flags(by=request.user, case=case, **form.cleaned_data)
    if outcome.ok:
        messages.success(request, _("Saved."))
    return redirect("citizens:case_detail", case.pk)


@login_required
@require_POST
def case_prolonged(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    case = selectors.case_detail(request.user, pk)
    require(request.user, "citizens.flag_case", case)
    form = ProlongedForm(request.POST)
    if form.is_valid():
        with handled(request) as outcome:
            services.mark_prolonged(
                by=request.user, case=case, on=form.cleaned_data["on"], reason=form.cleaned_data["reason"]
            )
        if outcome.ok:
            messages.success(request, _("Saved."))
    else:
        flash_form_errors(request, form)
    return redirect("citizens:case_detail", case.pk)


@login_required
@require_POST
def case_publish(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    case = selectors.case_detail(request.user, pk)
    require(request.user, "citizens.publish_answer", case)
    form = PublishForm(request.POST)
    if form.is_valid():
        with handled(request) as outcome:
            services.publish_answer(by=request.user, case=case, text=form.cleaned_data["text"])
        if outcome.ok:
            messages.success(request, _("The answer is published for the citizen's lookup."))
    else:
        flash_form_errors(request, form)
    return redirect("citizens:case_detail", case.pk)


# --- letters ---------------------------------------------------------------------------------------


@login_required
def letter_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    require(request.user, "citizens.view")
    q, kind = request.GET.get("q", "")[:200], request.GET.get("kind", "")[:16]
    listing = lists.LETTERS.bind(request)
    return render(
        request,
        "citizens/letter_list.html",
        {
            "listing": listing,
            "page": listing.page,
            "q": q,
            "kind": kind,
            "kinds": Kind.choices,
            "querystring": listing.querystring,
        },
    )


@login_required
def letter_create(request: AuthenticatedHttpRequest) -> HttpResponse:
    require(request.user, "citizens.register_letter")
    form = LetterForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        with handled(form) as outcome:
            letter = services.register_letter(
                by=request.user,
                organisation=d["organisation"],
                received_on=d["received_on"],
                channel=d["channel"],
                kind=d["kind"],
                case_kinds=d["case_kinds"],
                summary=d["summary"],
                field=d["field"],
                people_count=d["people_count"],
                representatives=d["representatives"],
                name=d["name"],
                address=d["address"],
                phone=d["phone"],
                id_number=d["id_number"],
                anonymous=d["anonymous"],
                complex=d["complex"],
                remote_area=d["remote_area"],
                once_token=form.once_token,
            )
        if outcome.ok:
            messages.success(request, _("Letter %(number)s registered.") % {"number": letter.receipt_number})
            return redirect("citizens:letter_detail", letter.pk)
    return render(
        request, "citizens/form.html", {"form": form, "title": _("Register a letter"), "multipart": False}
    )


def _posted_in_scope(request: AuthenticatedHttpRequest, pk: int) -> bool:
    """`when=` of the re-authentication: a letter out of scope is a 404 before any password prompt."""
    return posted(request) and bool(_letter(request, pk))


@login_required
# Reading the identity (POST) asks for the password again.
@recent_auth_required(when=_posted_in_scope, second_factor=True)
def letter_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    letter = _letter(request, pk)
    identity = None
    form = IdentityForm(request.POST or None)
    if request.method == "POST":
        if not services.may_read_identity(request.user, letter):
            raise PermissionDenied
        if form.is_valid():
            identity = services.read_identity(
                by=request.user, letter=letter, reason=form.cleaned_data["reason"]
            )
    return render(
        request,
        "citizens/letter_detail.html",
        {
            "letter": letter,
            "petitioner": services.petitioner_of(letter),
            "cases": Case.objects.visible_to(request.user)
            .filter(letter=letter)
            .select_related("organisation", "handler"),
            "suggestions": selectors.duplicate_suggestions(letter),
            "can_decide": request.user.has_perm("citizens.confirm_duplicate", letter),
            "can_read_identity": services.may_read_identity(request.user, letter),
            "identity_form": form,
            "identity": identity,
            "files": attachments_of(letter),
        },
    )


@login_required
@require_POST
def duplicate_decide(request: AuthenticatedHttpRequest, pk: int, decision: str) -> HttpResponse:
    suggestion = get_object_or_404(
        DuplicateSuggestion.objects.filter(letter__in=Letter.objects.visible_to(request.user)).select_related(
            "letter"
        ),
        pk=pk,
    )
    if decision not in ("trung", "khac"):
        raise PermissionDenied
    require(request.user, "citizens.confirm_duplicate", suggestion.letter)
    services.decide_duplicate(by=request.user, suggestion=suggestion, same=decision == "trung")
    messages.success(request, _("Saved."))
    return redirect("citizens:letter_detail", suggestion.letter_id)


# --- reception -------------------------------------------------------------------------------------


@login_required
def session_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    require(request.user, "citizens.view")
    listing = lists.SESSIONS.bind(request)
    return render(
        request,
        "citizens/session_list.html",
        {
            "listing": listing,
            "page": listing.page,
            "status": selectors.reception_status(request.user),
            "can_add": request.user.has_perm("citizens.manage_reception"),
            "querystring": listing.querystring,
        },
    )


@login_required
def session_create(request: AuthenticatedHttpRequest) -> HttpResponse:
    require(request.user, "citizens.manage_reception")
    form = SessionForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        with handled(form) as outcome:
            session = services.record_session(by=request.user, **form.cleaned_data)
        if outcome.ok:
            return redirect("citizens:session_detail", session.pk)
    return render(request, "citizens/form.html", {"form": form, "title": _("Record a reception session")})


@login_required
def session_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    session = get_object_or_404(
        ReceptionSession.objects.visible_to(request.user).select_related("organisation", "duty"), pk=pk
    )
    can_add = request.user.has_perm("citizens.manage_reception", session)
    form = VisitForm(request.POST or None) if can_add else None
    if request.method == "POST":
        require(request.user, "citizens.manage_reception", session)
        if form is not None and form.is_valid():
            with handled(form) as outcome:
                services.record_visit(by=request.user, session=session, **form.cleaned_data)
            if outcome.ok:
                messages.success(request, _("Saved."))
                return redirect("citizens:session_detail", session.pk)
    return render(
        request,
        "citizens/session_detail.html",
        {"session": session, "visits": selectors.visits(session), "form": form},
    )


# --- monitoring ------------------------------------------------------------------------------------


def _period(request: AuthenticatedHttpRequest) -> tuple[dt.date, dt.date]:
    today = timezone.localdate()
    since = _day(request.GET.get("since", "")) or today.replace(month=1, day=1)
    until = _day(request.GET.get("until", "")) or today
    if since > until:
        since, until = until, since
    return since, until


def _day(value: str) -> dt.date | None:
    """A filter date as the shared widget sends it (dd/mm/yyyy), or ISO from an older link; else None."""
    for fmt in ("%d/%m/%Y", "%Y-%m-%d"):
        try:
            return dt.datetime.strptime(value.strip()[:10], fmt).date()  # noqa: DTZ007 (a calendar day)
        except ValueError:
            continue
    return None


def report_periods(today: dt.date) -> list[tuple[str, dt.date, dt.date]]:
    """The reporting periods of the regime (monthly, quarterly, 6-month, 9-month, yearly) that
    contain today, plus last month: (label, first day, last day)."""
    month_start = today.replace(day=1)
    last_month_end = month_start - dt.timedelta(days=1)
    quarter = (today.month - 1) // 3
    quarter_start = today.replace(month=quarter * 3 + 1, day=1)
    year_start = today.replace(month=1, day=1)
    return [
        (_("This month"), month_start, today),
        (_("Last month"), last_month_end.replace(day=1), last_month_end),
        (_("Quarter %(n)s") % {"n": quarter + 1}, quarter_start, today),
        (_("6 months"), year_start, min(today, today.replace(month=6, day=30))),
        (_("9 months"), year_start, min(today, today.replace(month=9, day=30))),
        (_("Year %(year)s") % {"year": today.year}, year_start, today),
    ]


@login_required
def monitoring(request: AuthenticatedHttpRequest) -> HttpResponse:
    require(request.user, "citizens.monitor")
    since, until = _period(request)
    data = selectors.monitoring(request.user, since=since, until=until)
    kinds = dict(Kind.choices)
    for row in data["by_kind"]:
        row["label"] = kinds.get(row["kind"], row["kind"])
    t = data["totals"]
    span = f"since={since:%d/%m/%Y}&until={until:%d/%m/%Y}"
    tiles = [
        (_("Received"), t["total"], "open=0"),
        (_("Open"), t["open"], "open=1"),
        (_("Overdue"), t["overdue"], "overdue=1"),
        (_("Finished on time"), t["on_time"], "open=0"),
        (_("Finished late"), t["late_finished"], "open=0"),
        (_("Đông người"), t["crowd"], "crowd=1&open=0"),
        (_("Complex"), t["complex"], "complex=1&open=0"),
        (_("Kéo dài"), t["prolonged"], "prolonged=1&open=0"),
    ]
    return render(
        request,
        "citizens/monitoring.html",
        {
            **data,
            "tiles": tiles,
            "periods": report_periods(timezone.localdate()),
            "span": span,
            "since": since,
            "until": until,
            "status": [s for s in selectors.reception_status(request.user) if s.missed_previous],
            "overdue": selectors.cases(request.user, selectors.CaseFilters(overdue=True))[:20],
            "can_urge": request.user.has_perm("citizens.urge"),
        },
    )


@login_required
def monitoring_export(request: AuthenticatedHttpRequest) -> HttpResponse:
    from dvk.citizens.documents import monitoring_workbook

    require(request.user, "citizens.monitor")
    since, until = _period(request)
    data = selectors.monitoring(request.user, since=since, until=until)
    return file_response(
        monitoring_workbook(data, since, until),
        f"Theo dõi đơn thư {since:%d-%m-%Y} đến {until:%d-%m-%Y}.xlsx",
    )


@login_required
def monitoring_report(request: AuthenticatedHttpRequest) -> HttpResponse:
    require(request.user, "citizens.monitor")
    since, until = _period(request)
    data = selectors.monitoring(request.user, since=since, until=until)
    document, content = services.issue_report(by=request.user, since=since, until=until, data=data)
    return file_response(content, f"Báo cáo tiếp công dân {document.sequence}-{document.year}.docx")


@login_required
@require_POST
def urge(request: AuthenticatedHttpRequest) -> HttpResponse:
    require(request.user, "citizens.urge")
    ids = parse_ids(request.POST.getlist("cases"))[:500]
    chosen = list(
        Case.objects.visible_to(request.user).filter(pk__in=ids).select_related("letter", "organisation")
    )
    with handled(request) as outcome:
        document, content = services.urge_overdue(by=request.user, cases=chosen)
    if not outcome.ok:
        return redirect("citizens:monitoring")
    return file_response(content, f"Công văn đôn đốc {document.sequence}-{document.year}.docx")
