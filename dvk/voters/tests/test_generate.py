"""The voters scale generator at the tiny scale: exact petition count, forwards and answers in
every result, carry-overs, and the generated HĐND officer's worklist and report work."""

import io

import pytest
from django.core.management import call_command
from django.urls import reverse

from dvk.accounts.models import User
from dvk.scale.spec import SCALES
from dvk.voters.models import CarryOver, Forward, Petition
from dvk.voters.workflow import Outcome

pytestmark = pytest.mark.django_db


def test_tiny_scale_generates_petitions_forwards_answers(client):
    before = Petition.objects.count()
    call_command("generate_data", "--scale", "tiny", "--seed", "7", stdout=io.StringIO())
    generated = Petition.objects.exclude(organisation__code="PT-HDND")
    assert Petition.objects.count() - before == SCALES["tiny"].count("voter_petitions") == generated.count()
    assert set(
        Forward.objects.filter(petition__in=generated, stage="answered").values_list("outcome", flat=True)
    ) == set(Outcome.values)
    assert Forward.objects.filter(petition__in=generated, stage="sent").exists()
    assert (
        CarryOver.objects.filter(petition__in=generated).count()
        == generated.filter(carried_over__gt=0).count()
        > 0
    )
    # History like the demo's: every petition's events replay the workflow to its stage.
    from dvk.voters.models import ForwardEvent, PetitionEvent
    from dvk.voters.workflow import FORWARD_WORKFLOW, PETITION_WORKFLOW

    events: dict[int, list] = {}
    for e in PetitionEvent.objects.filter(petition__in=generated).order_by("at", "id"):
        events.setdefault(e.petition_id, []).append(e)
    for petition in generated.only("id", "stage"):
        stage = "recorded"
        for e in events.get(petition.pk, []):
            assert e.from_stage == stage, (petition.pk, e.action)
            assert PETITION_WORKFLOW.transition_for(e.action, stage).target == e.to_stage
            stage = e.to_stage
        assert stage == petition.stage, petition.pk
    answered = Forward.objects.filter(petition__in=generated, stage="answered")
    assert ForwardEvent.objects.filter(forward__in=answered, action="answer").count() == answered.count()
    assert FORWARD_WORKFLOW.transition_for("answer", "sent").target == "answered"
    office = User.objects.get(username="s01.hdnd")
    client.force_login(office)
    r = client.get(reverse("voters:worklist"))
    assert r.status_code == 200 and r.content.decode().count("<tr") > 10
    session = generated.order_by("-due_session__opens_on").first().due_session
    assert client.get(reverse("voters:session_report", args=[session.pk])).status_code == 200
    client.force_login(User.objects.get(username="s01.snv"))
    assert client.get(reverse("voters:forwarded")).status_code == 200
