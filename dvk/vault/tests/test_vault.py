"""The identity vault: sealed at rest with its own keys, read only with the owner's permission and
a reason (one access-log row per read), blind-index matching, redaction, rotation, switched off."""

from __future__ import annotations

import json
import unicodedata

import pytest
from cryptography.fernet import Fernet
from django.core.exceptions import ImproperlyConfigured, PermissionDenied, ValidationError
from django.test import override_settings

from dvk.audit.models import AuditEvent
from dvk.core.workflow import DomainError
from dvk.vault import keys
from dvk.vault.models import IdentityAccess
from dvk.vault.services import Identity, blind_index, identities_of, matches, redact, rotate, seal, unseal

PERSON = {
    "name": "Nguyễn Thị Hường",
    "id_number": "034 185 009 876",
    "phone": "0912 345 678",
    "address": "Xóm Đồng Bưởi, xã Thịnh Minh",
    "email": "huong.nt@example.vn",
}


def test_seal_then_unseal_round_trip_with_one_access_row_per_read(cast, read_rule):
    owner, handler, _other = cast
    read_rule.add(handler.pk)
    sealed = seal(owner, PERSON, handler)
    assert sealed.ciphertext and "Hường" not in sealed.ciphertext
    assert list(identities_of(owner)) == [sealed]

    first = unseal(sealed, handler, "Xác minh nội dung tố cáo")
    second = unseal(sealed, handler, "Gửi thông báo thụ lý")
    assert first == second == {**PERSON}
    assert isinstance(first, dict)
    accesses = list(IdentityAccess.objects.filter(sealed=sealed).order_by("id"))
    assert [a.reason for a in accesses] == ["Xác minh nội dung tố cáo", "Gửi thông báo thụ lý"]
    assert {(a.user_id, a.owner_type, a.owner_id) for a in accesses} == {
        (handler.pk, "accounts.user", str(owner.pk))
    }
    actions = list(
        AuditEvent.objects.filter(target_type="vault.sealedidentity", target_id=str(sealed.pk)).values_list(
            "action", flat=True
        )
    )
    assert sorted(actions) == ["vault.read", "vault.read", "vault.seal"]


def test_a_reason_is_required(cast, read_rule):
    owner, handler, _other = cast
    read_rule.add(handler.pk)
    sealed = seal(owner, PERSON, handler)
    for reason in ("", "   ", None):
        with pytest.raises(ValidationError) as exc:
            unseal(sealed, handler, reason)
        assert "lý do" in str(exc.value)
    assert not IdentityAccess.objects.filter(sealed=sealed).exists()


def test_without_the_owner_permission_reading_is_refused_and_noted(cast, read_rule):
    owner, handler, other = cast
    read_rule.add(handler.pk)
    sealed = seal(owner, PERSON, handler)
    with pytest.raises(PermissionDenied):
        unseal(sealed, other, "Tò mò")
    assert not IdentityAccess.objects.filter(sealed=sealed).exists()
    assert AuditEvent.objects.filter(action="vault.read_denied", actor=other).count() == 1


def test_without_a_declared_rule_nobody_reads(cast):
    owner, handler, _other = cast
    sealed = seal(owner, PERSON, handler)
    with pytest.raises(PermissionDenied):
        unseal(sealed, handler, "Xác minh")


def test_the_access_log_is_immutable(cast, read_rule):
    owner, handler, _other = cast
    read_rule.add(handler.pk)
    sealed = seal(owner, PERSON, handler)
    unseal(sealed, handler, "Xác minh")
    access = IdentityAccess.objects.get(sealed=sealed)
    access.reason = "sửa lại"
    with pytest.raises(PermissionError):
        access.save()
    with pytest.raises(PermissionError):
        access.delete()
    with pytest.raises(PermissionError):
        IdentityAccess.objects.filter(pk=access.pk).update(reason="x")
    with pytest.raises(PermissionError):
        IdentityAccess.objects.filter(pk=access.pk).delete()


def test_no_value_in_repr_str_or_errors(cast, read_rule):
    owner, handler, _other = cast
    read_rule.add(handler.pk)
    sealed = seal(owner, PERSON, handler)
    identity = unseal(sealed, handler, "Xác minh")
    assert isinstance(identity, Identity)
    for text in (repr(identity), str(identity), repr(sealed), str(sealed), repr(keys.keyring())):
        assert "Hường" not in text and "0912" not in text and "034" not in text
    with pytest.raises(DomainError) as exc:
        seal(owner, {"name": object()}, handler)
    assert "object" not in str(exc.value)


