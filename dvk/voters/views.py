"""Screens of voter meetings and petitions: thin views over selectors (reads) and services
(writes). Out of scope is 404 (scoped lookups); visible but not allowed is 403; bad input
re-renders the form with the Vietnamese message."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django.views.decorators.http import require_POST

from dvk.attachments.services import attach, attachments_of
from dvk.core.access import require
from dvk.core.downloads import file_response
from dvk.core.errors import flash_form_errors, handled
from dvk.core.forms import FORM_TOKEN, read_form_token
from dvk.core.presentation import Look, buttons
from dvk.core.types import AuthenticatedHttpRequest
from dvk.core.validation import parse_id
from dvk.organisations.models import Organisation
from dvk.voters import lists, reports, selectors, services
from dvk.voters.entry import split_lines
from dvk.voters.forms import (
    AnswerForm,
    AssessForm,
    ClassifyForm,
    DeputyForm,
    ForwardForm,
    MeetingForm,
    MinutesForm,
    NoteForm,
    PetitionEditForm,
    RepeatForm,
    SessionForm,
)
from dvk.voters.models import Forward, Level, Meeting, Petition, PetitionField, Session
from dvk.voters.services import RowIn
from dvk.voters.workflow import PETITION_WORKFLOW, SESSION_WORKFLOW, ForwardStage, Outcome, PetitionStage

SESSION_LOOKS = {
    "open": Look("success"),
    "close": Look(
        "secondary", confirm=_lazy("Close this session? Its petitions without an answer are carried over.")
    ),
}
PETITION_LOOKS = {
    "close": Look("success", confirm=_lazy("Close this petition? It leaves the worklist.")),
    "unmark_repeat": Look("outline-secondary"),
    "reopen": Look("warning"),
}
BULK_ROWS = 12


def _apply(request: AuthenticatedHttpRequest, form: Any, write: Callable[[], Any]) -> Any:
    """Run one service call through the shared error mapping (dvk.core.errors.handled): a refusal
    goes on the form (re-rendered with what was typed) or, without a form, into the messages."""
    with handled(form if form is not None else request) as outcome:
        result = write()
    return result if outcome.ok else None


_int = parse_id


def _session(request: AuthenticatedHttpRequest, pk: int) -> Session:
    return get_object_or_404(selectors.sessions(user=request.user), pk=pk)


def _meeting(request: AuthenticatedHttpRequest, pk: int) -> Meeting:
    return get_object_or_404(
        Meeting.objects.visible_to(request.user).select_related(
            "session", "session__term", "front", "organisation"
        ),
        pk=pk,
    )


def _petition(request: AuthenticatedHttpRequest, pk: int) -> Petition:
    petition = selectors.petition_detail(user=request.user, pk=pk)
    if petition is None:
        raise Http404
    return petition


# --- Worklist --------------------------------------------------------------------------------


def _filters(request: AuthenticatedHttpRequest) -> selectors.PetitionFilters:
    g = request.GET
    return selectors.PetitionFilters(
        session=_int(g.get("session")),
        stage=g.get("stage", "") if g.get("stage", "") in {*PetitionStage.values, *Outcome.values} else "",
        field=g.get("field", "") if g.get("field", "") in PetitionField.values else "",
        level=g.get("level", "") if g.get("level", "") in Level.values else "",
        body=_int(g.get("body")),
        kind=g.get("kind", "") if g.get("kind", "") in Petition.Kind.values else "",
        overdue=g.get("overdue") == "1",
        carried=g.get("carried") == "1",
        q=g.get("q", "")[:200],
    )


@login_required
def worklist(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The standing office's petition worklist (everyone sees the petitions in their scope)."""
    require(request.user, "voters.view")
    filters = _filters(request)
    listing = lists.PETITIONS.bind(request)
    page = listing.page
    listing.rows  # noqa: B018 (labels and forwards attached to the page's rows, one query)
    visible_sessions = selectors.sessions(user=request.user).order_by("-opens_on")[:40]
    # order_by(): the model's ordering would enter the DISTINCT and sort every forward in scope
    body_ids = Forward.objects.visible_to(request.user).order_by().values("organisation_id").distinct()[:200]
    return render(
        request,
        "voters/worklist.html",
        {
            "listing": listing,
            "page": page,
            "filters": filters,
            "querystring": listing.querystring,
            "sessions": visible_sessions,
            "stages": [*PetitionStage.choices[:4], *Outcome.choices, *PetitionStage.choices[5:]],
            "fields": PetitionField.choices,
            "levels": Level.choices,
            "kinds": Petition.Kind.choices,
            "bodies": Organisation.objects.filter(pk__in=body_ids).only("pk", "name").order_by("name"),
        },
    )


