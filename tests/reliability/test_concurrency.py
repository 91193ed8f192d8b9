"""Concurrent double submits and concurrent workflow actions on the same object, per domain, through
the API and the pages (Django's test client, one thread and one database connection each, released
together by a barrier) against PostgreSQL: exactly one effect — one event row, one audit row, one
record, no notification twice — and every other request answers the same result or a clear 4xx.

The tests commit for real (the threads must see each other's rows), so they run in one module-
scoped live database (`live_db`): each builds its own objects, and the demo province is loaded
again once at the end. Skipped on SQLite, where one database lock serialises every writer.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter

import pytest
from django.test import Client
from django.utils import timezone

from tests.reliability.conftest import Marks, race

pytestmark = pytest.mark.usefixtures("live_db")

COMMUNE = "PT-DU-04897"  # xa.a's Đảng ủy xã Thịnh Minh
COMMUNE_UBND = "PT-UBND-04897"  # tiepdan.xa, chutich.xa


def test_the_personas_the_races_use_are_loaded(db):
    """Also what makes pytest-django set the test database up when this module runs alone: the
    race tests themselves ask for no `db` (they commit for real, through `live_db`)."""
    from dvk.accounts.models import User

    names = {"xa.a", "hoidong.1", "hoidong.2", "lanhdao.bdv", "tinh.bdv", "tiepdan.xa", "chutich.xa"}
    names |= {"hdnd.tinh", "so.a", "duthao.so"}
    assert set(User.objects.filter(username__in=names).values_list("username", flat=True)) == names


def user(username: str):
    from dvk.accounts.models import User

    return User.objects.get(username=username)


def org(code: str):
    from dvk.organisations.models import Organisation

    return Organisation.objects.get(code=code)


def no_duplicate_notifications(mark: Marks) -> list[tuple[int, str]]:
    rows = mark.notifications()
    doubles = [k for k, n in Counter(rows).items() if n > 1]
    assert not doubles, f"notified twice: {doubles}"
    return rows


def statuses(answers) -> Counter:
    return Counter(a.status for a in answers)


# --- exemplars ------------------------------------------------------------------------------------


def exemplar_at(stage: str):
    """An exemplar of xa.a's commune at `stage`, with what that stage implies (as the exemplars
    tests' `make` fixture builds it, without their function-scoped fixtures)."""
    from dvk.exemplars.factories import ExemplarFactory
    from dvk.exemplars.models import (
        Council,
        CriteriaSet,
        Cycle,
        Exemplar,
        FieldOfWork,
        Kind,
        Level,
        Nomination,
    )
    from dvk.exemplars.tests.conftest import NOMINATED_STAGES, REVIEW_STAGES, add_dossier
    from dvk.exemplars.workflow import Stage

    exemplar = ExemplarFactory(
        stage=stage,
        organisation=org(COMMUNE),
        cycle=Cycle.current(),
        created_by=user("xa.a"),
        kind=Kind.COLLECTIVE,
        level=Level.PROVINCE,
        field=FieldOfWork.objects.get(code="kinh-te"),
        started_on=timezone.localdate() - dt.timedelta(days=800),
    )
    if stage in NOMINATED_STAGES:
        council = Council.objects.get(organisation__code="PT-HDTD", cycle=Cycle.current())
        exemplar.current_nomination = Nomination.objects.create(
            exemplar=exemplar,
            cycle=exemplar.cycle,
            level=exemplar.level,
            criteria_set=CriteriaSet.in_force(Kind.COLLECTIVE),
            nominated_by=user("xa.a"),
            nominated_on=timezone.localdate(),
            council=council if stage in REVIEW_STAGES else None,
            review_opened_at=timezone.now() if stage in REVIEW_STAGES else None,
        )
        exemplar.save()
    if stage == Stage.IN_PROGRESS:
        add_dossier(exemplar, user("xa.a"))
    return Exemplar.objects.get(pk=exemplar.pk)


def full_scores(exemplar, share: float = 0.9) -> list[dict]:
    criteria = exemplar.current_nomination.criteria_set.criteria.all()
    return [{"criterion_id": c.pk, "score": round(float(c.max_score) * share, 1)} for c in criteria]


