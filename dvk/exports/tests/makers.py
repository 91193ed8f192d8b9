"""Row makers for the list contract tests: `MAKERS[spec](n, token)` creates n rows of that list,
in the persona's body, whose search text contains `token`."""

from __future__ import annotations

from collections.abc import Callable


def _exemplars(n: int, token: str) -> None:
    from dvk.exemplars.factories import ExemplarFactory
    from dvk.exemplars.models import Cycle, FieldOfWork
    from dvk.exemplars.workflow import Stage
    from dvk.organisations.models import Organisation

    org = Organisation.objects.get(code="PT-DU-04897")
    field = FieldOfWork.objects.filter(parent__isnull=True).first()
    cycle = Cycle.objects.first()
    for i in range(n):
        ExemplarFactory(
            title=f"{token} {i:03d}", stage=Stage.IN_PROGRESS, organisation=org, field=field, cycle=cycle
        )


def _audit(n: int, token: str) -> None:
    from dvk.audit.models import AuditEvent
    from dvk.organisations.models import Organisation

    org = Organisation.objects.get(code="PT-DU-04897")
    AuditEvent.objects.bulk_create(
        AuditEvent(
            actor_name="xa.a",
            action="exemplars.register",
            target_type="exemplars.exemplar",
            target_id=token,
            target_repr=f"Mô hình {token} {i:03d}",
            organisation=org,
            changes={"stage": ["draft", "registered"]},
        )
        for i in range(n)
    )


def _plans(n: int, token: str) -> None:
    from dvk.organisations.models import Organisation
    from dvk.plans.factories import PlanFactory

    org = Organisation.objects.get(code="PT-DU-04897")
    for i in range(n):
        PlanFactory(title=f"Kế hoạch {token} {i:03d}", organisation=org)


def _my_assignments(n: int, token: str) -> None:
    from dvk.organisations.models import Organisation
    from dvk.plans.factories import AssignmentFactory, PlanFactory, TaskFactory
    from dvk.plans.workflow import PlanStage

    org = Organisation.objects.get(code="PT-DU-04897")
    plan = PlanFactory(title=f"Kế hoạch {token}", organisation=org, stage=PlanStage.ISSUED)
    for i in range(n):
        AssignmentFactory(task=TaskFactory(plan=plan, title=f"Nhiệm vụ {i:03d}"), organisation=org)


def _documents(n: int, token: str) -> None:
    from django.db import transaction
    from django.utils import timezone

    from dvk.accounts.models import User
    from dvk.documents import services
    from dvk.documents.models import DocType
    from dvk.organisations.models import Organisation

    org = Organisation.objects.get(code="PT-DU-04897")
    user = User.objects.get(username="xa.a")
    with transaction.atomic():
        for i in range(n):
            services.issue(
                organisation=org,
                doc_type=DocType.REPORT if hasattr(DocType, "REPORT") else DocType.values[0],
                title=f"Báo cáo {token} {i:03d}",
                by=user,
                issued_on=timezone.localdate(),
                signer_name="Đinh Công Thắng",
                recipients=["Như trên", "Lưu VP"],
            )


_SEQ = {"n": 800000}


def _citizens_rows(n: int, token: str, cases: bool) -> None:
    from django.utils import timezone

    from dvk.citizens.models import Case, Channel, Letter
    from dvk.citizens.workflow import Kind
    from dvk.organisations.models import Organisation

    org = Organisation.objects.get(code="PT-UBND-04897")  # tiepdan.xa's People's Committee
    today = timezone.localdate()
    for i in range(n):
        _SEQ["n"] += 1
        letter = Letter.objects.create(
            organisation=org,
            year=today.year,
            seq=_SEQ["n"],
            received_on=today,
            channel=Channel.POST,
            kind=Kind.PETITION,
            summary=f"Kiến nghị {token} {i:03d} về đường giao thông nội đồng.",
        )
        if cases:
            Case.objects.create(
                organisation=org, letter=letter, kind=Kind.PETITION, summary=letter.summary, received_on=today
            )