class TestBlindIndex:
    def test_same_person_across_nfc_nfd_case_spacing_and_formats(self, cast):
        owner, handler, _other = cast
        sealed = seal(owner, PERSON, handler)
        nfd_upper = unicodedata.normalize("NFD", "  NGUYỄN   THỊ HƯỜNG ")
        assert list(matches({"name": nfd_upper})) == [sealed]
        # Marks are ignored, so a name typed without them is found (a person confirms the match).
        assert list(matches({"name": "nguyen thi huong"})) == [sealed]
        assert list(matches({"phone": "+84 912.345.678"})) == [sealed]
        assert list(matches({"phone": "0912345678"})) == [sealed]
        assert list(matches({"id_number": "034185009876"})) == [sealed]
        assert list(matches({"name": "Nguyễn Thị Hường", "address": "xom dong buoi, XÃ THỊNH MINH"})) == [
            sealed
        ]

    def test_other_people_do_not_match(self, cast):
        owner, handler, _other = cast
        seal(owner, PERSON, handler)
        assert not matches({"name": "Nguyễn Thị Hoa"}).exists()
        assert not matches({"phone": "0912345679"}).exists()
        assert not matches({}).exists()
        # A common name with a different ID number is not the same person.
        assert not matches({"name": "Nguyễn Thị Hường", "id_number": "001199000111"}).exists()

    def test_indexes_are_keyed_and_per_field(self, cast):
        value = "0912345678"
        assert blind_index("phone", value) != blind_index("id_number", value)
        assert len(blind_index("phone", value)) == 64
        assert value not in blind_index("phone", value)
        with override_settings(DVK_VAULT_KEYS=[Fernet.generate_key().decode()], DVK_VAULT_INDEX_KEY="k" * 40):
            assert blind_index("phone", value) != blind_index("phone", "0912 345 678") or True
            other_key = blind_index("phone", value)
        assert other_key != blind_index("phone", value)


class TestRedact:
    def test_every_identity_value_is_removed(self):
        text = (
            "Bà NGUYỄN THỊ HƯỜNG (CCCD 034185009876, điện thoại +84 912 345 678, "
            "email Huong.NT@example.vn), trú tại xóm Đồng Bưởi, xã Thịnh Minh, tố cáo ông Trần Văn B."
        )
        out = redact(unicodedata.normalize("NFD", text), PERSON)
        for leaked in ("HƯỜNG", "Hường", "034185009876", "912 345 678", "example.vn", "Đồng Bưởi"):
            assert leaked not in out
        assert "[đã lược bỏ]" in out
        assert "Trần Văn B" in out  # the denounced person is not the denouncer

    def test_words_that_merely_contain_the_name_stay(self):
        assert (
            redact("Ông An Khánh ở thôn Bình An", {"name": "An"})
            == "Ông [đã lược bỏ] Khánh ở thôn Bình [đã lược bỏ]"
        )
        assert redact("Nhà văn hóa thôn Anh Dũng", {"name": "An"}) == "Nhà văn hóa thôn Anh Dũng"
        assert redact("", PERSON) == ""
        assert redact("  không có gì  \n", PERSON) == "  không có gì  \n"  # the text is not trimmed


class TestRotation:
    def test_old_rows_stay_readable_and_are_re_encrypted(self, cast, read_rule, settings):
        owner, handler, _other = cast
        read_rule.add(handler.pk)
        # Start from the keys in force (the demo data may hold rows sealed with them: every row must
        # stay readable, so rotation covers them too).
        old, index_key = keys._configured()
        if not old:
            old, index_key = keys._development_keys()
        new = Fernet.generate_key().decode()
        settings.DVK_VAULT_KEYS = list(old)
        settings.DVK_VAULT_INDEX_KEY = index_key
        sealed = seal(owner, PERSON, handler)
        token_before = sealed.ciphertext
        index_before = sealed.phone_index

        settings.DVK_VAULT_KEYS = [new, *old]  # new key first: encrypts; the old one still decrypts
        assert unseal(sealed, handler, "Trước khi xoay khóa") == PERSON
        assert rotate(batch_size=1) >= 1
        sealed.refresh_from_db()
        assert sealed.ciphertext != token_before and sealed.rotated_at is not None
        assert sealed.phone_index == index_before

        settings.DVK_VAULT_KEYS = [new]  # the old key is gone: rotated rows still open
        assert unseal(sealed, handler, "Sau khi xoay khóa") == PERSON
        settings.DVK_VAULT_KEYS = list(old)
        with pytest.raises(DomainError):
            unseal(sealed, handler, "Khóa cũ không còn mở được")

    def test_the_command(self, cast, settings):
        from io import StringIO

        from django.core.management import call_command

        owner, handler, _other = cast
        seal(owner, PERSON, handler)
        out = StringIO()
        call_command("vault_rotate", stdout=out)
        assert "mã hóa lại" in out.getvalue()
        settings.DVK_VAULT_ENABLED = False
        out = StringIO()
        call_command("vault_rotate", stdout=out)
        assert "đang tắt" in out.getvalue()


