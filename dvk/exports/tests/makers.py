"""Row makers for the list contract tests: `MAKERS[spec](n, token)` creates n rows of that list,
in the persona's body, whose search text contains `token`."""

from __future__ import annotations

from collections.abc import Callable


def _exemplars(n: int, token: str) -> None:
    from dvk.exemplars.factories import ExemplarFactory
    from dvk.exemplars.models import Cycle, FieldOfWork
    from dvk.exemplars.workflow import Stage
    from dvk.organisations.models import Organisation

    org = Organisation.objects.get(code="PT-DU-04897")
    field = FieldOfWork.objects.filter(parent__isnull=True).first()
    cycle = Cycle.objects.first()
    for i in range(n):
        ExemplarFactory(
            title=f"{token} {i:03d}", stage=Stage.IN_PROGRESS, organisation=org, field=field, cycle=cycle
        )


MAKERS: dict[str, Callable[[int, str], None]] = {
    "exemplars.list": _exemplars,
}