def test_nominate_at_once_nominates_once(api):
    from dvk.exemplars.models import Nomination
    from dvk.exemplars.workflow import Stage

    exemplar = exemplar_at(Stage.IN_PROGRESS)
    post = api("xa.a")
    mark = Marks()
    answers = race([lambda: post(f"/api/v1/exemplars/{exemplar.pk}/actions/nominate", {"note": ""})] * 4)
    assert set(statuses(answers)) == {200}, answers
    assert {a.body["stage"] for a in answers} == {Stage.NOMINATED}
    assert exemplar.events.filter(action="nominate").count() == 1
    assert mark.audit_rows("exemplars.nominate", exemplar) == 1
    assert Nomination.objects.filter(exemplar=exemplar).count() == 1
    no_duplicate_notifications(mark)


def test_the_same_scores_sent_at_once_are_one_sheet_and_one_audit_row(api):
    from dvk.exemplars.models import Score, ScoreSheet
    from dvk.exemplars.workflow import Stage

    exemplar = exemplar_at(Stage.UNDER_REVIEW)
    payload = {"scores": full_scores(exemplar), "comment": "Mô hình hiệu quả."}
    post = api("hoidong.1")
    mark = Marks()
    answers = race([lambda: post(f"/api/v1/exemplars/{exemplar.pk}/scores", payload)] * 4)
    assert set(statuses(answers)) == {201}, answers
    sheets = ScoreSheet.objects.filter(nomination=exemplar.current_nomination)
    assert sheets.count() == 1
    assert Score.objects.filter(sheet__in=sheets).count() == len(payload["scores"])
    nomination = exemplar.current_nomination
    assert mark.audit_rows("exemplars.score", nomination) == 1
    assert mark.audit_rows("exemplars.rescore", nomination) == 0  # the same scores again change nothing


def test_recognise_at_once_issues_one_decision_with_one_number(api):
    from dvk.documents.models import Document
    from dvk.exemplars.models import Decision
    from dvk.exemplars.services import submit_scores
    from dvk.exemplars.workflow import Stage

    exemplar = exemplar_at(Stage.UNDER_REVIEW)
    for member in ("hoidong.1", "hoidong.2"):
        scores = [(s["criterion_id"], s["score"]) for s in full_scores(exemplar)]
        submit_scores(exemplar=exemplar, by=user(member), scores=scores)
    leader = api("lanhdao.bdv")
    coordinator = api("tinh.bdv")  # may not recognise: 403, whatever the timing
    url = f"/api/v1/exemplars/{exemplar.pk}/actions/recognise"
    mark = Marks()
    last_document = Document.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    answers = race([lambda: leader(url, {"note": ""})] * 3 + [lambda: coordinator(url, {"note": ""})])
    # The coordinator may not recognise: 403, or 409 once the leader has (the stage is checked first).
    assert statuses(answers)[200] == 3 and answers[3].status in (403, 409), answers
    assert Decision.objects.filter(exemplar=exemplar).count() == 1
    # One register entry of each kind a recognition writes (the council's minutes, the decision).
    issued = Counter(Document.objects.filter(pk__gt=last_document).values_list("doc_type", flat=True))
    assert issued["QĐ"] == 1 and set(issued.values()) == {1}, issued
    assert exemplar.events.filter(action="recognise").count() == 1
    assert mark.audit_rows("exemplars.recognise", exemplar) == 1
    no_duplicate_notifications(mark)


# --- plans ------------------------------------------------------------------------------------------


def issued_plan(number: str):
    """A plan of the provincial Ban with one task assigned to xa.a's and xa.b's bodies."""
    from dvk.plans import services

    tinh, today = user("tinh.bdv"), timezone.localdate()
    plan = services.create_plan(
        by=tinh,
        organisation=org("PT-BTGDV"),
        title="Kế hoạch kiểm thử đồng thời",
        number=number,
        issued_on=today - dt.timedelta(days=20),
    )
    services.add_task(
        by=tinh,
        plan=plan,
        title="Báo cáo kết quả thực hiện",
        due_on=today - dt.timedelta(days=2),
        assignees=[org(COMMUNE), org("PT-DU-05089")],
    )
    services.issue_plan(by=tinh, plan=plan)
    return plan