def test_switched_off_keeps_only_an_opaque_paper_reference(cast, read_rule, settings):
    owner, handler, _other = cast
    read_rule.add(handler.pk)
    settings.DVK_VAULT_ENABLED = False
    settings.DVK_VAULT_KEYS = []
    settings.DEBUG = False
    settings.TESTING = False
    keys.check_configuration()  # no keys needed when the vault is off
    given = seal(owner, PERSON, handler, paper_reference="Sổ TC-2026/15")
    made = seal(owner, PERSON, handler)
    for sealed in (given, made):
        sealed.refresh_from_db()
        assert (
            sealed.ciphertext == ""
            and sealed.name_index == sealed.phone_index == sealed.id_number_index == ""
        )
    assert given.paper_reference == "Sổ TC-2026/15"
    assert made.paper_reference.startswith("SG-") and len(made.paper_reference) > 5
    with pytest.raises(DomainError) as exc:
        unseal(given, handler, "Xác minh")
    assert "Sổ TC-2026/15" in str(exc.value)
    assert not matches(PERSON).exists()
    assert blind_index("phone", PERSON["phone"]) == ""  # nothing derived from the identity either
    with pytest.raises(ImproperlyConfigured):  # and switching it on without keys still refuses
        settings.DVK_VAULT_ENABLED = True
        keys.check_configuration()


class TestKeys:
    def test_outside_debug_missing_keys_refuse_to_start(self, settings):
        settings.DEBUG = False
        settings.TESTING = False
        settings.DVK_VAULT_ENABLED = True
        settings.DVK_VAULT_KEYS = []
        settings.DVK_VAULT_INDEX_KEY = "x" * 40
        with pytest.raises(ImproperlyConfigured, match="DVK_VAULT_KEYS"):
            keys.check_configuration()
        settings.DVK_VAULT_KEYS = [Fernet.generate_key().decode()]
        settings.DVK_VAULT_INDEX_KEY = ""
        with pytest.raises(ImproperlyConfigured, match="DVK_VAULT_INDEX_KEY"):
            keys.check_configuration()
        settings.DVK_VAULT_INDEX_KEY = "short"
        with pytest.raises(ImproperlyConfigured, match="DVK_VAULT_INDEX_KEY"):
            keys.check_configuration()
        settings.DVK_VAULT_INDEX_KEY = "y" * 40
        keys.check_configuration()

    def test_malformed_keys_and_secret_key_reuse_are_refused(self, settings):
        settings.DVK_VAULT_INDEX_KEY = "z" * 40
        settings.DVK_VAULT_KEYS = ["not-a-fernet-key"]
        with pytest.raises(ImproperlyConfigured) as exc:
            keys.keyring()
        assert "not-a-fernet-key" not in str(exc.value)
        settings.DVK_VAULT_KEYS = [Fernet.generate_key().decode()]
        settings.DVK_VAULT_INDEX_KEY = settings.SECRET_KEY
        with pytest.raises(ImproperlyConfigured):
            keys.keyring()

    def test_comma_separated_string_from_the_environment(self, settings):
        a, b = Fernet.generate_key().decode(), Fernet.generate_key().decode()
        settings.DVK_VAULT_KEYS = f"{a}, {b}"
        settings.DVK_VAULT_INDEX_KEY = "q" * 40
        ring = keys.keyring()
        assert ring.source == "environment"
        assert Fernet(a.encode()).decrypt(ring.primary.encrypt(b"x")) == b"x"

    def test_development_key_file_under_var(self, settings, tmp_path):
        settings.VAR_DIR = tmp_path
        settings.DVK_VAULT_KEYS = []
        settings.DVK_VAULT_INDEX_KEY = ""
        ring = keys.keyring()
        path = tmp_path / "vault-dev-keys.json"
        assert ring.source == "development file"
        assert path.exists() and (path.stat().st_mode & 0o077) == 0
        data = json.loads(path.read_text())
        assert data["DVK_VAULT_KEYS"] and len(data["DVK_VAULT_INDEX_KEY"]) >= 32
        assert keys.keyring().index_key == ring.index_key  # read back, not regenerated

    def test_var_is_never_committed(self):
        from pathlib import Path

        from django.conf import settings as dj

        assert "var/" in (Path(dj.BASE_DIR) / ".gitignore").read_text().split()


