"""Issue 10, the exemplars side: councils formed in the app by the body that forms them, a
commune-level model reviewed by its commune council and recognised by the Đảng ủy xã with the
number, date and signer chosen, the level corrected before review, one definition per figure,
and the excluded member told why."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from django.utils import timezone

from dvk.audit.models import AuditEvent
from dvk.documents.models import Document
from dvk.exemplars import selectors
from dvk.exemplars.dashboard import widgets
from dvk.exemplars.demo_councils import WAITING_TITLE
from dvk.exemplars.models import Council, CouncilExclusion, Cycle, Decision, Exemplar, Level
from dvk.exemplars.workflow import Stage
from dvk.organisations.models import Organisation


def _score_form(exemplar: Exemplar, share: float = 0.9) -> dict[str, str]:
    criteria = exemplar.current_nomination.criteria_set.criteria.all()
    return {f"c{c.pk}": str(round(c.max_score * share)) for c in criteria} | {"comment": "Đạt"}


def test_the_demo_has_a_commune_council_for_each_demo_commune(db):
    cycle = Cycle.current()
    for code, secretary in (("PT-DU-04897", "xa.a"), ("PT-DU-05089", "xa.b")):
        council = Council.objects.get(organisation__code=code, level=Level.COMMUNE, cycle=cycle)
        roles = dict(council.members.values_list("user__username", "role"))
        assert list(roles.values()).count("chair") == 1 and roles[secretary] == "secretary"
        assert council.deciding_body == council.organisation and council.decision_number


def test_the_councils_page_is_scoped_to_the_forming_body(client_for):
    page = client_for("xa.a").get("/mo-hinh/hoi-dong/")
    assert page.status_code == 200
    names = [c.name for c, _can in page.context["rows"]]
    assert any("Thịnh Minh" in n for n in names) and not any("Cao Phong" in n for n in names)
    assert "125-QĐ/ĐU" in page.content.decode()
    cao_phong = Council.objects.get(organisation__code="PT-DU-05089", cycle=Cycle.current())
    assert client_for("xa.a").get(f"/mo-hinh/hoi-dong/{cao_phong.pk}/sua/").status_code == 404
    assert client_for("so.a").get("/mo-hinh/hoi-dong/").status_code == 403


def _council_post(members, **extra):
    rows = {
        "members-user": [str(u.pk) for u, _r, _d in members],
        "members-role": [r for _u, r, _d in members],
        "members-declared": [str(d.pk) if d else "" for _u, _r, d in members],
        "members-note": ["" for _m in members],
    }
    return {
        "name": "Hội đồng xét công nhận mô hình xã Thịnh Minh",
        "cycle": str(Cycle.current().pk),
        "decision_number": "130-QĐ/ĐU",
        "decision_date": "10/02/2026",
        "place": "Thịnh Minh",
        **rows,
        **extra,
    }


def test_the_commune_party_committee_forms_its_council_through_the_page(client_for, persona):
    committee = Organisation.objects.get(code="PT-DU-04897")
    Council.objects.filter(organisation=committee, level=Level.COMMUNE, cycle=Cycle.current()).delete()
    cell = Organisation.objects.get(code="PT-CS-04897-1")
    client = client_for("xa.a")
    form = client.get("/mo-hinh/hoi-dong/thanh-lap/").context["form"]
    assert form.initial["organisation"] == committee.pk  # the only body xa.a forms councils for
    members = [
        (persona("hoidong.3"), "chair", None),
        (persona("xa.a"), "secretary", None),
        (persona("mttq.xa"), "member", cell),
    ]
    bad = client.post("/mo-hinh/hoi-dong/thanh-lap/", _council_post(members[1:], organisation=committee.pk))
    assert bad.status_code == 200 and "đúng một chủ tịch" in bad.content.decode()  # no chair: kept input
    assert 'value="130-QĐ/ĐU"' in bad.content.decode()
    response = client.post("/mo-hinh/hoi-dong/thanh-lap/", _council_post(members, organisation=committee.pk))
    assert response.status_code == 302
    council = Council.objects.get(organisation=committee, level=Level.COMMUNE, cycle=Cycle.current())
    assert (council.decision_number, council.decision_date) == ("130-QĐ/ĐU", dt.date(2026, 2, 10))
    assert council.deciding_body == committee
    assert dict(council.members.values_list("user__username", "role")) == {
        "hoidong.3": "chair",
        "xa.a": "secretary",
        "mttq.xa": "member",
    }
    assert list(council.members.get(user__username="mttq.xa").declared_conflicts.all()) == [cell]
    assert AuditEvent.objects.filter(action="exemplars.council", target_id=str(council.pk)).count() == 1
    again = client.post("/mo-hinh/hoi-dong/thanh-lap/", _council_post(members, organisation=committee.pk))
    assert again.status_code == 200 and "đã có hội đồng" in again.content.decode()
    # the province coordinator is not the forming body of a commune council
    assert client_for("tinh.bdv").post(
        f"/mo-hinh/hoi-dong/{council.pk}/sua/", _council_post(members)
    ).status_code in (403, 404)


def test_a_commune_level_model_is_reviewed_by_its_commune_council_and_recognised_by_the_commune(
    client_for, persona
):
    exemplar = Exemplar.objects.get(title=WAITING_TITLE)
    assert exemplar.level == Level.COMMUNE and exemplar.stage == Stage.NOMINATED
    officer = client_for("xa.a")
    assert officer.post(f"/mo-hinh/{exemplar.pk}/hanh-dong/open_review/", {"note": ""}).status_code == 302
    exemplar.refresh_from_db()
    council = exemplar.current_nomination.council
    assert exemplar.stage == Stage.UNDER_REVIEW and council.organisation.code == "PT-DU-04897"
    # the Đảng ủy xã forms the council: its own members are no conflict for the chi bộ's model
    assert not CouncilExclusion.objects.filter(nomination=exemplar.current_nomination).exists()
    for member in ("hoidong.3", "mttq.xa"):
        client = client_for(member)
        assert exemplar.title in client.get("/mo-hinh/cham-diem/").content.decode()
        assert client.post(f"/mo-hinh/{exemplar.pk}/cham-diem/", _score_form(exemplar)).status_code == 302
    # the Ban's leader does not sign a commune-level recognition; the Bí thư does
    page = client_for("lanhdao.bdv").get(f"/mo-hinh/{exemplar.pk}/")
    assert page.status_code == 404 or 'id="recognise-form"' not in page.content.decode()
    leader = client_for("hoidong.3")
    detail = leader.get(f"/mo-hinh/{exemplar.pk}/")
    form = detail.context["recognise_form"]
    proposed = form.initial["sequence"]
    assert "Số tiếp theo còn trống" in detail.content.decode()
    taken = Document.objects.filter(organisation=council.deciding_body, doc_type="QĐ").first()
    signed = timezone.localdate() - dt.timedelta(days=1)
    data = {"note": "", "signed_on": signed.strftime("%d/%m/%Y"), "signer": str(persona("hoidong.3").pk)}
    if taken is not None and taken.year == timezone.localdate().year:
        refused = leader.post(
            f"/mo-hinh/{exemplar.pk}/hanh-dong/recognise/", data | {"sequence": str(taken.sequence)}
        )
        exemplar.refresh_from_db()
        assert exemplar.stage == Stage.UNDER_REVIEW and refused.status_code == 302
    response = leader.post(f"/mo-hinh/{exemplar.pk}/hanh-dong/recognise/", data | {"sequence": str(proposed)})
    assert response.status_code == 302
    exemplar.refresh_from_db()
    assert exemplar.stage == Stage.RECOGNISED
    decision = Decision.objects.get(exemplar=exemplar)
    assert decision.issuing_body.code == "PT-DU-04897" and decision.level == Level.COMMUNE
    assert decision.signed_on == signed and decision.signed_by == persona("hoidong.3")
    assert decision.document.sequence == proposed and decision.number.startswith(f"{proposed:02d}")


def test_without_a_commune_council_the_message_names_the_forming_body(make, client_for):
    exemplar = make(Stage.NOMINATED, org_code="PT-UBND-05089", level=Level.COMMUNE)
    Council.objects.filter(organisation__code="PT-DU-05089", cycle=Cycle.current()).delete()
    response = client_for("tinh.bdv").post(
        f"/mo-hinh/{exemplar.pk}/hanh-dong/open_review/", {"note": ""}, follow=True
    )
    exemplar.refresh_from_db()
    assert exemplar.stage == Stage.NOMINATED
    assert "Đảng ủy xã Cao Phong thành lập hội đồng" in response.content.decode()


def test_the_officer_corrects_the_level_until_the_review_opens(make, client_for):
    exemplar = make(Stage.NOMINATED)
    assert exemplar.level == Level.PROVINCE
    client = client_for("xa.a")
    assert 'id="level-form"' in client.get(f"/mo-hinh/{exemplar.pk}/").content.decode()
    assert client.post(f"/mo-hinh/{exemplar.pk}/cap/", {"level": "xa"}).status_code == 302
    exemplar.refresh_from_db()
    assert exemplar.level == Level.COMMUNE and exemplar.current_nomination.level == Level.COMMUNE
    assert AuditEvent.objects.filter(action="exemplars.change_level", target_id=str(exemplar.pk)).count() == 1
    reviewed = make(Stage.UNDER_REVIEW)
    client.post(f"/mo-hinh/{reviewed.pk}/cap/", {"level": "xa"})
    reviewed.refresh_from_db()
    assert reviewed.level == Level.PROVINCE
    assert client.post(f"/mo-hinh/{exemplar.pk}/cap/", {"level": "galaxy"}).status_code == 302


def _widget(user, url):
    return next(w for w in widgets(user) if w.url == url)


@pytest.mark.parametrize("username", ["hoidong.1", "hoidong.3"])
def test_nominations_to_score_counts_only_what_the_member_still_scores(username, persona, client_for):
    user = persona(username)
    expected = [
        e
        for e in selectors.council_queue(user=user)
        if not e.current_nomination.my_sheets
        and not any(x.user_id == user.pk for x in e.current_nomination.all_exclusions)
    ]
    assert _widget(user, "/mo-hinh/cham-diem/").value == len(expected)
    page = client_for(username).get("/mo-hinh/cham-diem/")
    to_score = [r for r in page.context["rows"] if not r["submitted"] and not r["excluded"]]
    assert page.context["to_score"] == len(to_score) == len(expected)


def test_the_dashboard_and_the_coordination_page_show_the_same_figures(persona, client_for):
    user = persona("tinh.bdv")
    rows = [value for _label, value in _widget(user, "/mo-hinh/").rows]
    counts = client_for("tinh.bdv").get("/mo-hinh/dieu-phoi/").context["counts"]
    # Being built, Waiting for review, Under council review, Recognised, Outstanding
    assert rows == [counts[k] for k in ("building", "waiting", "review", "recognised", "outstanding")]
    listed = client_for("tinh.bdv").get("/mo-hinh/", {"stage": "in_progress"}).context["page"].count
    assert listed == counts["building"]


def test_the_excluded_member_is_told_it_is_his_membership_of_the_nominating_body(make, client_for, persona):
    exemplar = make(Stage.UNDER_REVIEW)  # on xa.a's body, which hoidong.3 leads
    CouncilExclusion.objects.get_or_create(
        nomination=exemplar.current_nomination,
        user=persona("hoidong.3"),
        defaults={"reason": "Thành viên của đơn vị đề nghị: Đảng ủy xã Thịnh Minh"},
    )
    client = client_for("hoidong.3")
    for response in (
        client.get(f"/mo-hinh/{exemplar.pk}/cham-diem/"),
        client.post(f"/mo-hinh/{exemplar.pk}/cham-diem/", _score_form(exemplar)),
    ):
        html = response.content.decode()
        assert response.status_code == 403
        assert "Bạn không tham gia xét hồ sơ này" in html and "Đảng ủy xã Thịnh Minh" in html
        assert "được xem trang này nhưng không được thực hiện" not in html
    assert 'id="my-exclusion"' in client.get(f"/mo-hinh/{exemplar.pk}/").content.decode()
    assert Client().get(f"/mo-hinh/{exemplar.pk}/cham-diem/").status_code == 302  # anonymous: log in


def _queries(client, url):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx)


def test_the_councils_page_runs_a_constant_number_of_queries(client_for, persona):
    from dvk.exemplars.services import Seat, save_council

    client = client_for("tinh.bdv")
    client.get("/mo-hinh/hoi-dong/")  # warm the per-process caches
    before = _queries(client, "/mo-hinh/hoi-dong/")
    ban = Organisation.objects.get(code="PT-BTGDV")
    for start in (2031, 2036, 2041):
        cycle = Cycle.objects.create(name=f"{start}–{start + 4}", start_year=start, end_year=start + 4)
        save_council(
            by=persona("tinh.bdv"),
            name=f"Hội đồng tỉnh {cycle.name}",
            organisation=ban,
            level=Level.PROVINCE,
            cycle=cycle,
            seats=[
                Seat(user=persona("hoidong.1"), role="chair"),
                Seat(user=persona("hoidong.2"), role="member"),
            ],
        )
    assert _queries(client, "/mo-hinh/hoi-dong/") == before


def test_the_public_map_runs_a_constant_number_of_queries(make, client_for):
    client = Client()
    client.get("/dien-hinh/")
    before = _queries(client, "/dien-hinh/")
    for code in ("PT-DU-05089", "PT-UBND-04897", "PT-MTTQ-05089"):
        make(Stage.RECOGNISED, org_code=code)
    assert _queries(client, "/dien-hinh/") == before


def test_the_commune_officer_reaches_the_councils_page_from_the_list(client_for):
    assert 'id="councils-link"' in client_for("xa.a").get("/mo-hinh/").content.decode()
    assert 'id="councils-link"' not in client_for("so.a").get("/mo-hinh/").content.decode()