def _meeting():
    """A demo voter meeting whose petitions hdnd.tinh sees and xa.b does not."""
    from dvk.accounts.models import User
    from dvk.voters.models import Meeting, Petition

    hdnd, outsider = User.objects.get(username="hdnd.tinh"), User.objects.get(username="xa.b")
    for m in Meeting.objects.order_by("id"):
        mine = Petition.objects.visible_to(hdnd).filter(meeting=m).exists()
        if mine and not Petition.objects.visible_to(outsider).filter(meeting=m).exists():
            return m
    raise AssertionError("no demo meeting fits")


def _petitions(n: int, token: str) -> list:
    from dvk.voters.models import Petition

    m = _meeting()
    return [
        Petition.objects.create(meeting=m, text=f"Kiến nghị {token} {i:03d} về nước sạch.") for i in range(n)
    ]


def _forwards(n: int, token: str) -> None:
    import datetime as dt

    from django.utils import timezone

    from dvk.organisations.models import Organisation
    from dvk.voters.models import Forward

    org = Organisation.objects.get(code="PT-SNV")  # so.a's department
    today = timezone.localdate()
    for i, p in enumerate(_petitions(n, token)):
        Forward.objects.create(
            petition=p, organisation=org, sent_on=today, due_on=today + dt.timedelta(days=i)
        )


def _front(n: int, token: str, critiques: bool) -> None:
    from django.utils import timezone

    from dvk.accounts.models import User
    from dvk.front.models import Critique, Supervision
    from dvk.organisations.models import Organisation

    front = Organisation.objects.get(code="PT-MTTQ")  # mttq.tinh's committee
    other = Organisation.objects.get(code="PT-SNV")
    by = User.objects.get(username="mttq.tinh")
    for i in range(n):
        if critiques:
            Critique.objects.create(
                organisation=front,
                drafting_body=other,
                title=f"Dự thảo {token} {i:03d}",
                received_on=timezone.localdate(),
                created_by=by,
            )
        else:
            Supervision.objects.create(
                organisation=front, supervised=other, title=f"Giám sát {token} {i:03d}", created_by=by
            )


def _reception_sessions(n: int, token: str) -> None:
    import datetime as dt

    from django.utils import timezone

    from dvk.citizens.models import ReceptionSession
    from dvk.organisations.models import Organisation

    org = Organisation.objects.get(code="PT-UBND-04897")
    today = timezone.localdate()
    for i in range(n):
        ReceptionSession.objects.create(
            organisation=org,
            held_on=today - dt.timedelta(days=i),
            place=f"Hội trường {token} {i:03d}",
            leader_name="Chủ tịch UBND xã",
        )


def _programmes(n: int, token: str) -> None:
    from django.utils import timezone

    from dvk.accounts.models import User
    from dvk.organisations.models import Organisation
    from dvk.plans.models import SupervisionProgramme

    org = Organisation.objects.get(code="PT-DU-04897")
    by = User.objects.get(username="xa.a")
    for i in range(n):
        SupervisionProgramme.objects.create(
            organisation=org,
            title=f"Chương trình giám sát {token} {i:03d}",
            starts_on=timezone.localdate(),
            created_by=by,
        )


def _recommendations(n: int, token: str) -> None:
    import datetime as dt

    from django.utils import timezone

    from dvk.accounts.models import User
    from dvk.front.models import Recommendation, Supervision
    from dvk.organisations.models import Organisation

    front = Organisation.objects.get(code="PT-MTTQ")
    other = Organisation.objects.get(code="PT-SNV")
    by = User.objects.get(username="mttq.tinh")
    sup = Supervision.objects.create(
        organisation=front, supervised=other, title=f"Giám sát {token}", created_by=by
    )
    today = timezone.localdate()
    for i in range(n):
        Recommendation.objects.create(
            supervision=sup,
            organisation=front,
            addressee=other,
            text=f"Kiến nghị {token} {i:03d}",
            due_on=today + dt.timedelta(days=i),
        )


_SESSION = {"n": 700}


def _voter_sessions(n: int, token: str) -> None:
    import datetime as dt

    from dvk.voters.models import Session, Term

    term = Term.objects.get(organisation__code="PT-HDND")
    for i in range(n):
        _SESSION["n"] += 1
        Session.objects.create(
            term=term, number=_SESSION["n"], opens_on=dt.date(2027, 1, 1) + dt.timedelta(days=i)
        )