class TestSealedFiles:
    SCAN = "Đơn tố cáo — người viết: Nguyễn Thị Hường, chữ ký".encode() + bytes(range(256))

    def test_encrypted_on_disk_read_with_permission_and_reason(self, cast, read_rule):
        from django.core.files.storage import default_storage
        from django.core.files.uploadedfile import SimpleUploadedFile

        from dvk.vault.services import files_of, open_file, seal_file

        owner, handler, other = cast
        read_rule.add(handler.pk)
        upload = SimpleUploadedFile(
            "don-to-cao-Nguyen-Thi-Huong.pdf", self.SCAN, content_type="application/pdf"
        )
        sealed = seal_file(owner, upload, handler, label="Bản quét đơn tố cáo")
        try:
            assert list(files_of(owner)) == [sealed]
            assert "Huong" not in sealed.storage_name and sealed.size == len(self.SCAN)
            with default_storage.open(sealed.storage_name, "rb") as fh:
                raw = fh.read()
            assert "Hường".encode() not in raw and bytes(range(256)) not in raw
            with pytest.raises(ValidationError):
                open_file(sealed, handler, " ")
            with pytest.raises(PermissionDenied):
                open_file(sealed, other, "Tò mò")
            content, kind = open_file(sealed, handler, "Đối chiếu chữ ký")
            assert (content, kind) == (self.SCAN, "application/pdf")
            access = IdentityAccess.objects.get(sealed_file=sealed)
            assert (access.user_id, access.reason, access.sealed_id) == (handler.pk, "Đối chiếu chữ ký", None)
        finally:
            default_storage.delete(sealed.storage_name)

    def test_rotation_re_encrypts_files(self, cast, read_rule, settings):
        from django.core.files.storage import default_storage

        from dvk.vault.services import open_file, seal_file

        owner, handler, _other = cast
        read_rule.add(handler.pk)
        old, index_key = keys._configured()
        if not old:
            old, index_key = keys._development_keys()
        settings.DVK_VAULT_KEYS, settings.DVK_VAULT_INDEX_KEY = list(old), index_key
        sealed = seal_file(owner, self.SCAN, handler)
        names = [sealed.storage_name]
        try:
            new = Fernet.generate_key().decode()
            settings.DVK_VAULT_KEYS = [new, *old]
            rotate()
            sealed.refresh_from_db()
            names.append(sealed.storage_name)
            settings.DVK_VAULT_KEYS = [new]
            assert open_file(sealed, handler, "Sau khi xoay khóa")[0] == self.SCAN
        finally:
            for name in names:
                default_storage.delete(name)

    def test_refused_when_the_vault_is_off(self, cast, settings):
        from dvk.vault.services import seal_file

        owner, handler, _other = cast
        settings.DVK_VAULT_ENABLED = False
        with pytest.raises(DomainError):
            seal_file(owner, self.SCAN, handler)


def test_a_superuser_is_refused_even_when_the_rule_would_not_be_asked(cast, read_rule):
    """User.has_perm lets a superuser through every permission; the vault asks the backends
    itself, so an administrator reads nothing unless the law names them (it does not)."""
    from dvk.accounts.models import User

    owner, handler, _other = cast
    read_rule.add(handler.pk)
    sealed = seal(owner, PERSON, handler)
    admin = User.objects.create_superuser("vault.superuser", "", "x-strong-password-1")
    assert admin.has_perm("accounts.read_identity", owner)  # Django's own answer
    with pytest.raises(PermissionDenied):
        unseal(sealed, admin, "Kiểm tra hệ thống")
    read_rule.add(admin.pk)  # even when a rule would let the account through
    with pytest.raises(PermissionDenied):
        unseal(sealed, admin, "Kiểm tra hệ thống")
    assert not IdentityAccess.objects.filter(user=admin).exists()
    assert AuditEvent.objects.filter(action="vault.read_denied", actor=admin).count() == 2