# --- Terms and sessions ---------------------------------------------------------------------


@login_required
def session_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    require(request.user, "voters.view")
    listing = lists.SESSIONS.bind(request)
    return render(
        request,
        "voters/session_list.html",
        {
            "listing": listing,
            "page": listing.page,
            "terms": selectors.terms(user=request.user)[:20],
        },
    )


@login_required
def term_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    term = get_object_or_404(selectors.terms(user=request.user), pk=pk)
    can_manage = request.user.has_perm("voters.manage_session", term)
    session_form, deputy_form = SessionForm(prefix="s"), DeputyForm(prefix="d")
    if request.method == "POST":
        require(request.user, "voters.manage_session", term)
        if "s-number" in request.POST:
            session_form = SessionForm(request.POST, prefix="s")
            if session_form.is_valid():
                d = session_form.cleaned_data
                created = _apply(
                    request,
                    session_form,
                    lambda: services.create_session(
                        by=request.user,
                        term=term,
                        number=d["number"],
                        kind=d["kind"],
                        opens_on=d["opens_on"],
                        closes_on=d["closes_on"],
                        form_token=session_form.once_token,
                    ),
                )
                if created:
                    messages.success(request, _("Session created."))
                    return redirect("voters:session_detail", created.pk)
        else:
            deputy_form = DeputyForm(request.POST, prefix="d")
            if deputy_form.is_valid():
                d = deputy_form.cleaned_data
                if _apply(
                    request,
                    deputy_form,
                    lambda: services.add_deputy(
                        by=request.user,
                        term=term,
                        **{k: v for k, v in d.items() if k != FORM_TOKEN},
                        form_token=deputy_form.once_token,
                    ),
                ):
                    messages.success(request, _("Deputy added to the register."))
                    return redirect("voters:term_detail", term.pk)
    return render(
        request,
        "voters/term_detail.html",
        {
            "term": term,
            "sessions": term.sessions.order_by("opens_on"),
            "deputies": term.deputies.select_related("user"),
            "can_manage": can_manage,
            "session_form": session_form,
            "deputy_form": deputy_form,
        },
        status=400 if request.method == "POST" else 200,
    )


@login_required
def session_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    session = _session(request, pk)
    meetings = list(selectors.meetings(user=request.user, session=session))
    user = request.user
    return render(
        request,
        "voters/session_detail.html",
        {
            "session": session,
            "meetings": meetings,
            "buttons": buttons(SESSION_WORKFLOW.available(user, session), SESSION_LOOKS),
            "can_record": user.has_perm("voters.record_meeting", session),
            "can_publish": user.has_perm("voters.publish", session) and not session.answers_published_at,
            "can_report": user.has_perm("voters.view_report", session),
            "can_consolidate": user.has_perm("voters.consolidate", session),
        },
    )


@login_required
@require_POST
def session_action(request: AuthenticatedHttpRequest, pk: int, action: str) -> HttpResponse:
    session = _session(request, pk)
    form = NoteForm(request.POST)
    note = form.cleaned_data["note"] if form.is_valid() else ""
    if action not in SESSION_WORKFLOW.actions:
        raise Http404
    write = services.open_session if action == "open" else services.close_session
    if _apply(request, None, lambda: write(by=request.user, session=session, note=note)):
        messages.success(request, _("Done."))
    return redirect("voters:session_detail", session.pk)