def _campaign():
    from django.utils import timezone

    from dvk.organisations.models import Organisation
    from dvk.plans.models import Campaign

    campaign = Campaign.objects.order_by("id").first()
    if campaign is None:
        campaign = Campaign.objects.create(
            organisation=Organisation.objects.get(code="PT-DU-04897"),
            name="Tháng dân vận",
            starts_on=timezone.localdate(),
            ends_on=timezone.localdate(),
        )
    return campaign


def _activities(n: int, token: str) -> None:
    from django.utils import timezone

    from dvk.accounts.models import User
    from dvk.organisations.models import Organisation
    from dvk.plans.models import Activity

    org = Organisation.objects.get(code="PT-DU-04897")
    by = User.objects.get(username="xa.a")
    campaign = _campaign()
    for i in range(n):
        Activity.objects.create(
            campaign=campaign,
            organisation=org,
            title=f"Ra quân {token} {i:03d}",
            held_on=timezone.localdate(),
            participants=10 + i,
            figures={"x": i},
            created_by=by,
        )


def campaign_url() -> str:
    return f"/ke-hoach/chien-dich/{_campaign().pk}/"


def _queue(n: int, token: str) -> None:
    """Models under review by the provincial council (hoidong.1 sits on it)."""
    from django.utils import timezone

    from dvk.accounts.models import User
    from dvk.exemplars.factories import ExemplarFactory
    from dvk.exemplars.models import Council, CriteriaSet, Cycle, FieldOfWork, Kind, Level, Nomination
    from dvk.exemplars.workflow import Stage
    from dvk.organisations.models import Organisation

    council = Council.objects.get(organisation__code="PT-HDTD", cycle=Cycle.current())
    org = Organisation.objects.get(code="PT-DU-04897")
    by = User.objects.get(username="xa.a")
    for i in range(n):
        e = ExemplarFactory(
            title=f"{token} {i:03d}",
            stage=Stage.UNDER_REVIEW,
            organisation=org,
            cycle=Cycle.current(),
            level=Level.PROVINCE,
            field=FieldOfWork.objects.get(code="kinh-te"),
            created_by=by,
        )
        e.current_nomination = Nomination.objects.create(
            exemplar=e,
            cycle=e.cycle,
            level=e.level,
            criteria_set=CriteriaSet.in_force(Kind.COLLECTIVE),
            nominated_by=by,
            nominated_on=timezone.localdate(),
            council=council,
            review_opened_at=timezone.now(),
        )
        e.save()


def register_url() -> str:
    from django.utils import timezone

    from dvk.organisations.models import Organisation

    org = Organisation.objects.get(code="PT-DU-04897")
    return f"/so-van-ban/{org.pk}/{timezone.localdate().year}/"


def _bodies(n: int, token: str) -> None:
    from dvk.organisations.factories import OrganisationFactory
    from dvk.organisations.models import Organisation

    commune = Organisation.objects.get(code="PT-DU-04897")
    for i in range(n):
        OrganisationFactory(
            code=f"T-{token}-{i:03d}",
            name=f"Chi bộ {token} {i:03d}",
            kind=commune.kind,
            parent=commune,
            unit=commune.unit,
        )


MAKERS: dict[str, Callable[[int, str], None]] = {
    "exemplars.list": _exemplars,
    "audit.list": _audit,
    "plans.list": _plans,
    "plans.my_assignments": _my_assignments,
    "documents.register": _documents,
    "citizens.cases": lambda n, token: _citizens_rows(n, token, cases=True),
    "citizens.letters": lambda n, token: _citizens_rows(n, token, cases=False),
    "voters.petitions": _petitions,
    "voters.forwarded": _forwards,
    "front.supervisions": lambda n, token: _front(n, token, critiques=False),
    "front.critiques": lambda n, token: _front(n, token, critiques=True),
    "citizens.sessions": _reception_sessions,
    "plans.supervision": _programmes,
    "front.recommendations": _recommendations,
    "voters.sessions": _voter_sessions,
    "plans.activities": _activities,
    "exemplars.queue": _queue,
    "organisations.bodies": _bodies,
}
