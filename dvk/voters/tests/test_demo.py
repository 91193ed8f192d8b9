from dvk.voters.models import CarryOver, Forward, Petition, Session
from dvk.voters.workflow import Outcome, PetitionStage


def test_demo_session_has_every_status(db):
    s29 = Session.objects.get(number=29)
    stages = set(Petition.objects.filter(due_session=s29).values_list("stage", flat=True))
    assert stages >= {s.value for s in PetitionStage}
    outcomes = set(
        Petition.objects.filter(due_session=s29, stage="answered").values_list("outcome", flat=True)
    )
    assert outcomes >= {Outcome.ROADMAP, Outcome.CANNOT, Outcome.EXPLAINED}
    assert CarryOver.objects.filter(to_session=s29).exists()
    assert Forward.objects.overdue().exists()