@login_required
@require_POST
def session_publish(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    session = _session(request, pk)
    services.publish_answers(by=request.user, session=session)
    messages.success(request, _("The answers are published."))
    return redirect("voters:session_detail", session.pk)


@login_required
def repeat_suggestions(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    session = _session(request, pk)
    require(request.user, "voters.consolidate", session)
    return render(
        request,
        "voters/repeats.html",
        {"session": session, "suggestions": selectors.repeat_suggestions(user=request.user, session=session)},
    )


@login_required
def session_report(request: AuthenticatedHttpRequest, pk: int, fmt: str = "html") -> HttpResponse:
    session = _session(request, pk)
    require(request.user, "voters.view_report", session)
    rep = selectors.session_report(session)
    if fmt == "docx":
        return file_response(reports.docx(rep), f"Báo cáo kiến nghị cử tri kỳ họp {session.number}.docx")
    if fmt == "xlsx":
        return file_response(reports.xlsx(rep), f"Báo cáo kiến nghị cử tri kỳ họp {session.number}.xlsx")
    return render(
        request,
        "voters/report.html",
        {
            "session": session,
            "rep": rep,
            "summary": reports.summary_rows(rep),
            "labels": reports.status_labels(),
        },
    )


# --- Meetings and bulk entry ------------------------------------------------------------------


@login_required
def meeting_create(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    session = _session(request, pk)
    require(request.user, "voters.record_meeting", session)
    form = MeetingForm(request.POST or None, request.FILES or None, session=session)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data

        repeat = bool(form.once_token) and Meeting.objects.filter(form_token=form.once_token).exists()

        def write() -> Meeting:
            meeting = services.create_meeting(
                by=request.user,
                session=session,
                timing=d["timing"],
                held_on=d["held_on"],
                place=d["place"],
                front=d["front"],
                voters_present=d["voters_present"],
                deputies=list(d["deputies"]),
                notes=d["notes"],
                form_token=form.once_token,
            )
            if d.get("minutes") and not repeat:
                attach(target=meeting, upload=d["minutes"], by=request.user, kind="voters.minutes")
            return meeting

        meeting = _apply(request, form, write)
        if meeting:
            messages.success(request, _("Voter meeting recorded. Enter what the voters raised."))
            return redirect("voters:bulk_entry", meeting.pk)
    return render(
        request,
        "voters/meeting_form.html",
        {"session": session, "form": form},
        status=400 if form.errors else 200,
    )


@login_required
def meeting_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    meeting = _meeting(request, pk)
    petitions = list(
        Petition.objects.visible_to(request.user)
        .filter(meeting=meeting)
        .select_related("repeat_of")
        .order_by("id")
    )
    return render(
        request,
        "voters/meeting_detail.html",
        {
            "meeting": meeting,
            "petitions": petitions,
            "deputies": meeting.deputies.all(),
            "attachments": attachments_of(meeting),
            "can_record": request.user.has_perm("voters.record_meeting", meeting),
            "minutes_form": MinutesForm(),
        },
    )


@login_required
@require_POST
def meeting_minutes(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    meeting = _meeting(request, pk)
    require(request.user, "voters.record_meeting", meeting)
    form = MinutesForm(request.POST, request.FILES)
    if form.is_valid() and _apply(
        request,
        form,
        lambda: attach(
            target=meeting, upload=form.cleaned_data["minutes"], by=request.user, kind="voters.minutes"
        ),
    ):
        messages.success(request, _("Minutes attached."))
    else:  # the form's errors, or the file's refusal _apply put on the form: shown on the next page
        flash_form_errors(request, form)
    return redirect("voters:meeting_detail", meeting.pk)


def _posted_rows(request: AuthenticatedHttpRequest) -> list[dict[str, str]]:
    texts = request.POST.getlist("text")[: services.MAX_ROWS + 1]
    kinds = request.POST.getlist("kind")
    raised = request.POST.getlist("raised_by")
    rows = []
    for i, text in enumerate(texts):
        rows.append(
            {
                "text": text[: services.MAX_TEXT + 100],
                "kind": kinds[i] if i < len(kinds) else Petition.Kind.PETITION,
                "raised_by": (raised[i] if i < len(raised) else "")[:300],
            }
        )
    return rows


@login_required
def bulk_entry(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """One screen, many rows: type or paste the minutes' lines; Enter moves to the next row."""
    meeting = _meeting(request, pk)
    require(request.user, "voters.record_meeting", meeting)
    errors: dict[str, list[str]] = {}
    general: list[str] = []
    status = 200
    if request.method == "POST":
        rows = _posted_rows(request)
        pasted = request.POST.get("pasted", "")
        if pasted.strip():  # the no-script path: split the pasted block into rows and show them
            typed = [r for r in rows if r["text"].strip()]
            rows = typed + [{"text": t, "kind": k, "raised_by": ""} for k, t in split_lines(pasted[:200_000])]
        else:
            try:
                result = services.record_petitions(
                    by=request.user,
                    meeting=meeting,
                    rows=[RowIn(text=r["text"], kind=r["kind"], raised_by=r["raised_by"]) for r in rows],
                    token=read_form_token(request.POST),
                )
            except ValidationError as exc:
                status = 400
                for key, msgs in exc.message_dict.items():
                    if key.startswith("row-"):
                        errors[key] = msgs
                    else:
                        general.extend(msgs)
            else:
                if result.repeated:
                    messages.info(request, _("These rows were already saved; nothing was added twice."))
                else:
                    messages.success(
                        request, _("%(n)s opinions and petitions saved.") % {"n": len(result.petitions)}
                    )
                return redirect("voters:meeting_detail", meeting.pk)
    else:
        rows = []
    rows = rows + [
        {"text": "", "kind": Petition.Kind.PETITION, "raised_by": ""}
        for _i in range(max(BULK_ROWS - len(rows), 2))
    ]
    numbered = [dict(r, n=i, errors=errors.get(f"row-{i}", [])) for i, r in enumerate(rows, start=1)]
    return render(
        request,
        "voters/bulk_entry.html",
        {
            "meeting": meeting,
            "rows": numbered,
            "general": general,
            "kinds": Petition.Kind.choices,
        },
        status=status,
    )


# --- Petitions --------------------------------------------------------------------------------


@login_required
def petition_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    petition = _petition(request, pk)
    return _render_petition(request, petition)


def _render_petition(
    request: AuthenticatedHttpRequest, petition: Petition, status: int = 200, **forms: Any
) -> HttpResponse:
    user = request.user
    can_consolidate = user.has_perm("voters.consolidate", petition)
    forwards = list(petition.forwards.select_related("organisation", "answered_by").order_by("id"))
    context = {
        "petition": petition,
        "forwards": forwards,
        "events": petition.events.select_related("actor"),
        "repeats": petition.repeats.select_related("meeting"),
        "buttons": [
            b
            for b in buttons(PETITION_WORKFLOW.available(user, petition), PETITION_LOOKS)
            if b.action in {"unmark_repeat", "reopen", "close"}
        ],
        "can_consolidate": can_consolidate,
        "can_assess": user.has_perm("voters.assess", petition)
        and petition.stage in (PetitionStage.ANSWERED, PetitionStage.CLOSED),
        "classify_form": forms.get("classify_form")
        or ClassifyForm(initial={"field": petition.field, "level": petition.level}),
        "repeat_form": forms.get("repeat_form") or RepeatForm(),
        "forward_form": forms.get("forward_form")
        or (ForwardForm(petition=petition) if can_consolidate else None),
        "assess_form": forms.get("assess_form") or AssessForm(),
        "note_form": NoteForm(),
        "edit_form": forms.get("edit_form")  # a refused correction is shown with its error
        or (
            PetitionEditForm(
                initial={"text": petition.text, "raised_by": petition.raised_by, "kind": petition.kind}
            )
            if petition.stage in services.EDITABLE_STAGES
            and user.has_perm("voters.record_meeting", petition.meeting)
            else None
        ),
    }
    return render(request, "voters/petition_detail.html", context, status=status)


@login_required
@require_POST
def petition_edit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """Correct a petition typed from the minutes (audited), until it is forwarded."""
    petition = _petition(request, pk)
    require(request.user, "voters.record_meeting", petition.meeting)
    form = PetitionEditForm(request.POST)
    if form.is_valid() and _apply(
        request, form, lambda: services.edit_petition(by=request.user, petition=petition, **form.cleaned_data)
    ):
        messages.success(request, _("Saved."))
        return redirect("voters:petition_detail", petition.pk)
    return _render_petition(request, petition, status=422, edit_form=form)


@login_required
@require_POST
def petition_classify(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    petition = _petition(request, pk)
    require(request.user, "voters.consolidate", petition)
    form = ClassifyForm(request.POST)
    if form.is_valid() and _apply(
        request, form, lambda: services.classify(by=request.user, petition=petition, **form.cleaned_data)
    ):
        messages.success(request, _("Classified."))
        return redirect("voters:petition_detail", petition.pk)
    return _render_petition(request, petition, status=400, classify_form=form)


@login_required
@require_POST
def petition_repeat(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    petition = _petition(request, pk)
    require(request.user, "voters.consolidate", petition)
    form = RepeatForm(request.POST)
    if form.is_valid():
        primary = Petition.objects.visible_to(request.user).filter(pk=form.cleaned_data["of"]).first()
        if primary is None:
            form.add_error("of", _("No such petition in your scope."))
        elif _apply(
            request, form, lambda: services.mark_repeat(by=request.user, petition=petition, of=primary)
        ):
            messages.success(request, _("Confirmed as a repeat."))
            if request.POST.get("back") == "repeats":
                return redirect("voters:repeat_suggestions", petition.due_session_id)
            return redirect("voters:petition_detail", petition.pk)
    return _render_petition(request, petition, status=400, repeat_form=form)


@login_required
@require_POST
def petition_forward(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    petition = _petition(request, pk)
    require(request.user, "voters.consolidate", petition)
    form = ForwardForm(request.POST, petition=petition)
    if form.is_valid() and _apply(
        request,
        form,
        lambda: services.forward(
            by=request.user,
            petition=petition,
            bodies=list(form.cleaned_data["bodies"]),
            due_on=form.cleaned_data["due_on"],
        ),
    ):
        messages.success(request, _("Forwarded."))
        return redirect("voters:petition_detail", petition.pk)
    return _render_petition(request, petition, status=400, forward_form=form)


@login_required
@require_POST
def petition_action(request: AuthenticatedHttpRequest, pk: int, action: str) -> HttpResponse:
    petition = _petition(request, pk)
    writers: dict[str, Callable[..., Petition]] = {
        "unmark_repeat": services.unmark_repeat,
        "reopen": services.reopen,
        "close": services.close,
    }
    if action not in writers:
        raise Http404
    require(request.user, "voters.consolidate", petition)
    form = NoteForm(request.POST)
    note = form.cleaned_data["note"] if form.is_valid() else ""
    if _apply(request, None, lambda: writers[action](by=request.user, petition=petition, note=note)):
        messages.success(request, _("Done."))
    return redirect("voters:petition_detail", petition.pk)


@login_required
@require_POST
def petition_assess(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    petition = _petition(request, pk)
    require(request.user, "voters.assess", petition)
    form = AssessForm(request.POST)
    if form.is_valid() and _apply(
        request,
        form,
        lambda: services.assess(
            by=request.user,
            petition=petition,
            satisfied=form.cleaned_data["satisfied"],
            note=form.cleaned_data["note"],
        ),
    ):
        messages.success(request, _("Assessment recorded."))
        return redirect("voters:petition_detail", petition.pk)
    return _render_petition(request, petition, status=400, assess_form=form)


# --- The answering body ---------------------------------------------------------------------


@login_required
def forwarded(request: AuthenticatedHttpRequest) -> HttpResponse:
    """What was forwarded to the user's bodies, late ones first among those awaiting an answer."""
    require(request.user, "voters.view_forwarded")
    g = request.GET
    filters = selectors.ForwardFilters(
        stage=g.get("stage", "") if g.get("stage", "") in ForwardStage.values else "",
        overdue=g.get("overdue") == "1",
        session=_int(g.get("session")),
        q=g.get("q", "")[:200],
    )
    listing = lists.FORWARDED.bind(request)
    return render(
        request,
        "voters/forwarded.html",
        {
            "listing": listing,
            "page": listing.page,
            "filters": filters,
            "stages": ForwardStage.choices,
            "querystring": listing.querystring,
            "today": timezone.localdate(),
        },
    )


@login_required
def forward_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    f = get_object_or_404(
        Forward.objects.visible_to(request.user).select_related(
            "petition", "petition__meeting", "petition__due_session", "organisation"
        ),
        pk=pk,
    )
    can_answer = request.user.has_perm("voters.answer", f) and f.stage == ForwardStage.SENT
    form = AnswerForm(request.POST or None) if can_answer else None
    if request.method == "POST":
        require(request.user, "voters.answer", f)
        if form is None:
            messages.error(request, _("This forward has already been answered."))
            return redirect("voters:forward_detail", f.pk)
        if form.is_valid() and _apply(
            request, form, lambda: services.answer_forward(by=request.user, forward=f, **form.cleaned_data)
        ):
            messages.success(request, _("Answer sent."))
            return redirect("voters:forward_detail", f.pk)
    return render(
        request,
        "voters/forward_detail.html",
        {"f": f, "form": form, "events": f.events.select_related("actor")},
        status=400 if form is not None and form.errors else 200,
    )
