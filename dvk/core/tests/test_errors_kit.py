"""The HTML error mapping (dvk.core.errors) and the download helper (dvk.core.downloads)."""

from __future__ import annotations

import pytest
from django import forms
from django.contrib.messages import get_messages
from django.contrib.messages.storage.fallback import FallbackStorage
from django.contrib.sessions.backends.signed_cookies import SessionStore
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.test import RequestFactory

from dvk.core.downloads import ascii_filename, content_disposition, file_response, safe_filename
from dvk.core.errors import error_messages, form_errors_text, handled
from dvk.core.workflow import DomainError, WorkflowError


class _Form(forms.Form):
    title = forms.CharField()
    due_on = forms.DateField(required=False)


def _request():
    request = RequestFactory().post("/")
    request.session = SessionStore()
    request._messages = FallbackStorage(request)
    return request


def test_a_validation_error_lands_on_its_field_and_keeps_the_users_input():
    form = _Form({"title": "Kế hoạch của tôi"})
    assert form.is_valid()
    with handled(form) as outcome:
        raise ValidationError({"title": ["Trùng tên."], "elsewhere": ["Lỗi chung."]})
    assert not outcome.ok and outcome.messages == ["Trùng tên.", "Lỗi chung."]
    assert form.errors["title"] == ["Trùng tên."] and form.non_field_errors() == ["Lỗi chung."]
    assert form["title"].value() == "Kế hoạch của tôi"  # re-rendered with what the user typed


@pytest.mark.parametrize("exc", [WorkflowError("Không được ở bước này."), DomainError("Đã đóng.")])
def test_domain_and_workflow_errors_are_shown_on_top_of_the_form(exc):
    form = _Form({"title": "x"})
    form.is_valid()
    with handled(form) as outcome:
        raise exc
    assert form.non_field_errors() == [str(exc)] and outcome.error is exc


def test_without_a_form_the_message_goes_to_the_next_page():
    request = _request()
    with handled(request) as outcome:
        raise ValidationError("Thiếu hồ sơ.")
    assert not outcome.ok
    assert [str(m) for m in get_messages(request)] == ["Thiếu hồ sơ."]


@pytest.mark.parametrize("exc", [PermissionDenied, Http404, RuntimeError])
def test_access_decisions_and_bugs_are_not_swallowed(exc):
    """403 and 404 go to the normal error pages; anything else is a real 500 to fix."""
    with pytest.raises(exc), handled(_request()):
        raise exc()


def test_success_leaves_the_outcome_ok():
    with handled(_Form()) as outcome:
        pass
    assert outcome.ok and outcome.messages == []


def test_messages_and_form_error_text():
    assert error_messages(ValidationError(["a", "b"])) == ["a", "b"]
    assert error_messages(PermissionDenied()) == ["Bạn không có quyền thực hiện thao tác này."]
    form = _Form({"due_on": "xx"})
    form.fields["title"].label = "Tên"
    form.is_valid()
    assert form_errors_text(form).startswith("Tên: Trường này là bắt buộc.; ")


# --- downloads ---------------------------------------------------------------------------------------


def test_vietnamese_file_names_are_sent_twice_utf8_and_ascii():
    value = content_disposition("Biên bản họp Đảng ủy.docx")
    assert value.startswith('attachment; filename="Bien ban hop Dang uy.docx"; ')
    assert (
        "filename*=UTF-8''Bi%C3%AAn%20b%E1%BA%A3n%20h%E1%BB%8Dp%20%C4%90%E1%BA%A3ng%20%E1%BB%A7y.docx"
        in value
    )


def test_file_names_cannot_break_the_header_or_escape_a_folder():
    assert safe_filename('../../etc/"pa;ss"\r\nX-Evil: 1.pdf') == "pa-ss-X-Evil- 1.pdf"
    assert safe_filename("") == "tep" and ascii_filename("Đường.xlsx") == "Duong.xlsx"


def test_private_files_are_not_stored_and_never_sniffed():
    response = file_response(b"PK\x03\x04", "Báo cáo.xlsx")
    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    assert "no-store" in response["Cache-Control"] and "private" in response["Cache-Control"]
    assert response["X-Content-Type-Options"] == "nosniff"
    public = file_response(b"%PDF", "Chứng nhận.pdf", private=False)
    assert "no-store" not in public["Cache-Control"] and public["Content-Type"] == "application/pdf"


def test_open_files_are_streamed(tmp_path):
    path = tmp_path / "x.bin"
    path.write_bytes(b"abc")
    response = file_response(path.open("rb"), "tệp.bin", mime="application/octet-stream")
    assert b"".join(response.streaming_content) == b"abc"
    assert response["Content-Disposition"].startswith('attachment; filename="tep.bin"')
