"""What a coordinator meets on day one (issue 10): a readable task form that shows its receivers as
the choice changes, a plan that is not issued with tasks nobody receives without saying so, many
tasks assigned at once after an import, one document number per body and year."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.utils import timezone

from dvk.plans import services
from dvk.plans.models import Plan
from dvk.plans.tests.test_importer import seed_text

pytestmark = pytest.mark.django_db


@pytest.fixture
def imported(client_for, org):
    """The seed plan imported by tinh.bdv: 27 draft tasks, none with receivers chosen."""
    tinh = client_for("tinh.bdv")
    response = tinh.post(
        "/ke-hoach/nhap/",
        {
            "organisation": org("PT-BTGDV").pk,
            "number": "98-KH/BTGDVTU",
            "issued_on": "01/12/2026",
            "text": seed_text(),
        },
    )
    assert response.status_code == 302, response.content.decode()[:1500]
    return tinh, Plan.objects.get(number="98-KH/BTGDVTU")


def test_task_form_lays_checkbox_lists_out_in_columns_and_keeps_the_input(imported, org):
    tinh, plan = imported
    task = plan.tasks.order_by("order").first()
    html = tinh.get(f"/ke-hoach/nhiem-vu/{task.pk}/").content.decode()
    assert html.count('class="dvk-choices"') == 2  # kinds of body and indicators
    assert '<div id="id_target_kinds" class="form-check-input' not in html  # the 20 px column
    # a bad date re-renders the form with what was typed and the message beside the field
    response = tinh.post(
        f"/ke-hoach/nhiem-vu/{task.pk}/",
        {
            "title": "Nhiệm vụ đã sửa",
            "due_on": "31/02/2026",
            "regime": "ad_hoc",
            "target_kinds": ["party_committee"],
        },
    )
    html = response.content.decode()
    assert response.status_code == 200 and "Nhiệm vụ đã sửa" in html and 'value="31/02/2026"' in html
    assert "Nhập ngày theo dạng ngày/tháng/năm" in html
    assert 'value="party_committee" class="form-check-input" id="id_target_kinds_0" checked' in html or (
        'value="party_committee"' in html and "checked" in html
    )


def test_receivers_are_shown_live_as_the_choice_changes(imported, org, django_assert_max_num_queries):
    tinh, plan = imported
    url = f"/ke-hoach/{plan.pk}/nhiem-vu/don-vi-nhan/"
    html = tinh.get(f"/ke-hoach/{plan.pk}/nhiem-vu/moi/").content.decode()
    assert f'hx-get="{url}"' in html and 'hx-trigger="change"' in html and 'id="task-targets"' in html
    assert "<script>" not in html and "onclick" not in html and "onchange" not in html  # static JS only
    none = tinh.get(url).content.decode()
    assert "text-bg-warning" in none and "Chưa có: hãy chọn loại cơ quan" in none or ">0<" in none
    one = tinh.get(url, {"assignees": [org("PT-DU-04897").pk]}).content.decode()
    assert ">1</span>" in one and org("PT-DU-04897").name in one
    with django_assert_max_num_queries(12):
        many = tinh.get(
            url, {"target_kinds": ["party_committee"], "target_level": "commune"}
        ).content.decode()
    assert "text-bg-success" in many and org("PT-DU-04897").name in many


def test_saving_a_draft_task_says_how_many_bodies_it_will_go_to(imported, org):
    tinh, plan = imported
    task = plan.tasks.order_by("order").first()
    response = tinh.post(
        f"/ke-hoach/nhiem-vu/{task.pk}/",
        {"title": task.title, "regime": "ad_hoc", "assignees": [org("PT-DU-04897").pk, org("PT-SNV").pk]},
        follow=True,
    )
    assert "nhiệm vụ sẽ được giao cho 2 đơn vị khi ban hành kế hoạch" in response.content.decode()


def test_issuing_with_unassigned_tasks_lists_them_and_asks_first(imported, org):
    tinh, plan = imported
    response = tinh.post(f"/ke-hoach/{plan.pk}/hanh-dong/issue/")
    assert response.status_code == 302 and response["Location"] == f"/ke-hoach/{plan.pk}/ban-hanh/"
    plan.refresh_from_db()
    assert plan.stage == "draft"  # not issued behind the coordinator's back
    html = tinh.get(response["Location"]).content.decode()
    assert "27 trong 27 nhiệm vụ chưa có đơn vị nhận" in html
    first = plan.tasks.order_by("order").first()
    assert f'href="/ke-hoach/nhiem-vu/{first.pk}/"' in html and 'name="confirm_unassigned"' in html
    response = tinh.post(f"/ke-hoach/{plan.pk}/hanh-dong/issue/", {"confirm_unassigned": "1"}, follow=True)
    plan.refresh_from_db()
    assert plan.stage == "issued" and "Đã thực hiện." not in response.content.decode()


def test_many_tasks_are_assigned_at_once_after_an_import(imported, org):
    tinh, plan = imported
    html = tinh.get(f"/ke-hoach/{plan.pk}/nhiem-vu/giao-nhieu/").content.decode()
    assert html.count('name="tasks"') == 27 and html.count("checked") >= 27  # all unassigned, ticked
    suggested = [t.pk for t in plan.tasks.all() if t.suggested_kinds]
    response = tinh.post(
        f"/ke-hoach/{plan.pk}/nhiem-vu/giao-nhieu/", {"tasks": suggested, "mode": "suggested"}
    )
    assert response.status_code == 302
    assert all(t.target_kinds == t.suggested_kinds for t in plan.tasks.filter(pk__in=suggested))
    rest = list(plan.tasks.filter(target_kinds=[]).values_list("pk", flat=True))
    response = tinh.post(
        f"/ke-hoach/{plan.pk}/nhiem-vu/giao-nhieu/",
        {"tasks": rest, "mode": "chosen", "assignees": [org("PT-SNV").pk]},
    )
    assert response.status_code == 302
    assert not services.receiver_counts(plan) or all(services.receiver_counts(plan).values())
    assert tinh.post(f"/ke-hoach/{plan.pk}/hanh-dong/issue/").status_code == 302
    plan.refresh_from_db()
    assert plan.stage == "issued" and plan.assignments.filter(organisation=org("PT-SNV")).exists()
    # nothing chosen: refused with a message, nothing changed
    response = tinh.post(f"/ke-hoach/{plan.pk}/nhiem-vu/giao-nhieu/", {"tasks": rest, "mode": "chosen"})
    assert (
        response.status_code == 200
        and "Chọn loại cơ quan hoặc cơ quan, đơn vị nhận" in response.content.decode()
    )


def test_a_plan_number_is_used_once_per_body_and_year(imported, org):
    tinh, plan = imported
    again = tinh.post(
        "/ke-hoach/nhap/",
        {
            "organisation": org("PT-BTGDV").pk,
            "number": "98-KH/BTGDVTU",
            "issued_on": "05/12/2026",
            "text": seed_text(),
        },
    )
    html = again.content.decode()
    assert again.status_code == 200 and Plan.objects.filter(number="98-KH/BTGDVTU").count() == 1
    assert "đã có kế hoạch số 98-KH/BTGDVTU năm 2026" in html and seed_text()[:40] in html  # input kept
    # another year, or another body, may use the same number
    services.create_plan(
        by=plan.created_by,
        organisation=org("PT-BTGDV"),
        title="Năm sau",
        number="98-KH/BTGDVTU",
        issued_on=dt.date(2027, 1, 5),
    )
    # editing a plan onto a number taken that year is refused too
    other = services.create_plan(
        by=plan.created_by,
        organisation=org("PT-BTGDV"),
        title="Khác",
        number="97-KH/BTGDVTU",
        issued_on=dt.date(2026, 3, 1),
    )
    response = tinh.post(
        f"/ke-hoach/{other.pk}/sua/",
        {
            "organisation": org("PT-BTGDV").pk,
            "number": "98-KH/BTGDVTU",
            "title": "Khác",
            "issued_on": "01/03/2026",
        },
    )
    import re

    errors = re.findall(
        r'invalid-feedback d-block">([^<]*)<|alert alert-danger">(.*?)</div>', response.content.decode()
    )
    assert response.status_code == 200 and any(
        "đã có kế hoạch với số này trong năm" in "".join(e) for e in errors
    ), errors


def test_the_migration_marks_existing_duplicates_before_adding_the_constraint(persona, org):
    from importlib import import_module

    from django.apps import apps

    migration = import_module("dvk.plans.migrations.0005_plan_number_unique_per_body_year")
    constraint = next(c for c in Plan._meta.constraints if c.name == "plan_number_unique_per_body_year")
    editor = connection.schema_editor()  # not entered: SQLite refuses inside the test's transaction
    create_sql = str(constraint.create_sql(Plan, editor))
    with connection.cursor() as cursor:  # a functional unique constraint is a unique index on both engines
        cursor.execute(f"DROP INDEX {editor.quote_name(constraint.name)}")
    body, on = org("PT-BTGDV"), timezone.localdate()
    copies = [
        Plan.objects.create(organisation=body, title=f"Bản {i}", number="55-KH/BTGDVTU", issued_on=on)
        for i in range(3)
    ]
    migration.mark_duplicates(apps, None)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":  # the test's own rows left deferred FK checks queued
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        cursor.execute(create_sql)
    numbers = [Plan.objects.get(pk=p.pk).number for p in copies]
    assert numbers == ["55-KH/BTGDVTU", "55-KH/BTGDVTU (bản trùng 1)", "55-KH/BTGDVTU (bản trùng 2)"]


def test_a_report_with_an_error_keeps_what_the_body_typed(issued_plan, client_for, org):
    plan = issued_plan(bodies=("PT-DU-04897",))
    assignment = plan.assignments.get(organisation=org("PT-DU-04897"))
    client = client_for("xa.a")
    response = client.post(
        f"/ke-hoach/giao-viec/{assignment.pk}/bao-cao/",
        {"summary": "Đã tổ chức 3 buổi tuyên truyền tại các thôn.", "progress_percent": "150"},
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "Đã tổ chức 3 buổi tuyên truyền tại các thôn." in html and 'value="150"' in html
    assert "Chưa gửi được báo cáo" in html and "invalid-feedback d-block" in html
    assert not assignment.reports.exclude(stage="due").exists()


def test_the_matrix_opens_on_the_coordinators_own_plan_with_named_columns_and_a_legend(client_for):
    html = client_for("tinh.bdv").get("/ke-hoach/theo-doi/").content.decode()
    ban_plan = Plan.objects.filter(organisation__code="PT-BTGDV").exclude(stage="draft").first()
    assert f'<option value="{ban_plan.pk}" selected>' in html  # not a commune's plan
    task = ban_plan.tasks.order_by("order", "id").first()
    assert f'<abbr title="{task.title}">1. ' in html  # the task's name, full on hover
    assert html.index('id="matrix-legend"') < html.index('id="matrix"')  # the legend above the table
    assert "Chú giải" in html and "bi-exclamation-triangle-fill" in html


def test_overdue_cells_say_so_in_words_and_explain_the_urge_boxes(issued_plan, client_for):
    plan = issued_plan(due_in=-2)
    html = client_for("tinh.bdv").get(f"/ke-hoach/theo-doi/?plan={plan.pk}").content.decode()
    cell = html[html.index('name="assignment"') - 400 : html.index('name="assignment"') + 400]
    assert "table-danger" in cell and "Quá hạn" in cell and "bi-exclamation-triangle-fill" in cell
    assert "đánh dấu các đơn vị cần đôn đốc" in html and 'aria-label="Đôn đốc ' in html


def test_the_matrix_export_is_named_by_the_plans_number_and_date(issued_plan, client_for):
    plan = issued_plan()
    response = client_for("tinh.bdv").get(f"/ke-hoach/theo-doi/excel/?plan={plan.pk}")
    disposition = response["Content-Disposition"]
    expected = f"Theo dõi kế hoạch 77-KH-BTGDVTU ngày {plan.issued_on:%d-%m-%Y}.xlsx"
    from urllib.parse import quote

    assert response.status_code == 200 and quote(expected, safe="") in disposition, disposition


def test_a_date_years_ahead_is_refused_as_a_likely_typo(client_for, org):
    tinh = client_for("tinh.bdv")
    response = tinh.post(
        "/ke-hoach/moi/",
        {
            "organisation": org("PT-BTGDV").pk,
            "title": "Kế hoạch năm 2030",
            "number": "1-KH/X",
            "issued_on": "01/01/2030",
        },
    )
    html = response.content.decode()
    assert (
        response.status_code == 200
        and "Ngày 01/01/2030 cách hôm nay hơn 1 năm: hãy kiểm tra lại năm." in html
    )
    assert not Plan.objects.filter(title="Kế hoạch năm 2030").exists()
    response = tinh.post(
        "/ke-hoach/chien-dich/moi/",
        {
            "organisation": org("PT-BTGDV").pk,
            "name": "Tháng dân vận",
            "starts_on": "01/05/2031",
            "ends_on": "31/05/2031",
        },
    )
    assert response.status_code == 200 and "hãy kiểm tra lại năm" in response.content.decode()


def test_a_report_not_filed_yet_says_so_instead_of_due(issued_plan, client_for, org):
    plan = issued_plan(due_in=-2, bodies=("PT-DU-04897",))
    assignment = plan.assignments.get(organisation=org("PT-DU-04897"))
    html = client_for("xa.a").get(f"/ke-hoach/giao-viec/{assignment.pk}/").content.decode()
    assert "Chưa báo cáo, quá hạn</span>" in html and 'text-bg-secondary">Hạn</span>' not in html