@pytest.mark.parametrize("with_key", [False, True], ids=["double-click", "idempotency-key"])
def test_the_same_report_sent_at_once_is_filed_once(api, with_key):
    from dvk.plans.models import Report

    plan = issued_plan(f"{901 + with_key}-KH/BTGDVTU")
    assignment = plan.assignments.get(organisation__code=COMMUNE)
    post = api("xa.a")
    headers = {"Idempotency-Key": f"report-{assignment.pk}"} if with_key else {}
    payload = {"summary": "Đã tổ chức 3 hội nghị quán triệt.", "progress_percent": 70}
    mark = Marks()
    answers = race([lambda: post(f"/api/v1/assignments/{assignment.pk}/reports", payload, **headers)] * 4)
    assert set(statuses(answers)) <= {200, 201} and statuses(answers)[201] >= 1, answers
    assert len({a.body["id"] for a in answers}) == 1  # every answer is the one report
    assert Report.objects.filter(assignment=assignment).count() == 1
    assert assignment.events.filter(action="submit").count() == 1
    report = Report.objects.get(assignment=assignment)
    assert mark.audit_rows("plans.report.submit", report) == 1
    assert no_duplicate_notifications(mark), "the reviewers were told"


def test_one_reminder_letter_when_the_urge_form_is_posted_at_once(persona_client):
    from dvk.documents.models import Document
    from dvk.plans.models import UrgeLetter

    plan = issued_plan("903-KH/BTGDVTU")
    late = list(plan.assignments.values_list("pk", flat=True))
    form = {
        "plan": plan.pk,
        "assignment": late,
        "message": "Đề nghị báo cáo ngay.",
        "form_token": "urge-once",
    }
    clients = [persona_client("tinh.bdv") for _ in range(4)]
    mark = Marks()
    answers = race([lambda c=c: c.post("/ke-hoach/theo-doi/don-doc/", form) for c in clients])
    assert {r.status_code for r in answers} == {302}
    letters = UrgeLetter.objects.filter(plan=plan)
    assert letters.count() == 1
    letter = letters.get()
    assert mark.audit_rows("plans.urge", letter) == 1
    cv = Document.objects.filter(organisation=letter.organisation, doc_type="CV", year=letter.sent_on.year)
    sequences = sorted(cv.values_list("sequence", flat=True))
    assert sequences == list(range(sequences[0], sequences[0] + len(sequences)))  # no gap left behind
    no_duplicate_notifications(mark)


# --- citizens ---------------------------------------------------------------------------------------


def new_case(kind: str = "complaint", stage: str | None = None):
    from dvk.citizens import services
    from dvk.citizens.models import Case, Channel

    letter = services.register_letter(
        by=user("tiepdan.xa"),
        organisation=org(COMMUNE_UBND),
        received_on=timezone.localdate(),
        channel=Channel.IN_PERSON,
        kind=kind,
        summary="Khiếu nại việc cấp giấy chứng nhận quyền sử dụng đất chậm so với quy định.",
        name="Hà Thị Kiểm Thử",
        phone="0900111222",
    )
    case = letter.cases.order_by("id").first()
    if stage:
        today = timezone.localdate()
        Case.objects.filter(pk=case.pk).update(
            stage=stage, accepted_on=today - dt.timedelta(days=3), decided_on=today - dt.timedelta(days=1)
        )
    return Case.objects.get(pk=case.pk)


@pytest.mark.parametrize(
    ("action", "stage", "extra"),
    [
        ("accept", None, {}),
        ("forward", None, {"note": "Không thuộc thẩm quyền của xã."}),
        ("close", "decided", {}),
    ],
)
def test_a_case_action_sent_at_once_applies_once(api, action, stage, extra):
    from dvk.citizens.models import Case

    case = new_case(stage=stage)
    if action == "forward":
        extra = {**extra, "to_id": org("PT-SNNMT").pk}
    payload = {"note": "", **extra}
    officer, leader = api("tiepdan.xa"), api("chutich.xa")
    url = f"/api/v1/citizens/cases/{case.pk}/actions/{action}"
    cases_before = Case.objects.count()
    mark = Marks()
    answers = race([lambda: officer(url, payload)] * 3 + [lambda: leader(url, payload)])
    # The officer's repeats are harmless (the same case back); the leader, acting second, is told
    # the case has moved on (409) — or acts first, and then the officer gets the 409s.
    assert set(statuses(answers)) <= {200, 409} and statuses(answers)[200] >= 1, answers
    case.refresh_from_db()
    assert case.events.filter(action=action).count() == 1
    assert mark.audit_rows(f"citizens.complaint.{action}", case) == 1
    if action == "forward":
        assert Case.objects.count() - cases_before <= 1  # at most the receiving body's one record
    no_duplicate_notifications(mark)


