"""`manage.py deadline`, GET /api/v1/deadlines/compute and the admin pages of the rules."""

from __future__ import annotations

import io
import json

import pytest
from django.core.management import call_command
from django.test import Client

from dvk.deadlines.management.commands.deadline import Command


def run(*args: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    try:
        call_command("deadline", *args, stdout=out, stderr=err)
        code = 0
    except SystemExit as exc:
        code = int(exc.code or 0)
    return code, out.getvalue(), err.getvalue()


class TestCommand:
    def test_prints_the_last_day(self, db):
        code, out, _err = run("KN.THU_LY_L1", "06/02/2026")
        assert code == 0
        first = out.splitlines()[0]
        assert "23/02/2026" in first and "2026-02-23" in first
        assert "16/02/2026" in out  # the unrolled day, and why it moved
        assert "Điều 27" in out

    def test_json_has_exactly_the_documented_keys(self, db):
        code, out, _err = run("TC.GIAI_QUYET", "2026-03-02", "--extensions", "1", "--json")
        assert code == 0
        data = json.loads(out)
        assert data == {
            "rule": "TC.GIAI_QUYET",
            "start": "2026-03-02",
            "due": "2026-05-04",
            "day_type": "calendar",
            "legal_ref": data["legal_ref"],
            "moved_from": "2026-05-01",
        }
        assert "Điều 30" in data["legal_ref"]

    def test_all_modifiers(self, db):
        code, out, _ = run(
            "KN.GIAI_QUYET_L1", "01/07/2026", "--complex", "--remote-area", "--paused-days", "3", "--json"
        )
        assert code == 0
        assert json.loads(out)["due"] == "2026-09-03"  # 60 + 3 days → 02/09 (Quốc khánh) → 03/09
        code, out, _ = run("TC.XU_LY_BAN_DAU", "05/01/2026", "--multi-location", "--json")
        assert (code, json.loads(out)["due"], json.loads(out)["moved_from"]) == (0, "2026-01-16", None)

    @pytest.mark.parametrize(
        ("args", "words"),
        [
            pytest.param(("KN.KHONG_CO", "01/01/2026"), "Không có quy tắc", id="unknown rule"),
            pytest.param(("KN.THU_LY_L1", "30/02/2026"), "không tồn tại", id="impossible date"),
            pytest.param(("TC.GIAI_QUYET", "01/03/2026", "--extensions", "3"), "tối đa 2", id="3 extensions"),
            pytest.param(
                ("TC.GIAI_QUYET", "01/03/2026", "--extensions", "hai"), "số nguyên", id="not a number"
            ),
            pytest.param(("TC.GIAI_QUYET", "01/03/2026", "--paused-days", "-1"), "âm", id="negative pause"),
        ],
    )
    def test_bad_input_exits_2_with_a_vietnamese_message(self, db, args, words):
        code, out, err = run(*args)
        assert code == 2
        assert out == ""
        assert words in err

    def test_argument_errors_exit_2_in_vietnamese(self, db):
        err = io.StringIO()
        command = Command(stderr=err)
        with pytest.raises(SystemExit) as exc:
            command.run_from_argv(["manage.py", "deadline", "KN.THU_LY_L1"])
        assert exc.value.code == 2
        assert "Tham số không hợp lệ" in err.getvalue()


class TestApi:
    URL = "/api/v1/deadlines/compute"

    def test_same_answer_as_the_command(self, db):
        response = Client().get(self.URL, {"rule": "TC.GIAI_QUYET", "start": "02/03/2026", "extensions": 2})
        assert response.status_code == 200, response.content
        assert response.json() == {
            "rule": "TC.GIAI_QUYET",
            "start": "2026-03-02",
            "due": "2026-06-01",
            "day_type": "calendar",
            "legal_ref": response.json()["legal_ref"],
            "moved_from": "2026-05-31",
        }
        _code, out, _err = run("TC.GIAI_QUYET", "02/03/2026", "--extensions", "2", "--json")
        assert json.loads(out) == response.json()

    def test_boolean_modifiers_and_the_issue_spelling(self, db):
        response = Client().get(
            self.URL,
            {"rule": "KN.GIAI_QUYET_L2", "start": "2026-01-05", "complex": "true", "remote_area": "true"},
        )
        assert (response.status_code, response.json()["due"]) == (200, "2026-03-16")
        response = Client().get(
            self.URL, {"rule": "TC.GIAI_QUYET", "start": "2026-03-02", "extension_count": 1}
        )
        assert response.json()["due"] == "2026-05-04"

    @pytest.mark.parametrize(
        ("params", "field"),
        [
            pytest.param({"rule": "KN.KHONG_CO", "start": "01/01/2026"}, "rule", id="unknown rule"),
            pytest.param({"rule": "KN.THU_LY_L1", "start": "31/04/2026"}, "start", id="impossible date"),
            pytest.param({"rule": "KN.THU_LY_L1"}, "start", id="no date"),
            pytest.param(
                {"rule": "TC.GIAI_QUYET", "start": "01/03/2026", "extensions": 3}, "extensions", id="3 ext"
            ),
            pytest.param(
                {"rule": "TC.GIAI_QUYET", "start": "01/03/2026", "extensions": "x"}, "extensions", id="text"
            ),
            pytest.param(
                {"rule": "TC.GIAI_QUYET", "start": "01/03/2026", "paused_days": -2}, "paused_days", id="neg"
            ),
        ],
    )
    def test_bad_input_is_422_in_the_api_error_format(self, db, params, field):
        response = Client().get(self.URL, params)
        assert response.status_code == 422
        body = response.json()
        assert body["detail"] and body["errors"]
        assert body["errors"][0]["field"] == field
        assert body["errors"][0]["message"]

    def test_documented_in_openapi(self, db):
        schema = Client().get("/api/v1/openapi.json").json()
        assert "/api/v1/deadlines/compute" in schema["paths"]


def test_rules_and_calendar_are_editable_in_the_admin(db):
    from dvk.accounts.models import User
    from dvk.deadlines.models import CalendarOverride, DeadlineRule

    admin = User.objects.create_superuser("deadline.admin", "a@example.org", "x-strong-password-1")
    client = Client()
    client.force_login(admin)
    page = client.get("/quan-tri/deadlines/deadlinerule/")
    assert page.status_code == 200
    assert "quy tắc thời hạn" in page.content.decode().lower()
    rule = DeadlineRule.objects.get(rule_id="TC.CHUYEN_DON")
    assert client.get(f"/quan-tri/deadlines/deadlinerule/{rule.pk}/change/").status_code == 200
    response = client.post(
        "/quan-tri/deadlines/calendaroverride/add/",
        {"date": "03/03/2026", "kind": "day_off", "note": "Nghỉ đột xuất", "legal_ref": "Quyết định"},
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    assert CalendarOverride.objects.filter(date="2026-03-03").exists()
    from dvk.deadlines.services import compute

    assert compute("TC.CHUYEN_DON", "02/03/2026").due.isoformat() == "2026-03-10"


def test_the_rule_table_over_the_api(db):
    every = Client().get("/api/v1/deadlines/rules").json()
    versions = [i for i in every["items"] if i["rule"] == "KN.GIAI_QUYET_L1"]
    assert [v["valid_to"] for v in versions] == ["2026-06-30", None]
    in_force = Client().get("/api/v1/deadlines/rules", {"on": "01/07/2026"}).json()
    assert in_force["count"] == len({i["rule"] for i in every["items"]})
    (rule,) = [i for i in in_force["items"] if i["rule"] == "KN.GIAI_QUYET_L1"]
    assert rule["pauses_excluded"] is True and "136/2025" in rule["legal_ref"]
    assert Client().get("/api/v1/deadlines/rules", {"on": "32/01/2026"}).status_code == 422
