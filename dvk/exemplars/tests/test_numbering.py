"""Recognition decisions are numbered by the shared document register (dvk.documents): one
register per deciding body, type and year; the decision keeps its register row, whose code the
public verification page reads. (The register's own sequence, forms and concurrency are tested
in dvk/documents/tests/test_numbering.py.)"""

from __future__ import annotations

import datetime as dt

from django.test import Client

from dvk.documents.models import Document
from dvk.exemplars.models import Cycle, Decision, Exemplar
from dvk.exemplars.services import issue_decision
from dvk.exemplars.workflow import Stage
from dvk.organisations.models import Organisation


def test_decisions_are_numbered_in_the_deciding_bodys_register(db, persona):
    ban = Organisation.objects.get(code="PT-BTGDV")
    exemplar = Exemplar.objects.filter(stage=Stage.RECOGNISED).first()
    leader = persona("lanhdao.bdv")
    made = [
        issue_decision(
            exemplar=exemplar,
            issuing_body=ban,
            level="tinh",
            cycle=Cycle.current(),
            signed_on=dt.date(2031, 5, d),
            by=leader,
        )
        for d in (1, 2)
    ]
    assert [d.number for d in made] == ["01-QĐ/BTGDVTU", "02-QĐ/BTGDVTU"]
    for decision in made:
        document = decision.document
        assert document.number == decision.number and document.verification_code == decision.verification_code
        assert document.subject == decision and document.doc_type == "QĐ" and document.year == 2031
        assert document.signer == leader and document.capacity_prefix == "K/T"
    page = Client().get(f"/xac-minh/{made[0].verification_code}/")
    assert page.status_code == 200 and made[0].number in page.content.decode()


def test_every_demo_decision_has_its_register_row_and_registers_have_no_gaps(db):
    assert not Decision.objects.filter(document__isnull=True).exists()
    registers: dict[tuple, list[int]] = {}
    for body, doc_type, year, seq in Document.objects.filter(sequence__isnull=False).values_list(
        "organisation", "doc_type", "year", "sequence"
    ):
        registers.setdefault((body, doc_type, year), []).append(seq)
    assert registers
    for sequences in registers.values():
        assert sorted(sequences) == list(range(1, len(sequences) + 1))
