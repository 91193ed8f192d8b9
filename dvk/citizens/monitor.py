"""The monitoring view's state kept as counts on write (dvk.stats, domain "citizens_mon").

Every case counts, in the month it was received, on its body and every body above it:
"n" (received), "open" (in an open stage), "crowd", "prolonged" with the case's own body path as
the field (so the scope's own node also holds the per-body rows the view lists), and
"state:<stage>", "kind:<kind>", "complex", "late" (finished after its deadline), "f:<field id>",
"open_crowd" and "open_prolonged" (open and đông người / kéo dài: the home widget's figures)
without a field. These are states, not events: a case that changes stage, flag, field or body
moves its counts. `Case` instances remember what they counted when loaded (post_init); a
post_save receiver writes the difference (one statement), so every `save()` of a case keeps the
counts, whichever service made it. The two services that change cases with `update()` call
`update_cases`. `rebuild_counters` recounts the same from the cases' current state (the tracks).

"Overdue" (open and past its deadline today) is not a count kept on write: it changes with the
date. The view reads it as the counted open cases less the open cases still in time (no deadline,
or one from today on), from the partial index cit_case_open_due (selectors._overdue)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import Case as CaseWhen
from django.db.models import CharField, F, Q, QuerySet, Value, When
from django.db.models.functions import Cast, Coalesce, Concat
from django.db.models.signals import post_delete, post_init, post_save, pre_save

from dvk.citizens.workflow import FINAL_STAGES, OPEN_STAGES
from dvk.stats import counters
from dvk.stats.counters import Track

DOMAIN = "citizens_mon"
BODY_METRICS = ("n", "open", "crowd", "prolonged")  # counted per body (field = the body's path)
NEEDED = (
    "org_path",
    "received_on",
    "stage",
    "kind",
    "field_id",
    "crowd",
    "complex",
    "prolonged",
    "finished_late",
)
_SNAPSHOT = "_monitor_counted"

Key = tuple[str, str]  # (metric, field)
State = tuple[str, dt.date, tuple[Key, ...]] | None  # (path, month, keys)


def keys(case: Any) -> tuple[Key, ...]:
    """What one case counts: (metric, field) pairs."""
    own = case.org_path
    out: list[Key] = [("n", own), (f"state:{case.stage}", ""), (f"kind:{case.kind}", "")]
    out.append((f"f:{case.field_id or ''}", ""))
    if case.stage in OPEN_STAGES:
        out.append(("open", own))
        if case.crowd:
            out.append(("open_crowd", ""))
        if case.prolonged:
            out.append(("open_prolonged", ""))
    if case.crowd:
        out.append(("crowd", own))
    if case.prolonged:
        out.append(("prolonged", own))
    if case.complex:
        out.append(("complex", ""))
    if case.stage in FINAL_STAGES and case.finished_late:
        out.append(("late", ""))
    return tuple(out)


def state(case: Any) -> State:
    if not case.org_path or case.received_on is None:
        return None
    return case.org_path, case.received_on.replace(day=1), keys(case)


def _state_of_values(row: dict[str, Any]) -> State:
    class _Row:
        pass

    r = _Row()
    r.__dict__.update(row)
    return state(r)


def changes(before: State, after: State) -> list[counters.Change]:
    """What moves from the counted state `before` to `after` (−1 for each key no longer counted,
    +1 for each new one; nothing for what stays)."""
    out: list[counters.Change] = []
    if before == after:
        return out
    old = set(before[2]) if before else set()
    new = set(after[2]) if after else set()
    same_place = before is not None and after is not None and before[:2] == after[:2]
    if before is not None:
        path, month, _k = before
        out += [(DOMAIN, m, path, month, f, -1) for m, f in (old - new if same_place else old)]
    if after is not None:
        path, month, _k = after
        out += [(DOMAIN, m, path, month, f, 1) for m, f in (new - old if same_place else new)]
    return out


def _remember(sender: Any, instance: Any, **kwargs: Any) -> None:
    d = instance.__dict__
    if all(a in d for a in NEEDED) and instance.pk is not None:
        d[_SNAPSHOT] = state(instance)


def _before_save(sender: Any, instance: Any, raw: bool = False, **kwargs: Any) -> None:
    """A case loaded with some counted column deferred has no snapshot: read it now (rare)."""
    if raw or instance.pk is None or _SNAPSHOT in instance.__dict__ or instance._state.adding:
        return
    row = (
        sender.objects.using(kwargs.get("using") or "default").filter(pk=instance.pk).values(*NEEDED).first()
    )
    instance.__dict__[_SNAPSHOT] = _state_of_values(row) if row else None


def _after_save(sender: Any, instance: Any, created: bool = False, raw: bool = False, **kwargs: Any) -> None:
    if raw:
        return
    before = None if created else instance.__dict__.get(_SNAPSHOT)
    after = state(instance)
    counters.add_changes(changes(before, after), using=kwargs.get("using") or "default")
    instance.__dict__[_SNAPSHOT] = after


def _after_delete(sender: Any, instance: Any, **kwargs: Any) -> None:
    before = instance.__dict__.get(_SNAPSHOT, state(instance))
    counters.add_changes(changes(before, None), using=kwargs.get("using") or "default")


def connect() -> None:
    from dvk.citizens.models import Case

    post_init.connect(_remember, sender=Case, weak=False, dispatch_uid="citizens_monitor_init")
    pre_save.connect(_before_save, sender=Case, weak=False, dispatch_uid="citizens_monitor_pre")
    post_save.connect(_after_save, sender=Case, weak=False, dispatch_uid="citizens_monitor_post")
    post_delete.connect(_after_delete, sender=Case, weak=False, dispatch_uid="citizens_monitor_delete")


def update_cases(qs: QuerySet[Any], **values: Any) -> int:
    """`qs.update(**values)` with the counts moved: the rows' counted state read before and after
    (two queries), the difference written in one statement."""
    before = {r["pk"]: _state_of_values(r) for r in qs.values("pk", *NEEDED)}
    done = qs.model.objects.filter(pk__in=list(before)).update(**values)
    after = {
        r["pk"]: _state_of_values(r)
        for r in qs.model.objects.filter(pk__in=list(before)).values("pk", *NEEDED)
    }
    counters.add_changes([c for pk, b in before.items() for c in changes(b, after.get(pk))], using=qs.db)
    return done


# --- the tracks rebuild_counters recounts from the cases' current state --------------------------------


def _when(condition: Q, metric: str) -> Any:
    return CaseWhen(When(condition, then=Value(metric)), default=Value(None), output_field=CharField())


def _track(metric: Any, metric_sql: Any, per_body: bool) -> Track:
    return Track(
        DOMAIN,
        "citizens.Case",
        metric=metric,
        day=lambda case: case.received_on,
        field=(lambda case: case.org_path) if per_body else (lambda case: ""),
        metric_sql=metric_sql,
        day_sql=F("received_on"),
        field_sql=F("org_path") if per_body else Value(""),
        receiver=False,
    )


def _flag(name: str) -> Any:
    return lambda case: name if getattr(case, name) else None


TRACKS = (
    _track(lambda case: "n", Value("n"), True),
    _track(
        lambda case: "open" if case.stage in OPEN_STAGES else None,
        _when(Q(stage__in=OPEN_STAGES), "open"),
        True,
    ),
    _track(_flag("crowd"), _when(Q(crowd=True), "crowd"), True),
    _track(_flag("prolonged"), _when(Q(prolonged=True), "prolonged"), True),
    _track(
        lambda case: f"state:{case.stage}",
        Concat(Value("state:"), F("stage"), output_field=CharField()),
        False,
    ),
    _track(
        lambda case: f"kind:{case.kind}", Concat(Value("kind:"), F("kind"), output_field=CharField()), False
    ),
    _track(
        lambda case: f"f:{case.field_id or ''}",
        Concat(Value("f:"), Coalesce(Cast("field_id", CharField()), Value("")), output_field=CharField()),
        False,
    ),
    _track(_flag("complex"), _when(Q(complex=True), "complex"), False),
    _track(
        lambda case: "open_crowd" if case.stage in OPEN_STAGES and case.crowd else None,
        _when(Q(stage__in=OPEN_STAGES, crowd=True), "open_crowd"),
        False,
    ),
    _track(
        lambda case: "open_prolonged" if case.stage in OPEN_STAGES and case.prolonged else None,
        _when(Q(stage__in=OPEN_STAGES, prolonged=True), "open_prolonged"),
        False,
    ),
    _track(
        lambda case: "late" if case.stage in FINAL_STAGES and case.finished_late else None,
        _when(Q(stage__in=FINAL_STAGES, finished_late=True), "late"),
        False,
    ),
)
