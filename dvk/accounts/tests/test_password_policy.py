"""Password policy: at least 12 characters, not a common password, not close to the account's
details, not only digits — each refused with a Vietnamese message, on the change-password page too."""

from __future__ import annotations

import pytest
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError

from dvk.accounts.factories import DEMO_PASSWORD
from dvk.audit.models import AuditEvent

pytestmark = pytest.mark.django_db


def refusals(password: str, user=None) -> list[str]:
    try:
        validate_password(password, user)
    except ValidationError as exc:
        return list(exc.messages)
    return []


def test_each_rule_has_its_vietnamese_message(persona):
    user = persona("xa.a")
    assert refusals("ngan-qua1") == [
        "Mật khẩu quá ngắn: cần ít nhất 12 ký tự (vài từ ghép lại là một mật khẩu tốt)."
    ]
    assert "Mật khẩu này thuộc nhóm mật khẩu phổ biến nhất; hãy chọn mật khẩu khác." in refusals(
        "password1234"
    )
    assert "Mật khẩu không được chỉ gồm chữ số." in refusals("203948571029384")
    similar = refusals(user.email, user)
    assert any(m.startswith("Mật khẩu quá giống") for m in similar), similar
    assert refusals("mùa lúa chín trên đồi Thịnh Minh", user) == []  # a passphrase passes


def test_the_change_password_page_applies_the_policy(client_for):
    client = client_for("xa.b")
    page = client.get("/tai-khoan/doi-mat-khau/")
    assert page.status_code == 200 and "Ít nhất 12 ký tự." in page.content.decode()  # the help text
    weak = client.post(
        "/tai-khoan/doi-mat-khau/",
        {"old_password": DEMO_PASSWORD, "new_password1": "12345678", "new_password2": "12345678"},
    )
    body = weak.content.decode()
    assert weak.status_code == 200 and "Mật khẩu quá ngắn" in body and "chỉ gồm chữ số" in body
    strong = "sông Đà chảy qua Hòa Bình 2025"
    done = client.post(
        "/tai-khoan/doi-mat-khau/",
        {"old_password": DEMO_PASSWORD, "new_password1": strong, "new_password2": strong},
    )
    assert done.status_code == 302 and done["Location"] == "/tai-khoan/doi-mat-khau/xong/"
    assert AuditEvent.objects.filter(action="accounts.password_change", actor__username="xa.b").count() == 1
    assert client.get("/").status_code == 200  # still logged in after the change