def test_public_letters_with_the_same_idempotency_key_are_one_letter():
    from dvk.citizens.forms import public_bodies
    from dvk.citizens.models import Letter

    body = public_bodies().first()
    payload = {
        "organisation_id": body.pk,
        "kind": "petition",
        "summary": "Đề nghị sửa đường liên thôn bị sạt lở sau mưa lớn.",
        "name": "Nguyễn Văn Gửi",
        "phone": "0912000111",
        "address": "Thôn Mới",
    }

    def send():
        client = Client(headers={"Idempotency-Key": "same-letter-key"}, REMOTE_ADDR="10.0.0.9")
        r = client.post("/api/v1/citizens/public/letters", payload, content_type="application/json")
        return r.status_code, r.json()

    before = Letter.objects.count()
    answers = race([send] * 4)
    assert sorted(s for s, _ in answers) == [200, 200, 200, 201], answers  # one created, three found
    assert len({b["receipt_number"] for _, b in answers}) == 1
    assert Letter.objects.count() == before + 1


def test_the_public_form_posted_at_once_with_one_token_is_one_letter():
    from dvk.citizens.models import Letter

    form = {
        "organisation": org(COMMUNE_UBND).pk,
        "kind": "reflection",
        "name": "Quách Văn Bấm Hai Lần",
        "phone": "0933444777",
        "summary": "Đèn đường thôn Mới hỏng đã hai tháng, đề nghị sửa chữa sớm cho bà con đi lại.",
        "form_token": "public-form-once",
    }
    clients = [Client(REMOTE_ADDR=f"10.0.1.{i}") for i in range(4)]  # the hourly limit counts per address
    before = Letter.objects.count()
    answers = race([lambda c=c: c.post("/gui-kien-nghi-phan-anh/", form) for c in clients])
    assert {r.status_code for r in answers} == {302}, [r.status_code for r in answers]
    assert {r["Location"] for r in answers} == {"/gui-kien-nghi-phan-anh/da-gui/"}
    assert Letter.objects.count() == before + 1


# --- voters -----------------------------------------------------------------------------------------


def test_forward_a_petition_at_once_makes_one_forward_per_body(api):
    from dvk.voters.models import Forward, Petition
    from dvk.voters.workflow import PetitionStage

    petition = Petition.objects.filter(stage=PetitionStage.CLASSIFIED).order_by("pk").first()
    if petition is None:
        pytest.skip("the demo has no classified petition")
    body = org("PT-SNV")
    post = api("hdnd.tinh")
    url = f"/api/v1/voters/petitions/{petition.pk}/forward"
    mark = Marks()
    answers = race([lambda: post(url, {"body_ids": [body.pk], "note": ""})] * 4)
    assert set(statuses(answers)) <= {200, 409} and statuses(answers)[200] >= 1, answers
    assert Forward.objects.filter(petition=petition, organisation=body).count() == 1
    assert petition.events.filter(action="forward").count() == 1
    assert mark.audit_rows("voters.petition.forward", petition) == 1
    no_duplicate_notifications(mark)


def test_answer_a_forward_at_once_answers_once(api):
    from dvk.accounts.models import User
    from dvk.voters.models import Forward
    from dvk.voters.workflow import ForwardStage

    forward = (
        Forward.objects.filter(stage=ForwardStage.SENT, organisation__code="PT-SNV").order_by("pk").first()
    )
    if forward is None:
        pytest.skip("the demo has no forward awaiting the Sở Nội vụ's answer")
    assert User.objects.filter(username="so.a").exists()
    post = api("so.a")
    payload = {"outcome": "resolved", "answer": "Sở đã bố trí kinh phí sửa chữa trong quý tới."}
    mark = Marks()
    answers = race([lambda: post(f"/api/v1/voters/forwards/{forward.pk}/answer", payload)] * 4)
    assert set(statuses(answers)) <= {200, 409} and statuses(answers)[200] >= 1, answers
    assert forward.events.filter(action="answer").count() == 1
    assert mark.audit_rows("voters.forward.answer", forward) == 1
    no_duplicate_notifications(mark)


# --- the Front --------------------------------------------------------------------------------------


