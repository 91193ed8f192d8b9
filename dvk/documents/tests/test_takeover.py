"""Taking documents numbered before the register into it (the data migrations): nothing is
renumbered, a repeated number is kept as written, and each counter continues after the highest."""

from __future__ import annotations

import datetime as dt
import importlib

from django.apps import apps
from django.contrib.contenttypes.models import ContentType

from dvk.documents import services
from dvk.documents.models import Counter, Document
from dvk.documents.takeover import Existing, continue_after, take_over
from dvk.plans.models import UrgeLetter


def test_existing_numbers_are_kept_and_counters_continue(body):
    ban = body("PT-BTGDV")
    rows = [
        Existing(ban.pk, "QĐ", dt.date(2035, 2, 1), "3-QĐ/BTGDVTU", "Công nhận A", subject_id=900001),
        Existing(ban.pk, "QĐ", dt.date(2035, 1, 5), "1-QĐ/BTGDVTU", "Công nhận B", subject_id=900002),
        Existing(ban.pk, "QĐ", dt.date(2035, 3, 9), "1-QĐ/BTGDVTU", "Lặp số", subject_id=900003),
        Existing(ban.pk, "QĐ", dt.date(2035, 3, 9), "không số", "Không đọc được", subject_id=900004),
        Existing(ban.pk, "QĐ", dt.date(2035, 4, 1), "x", "Số đã biết", subject_id=900005, sequence=4),
    ]
    created = take_over(apps, "exemplars", "decision", rows)
    documents = {d.object_id: d for d in Document.objects.filter(pk__in=created.values())}
    assert {k: d.number for k, d in documents.items()} == {r.subject_id: r.number for r in rows}
    assert documents[900002].sequence == 1 and documents[900001].sequence == 3
    assert documents[900003].sequence is None  # the later of two equal numbers keeps its text
    assert documents[900004].sequence is None and documents[900005].sequence == 4
    assert all(d.source == "migrated" and d.form == "party" for d in documents.values())
    assert documents[900001].content_type == ContentType.objects.get(app_label="exemplars", model="decision")
    assert Counter.objects.get(organisation=ban, doc_type="QĐ", year=2035).last_number == 4
    continue_after(apps, ban.pk, "QĐ", 2035, 2)  # never moves back
    assert Counter.objects.get(organisation=ban, doc_type="QĐ", year=2035).last_number == 4
    new = services.issue(organisation=ban, doc_type="QĐ", title="Mới", by=None, issued_on=dt.date(2035, 5, 1))
    assert new.number == "05-QĐ/BTGDVTU"


def test_plans_migration_takes_letters_over_without_renumbering(body, persona):
    ban = body("PT-BTGDV")
    plan = apps.get_model("plans", "Plan").objects.filter(organisation=ban).first()
    user = persona("tinh.bdv")
    numbers = ["1-CV/BTGDVTU", "2-CV/BTGDVTU", "2-CV/BTGDVTU"]  # count()+1 could repeat one
    letters = [
        UrgeLetter.objects.create(
            organisation=ban,
            plan=plan,
            number=n,
            sent_on=dt.date(2036, 3, i + 1),
            subject="V/v đôn đốc",
            created_by=user,
        )
        for i, n in enumerate(numbers)
    ]
    letters[0].recipients.set([body("PT-SNV")])
    migration = importlib.import_module("dvk.plans.migrations.0004_letters_into_register")
    migration.forwards(apps, None)
    for letter, number in zip(letters, numbers, strict=True):
        letter.refresh_from_db()
        assert letter.number == number and letter.document.number == number
        assert letter.document.subject == letter
    assert letters[0].document.recipients == [body("PT-SNV").name]
    assert [letter.document.sequence for letter in letters] == [1, 2, None]
    again = services.issue(organisation=ban, doc_type="CV", title="x", by=None, issued_on=dt.date(2036, 4, 1))
    assert again.number == "03-CV/BTGDVTU"