def test_answer_a_comment_at_once_writes_one_answer(api):
    from dvk.front.models import Comment, Critique
    from dvk.front.workflow import CritiqueStage

    comment = Comment.objects.filter(critique__drafting_body__code="PT-SNNMT").order_by("pk").first()
    if comment is None:
        pytest.skip("the demo has no comment on a draft of Sở Nông nghiệp và Môi trường (duthao.so)")
    # The critique document received, the comment shown and not answered yet: what the drafting body answers.
    Critique.objects.filter(pk=comment.critique_id).update(stage=CritiqueStage.SENT)
    Comment.objects.filter(pk=comment.pk).update(
        moderation=Comment.Moderation.APPROVED, answer="", explanation=""
    )
    post = api("duthao.so")
    payload = {"answer": "accepted", "explanation": ""}
    mark = Marks()
    answers = race([lambda: post(f"/api/v1/front/comments/{comment.pk}/answer", payload)] * 4)
    assert set(statuses(answers)) == {200}, answers
    comment.refresh_from_db()
    assert comment.answer == "accepted"
    assert mark.audit_rows("front.comment.answer", comment) == 1  # the same answer again changes nothing


# --- documents --------------------------------------------------------------------------------------


def test_decisions_recognised_at_once_take_consecutive_numbers(api):
    """Four exemplars recognised at the same moment: four decisions, four distinct consecutive
    numbers in the Ban's register (the register's own thread test is in dvk/documents)."""
    from dvk.documents.models import Document
    from dvk.exemplars.models import Decision
    from dvk.exemplars.services import submit_scores
    from dvk.exemplars.workflow import Stage

    exemplars = [exemplar_at(Stage.UNDER_REVIEW) for _ in range(4)]
    for exemplar in exemplars:
        for member in ("hoidong.1", "hoidong.2"):
            scores = [(s["criterion_id"], s["score"]) for s in full_scores(exemplar)]
            submit_scores(exemplar=exemplar, by=user(member), scores=scores)
    leader = api("lanhdao.bdv")
    answers = race(
        [lambda e=e: leader(f"/api/v1/exemplars/{e.pk}/actions/recognise", {"note": ""}) for e in exemplars]
    )
    assert set(statuses(answers)) == {200}, answers
    decisions = Decision.objects.filter(exemplar__in=exemplars).select_related("document")
    assert decisions.count() == 4
    docs = Document.objects.filter(pk__in=[d.document_id for d in decisions if d.document_id])
    assert docs.count() == 4
    (org_id, doc_type, year), *rest = {(d.organisation_id, d.doc_type, d.year) for d in docs}
    assert not rest
    mine = sorted(docs.values_list("sequence", flat=True))
    register = sorted(
        Document.objects.filter(organisation_id=org_id, doc_type=doc_type, year=year).values_list(
            "sequence", flat=True
        )
    )
    assert len(set(mine)) == 4 and register == list(range(1, len(register) + 1))  # unique and gapless


# --- the scheduler started twice ----------------------------------------------------------------------


def test_schedulers_started_twice_enqueue_each_job_once_and_send_no_second_digest():
    """Three schedulers tick at the same moment (the same time slots): every job is enqueued once
    in all (the unique (name, slot) row), and the digests they send reach each user once; a
    scheduler ticking again the next day's slot sends no second digest of the same day."""
    from dvk.core.management.commands.run_scheduler import due_jobs, tick
    from dvk.core.models import ScheduledRun
    from dvk.notifications.models import Notification

    digest_kinds = ("plans.reminder", "voters.reminder")

    jobs = sorted(job.name for job in due_jobs())
    assert {"plans.reminders", "voters.reminders"} <= set(jobs), jobs
    now = timezone.now() + dt.timedelta(days=3650)  # slots no scheduler has claimed yet
    claimed = ScheduledRun.objects.count()
    mark = Marks()
    started = race([lambda: tick(now)] * 3)
    assert sorted(n for names in started for n in names) == jobs  # each job once, whoever claimed it
    assert ScheduledRun.objects.count() == claimed + len(jobs)
    no_duplicate_notifications(mark)
    digests = Notification.objects.filter(kind__in=digest_kinds)
    sent = digests.filter(pk__gt=mark.note).count()
    assert tick(now + dt.timedelta(minutes=61))  # the next hour's slot: the hourly jobs run again
    assert digests.filter(pk__gt=mark.note).count() == sent  # today's digests are not sent twice
