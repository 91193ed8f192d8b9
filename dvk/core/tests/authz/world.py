"""The authorisation matrix's dataset: marker rows and the oracle of who may see each of them.

Every row of every domain's main models gets a marker — `MKR-<owner body code>-<serial>` — put in
front of its main text field (and of its folded search column, so `?q=MKR` finds it), so that any
response can be searched for rows it should not show. Rows the demo does not have (attachments,
periodic reports, notifications, audit events about the marked rows, export and import jobs) are
planted through the services. `RULES` says, per model, who may see a row: the domain's declared
scope (`visible_to`, the one scoping module) or, for a child row, its parent's, plus what the public
pages show (`public`). The matrix (dvk/core/tests/test_authz_matrix.py) holds every route to it.
"""

from __future__ import annotations

import io
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.apps import apps
from django.db.models import Q, QuerySet

from dvk.core.text import fold

MARKER_RE = re.compile(r"MKR-[A-Z0-9]+-\d{5}")


def model(label: str) -> Any:
    """The model of a rule's label ("app.Model", or "app.Model:view" for another rule over it)."""
    return apps.get_model(label.split(":")[0])


def _scoped(label: str) -> Callable[[Any], QuerySet]:
    return lambda user: model(label).objects.visible_to(user)


def _via(label: str, parent: str, parent_label: str) -> Callable[[Any], QuerySet]:
    """Rows visible when their parent row is (a child without a scope of its own)."""
    return lambda user: model(label).objects.filter(
        **{f"{parent}__in": model(parent_label).objects.visible_to(user)}
    )


def _councils(user: Any) -> QuerySet:
    from dvk.exemplars.models import council_ids_for
    from dvk.organisations.scoping import scope_for

    return model("exemplars.Council").objects.filter(
        scope_for(user).q("organisation__path") | Q(pk__in=council_ids_for(user))
    )


def _organisations(user: Any) -> QuerySet:
    from dvk.organisations.scoping import visible_organisations

    return visible_organisations(user)


def _attachments(user: Any) -> QuerySet:
    """An attachment is visible with the record it belongs to."""
    from django.contrib.contenttypes.models import ContentType

    Attachment = model("attachments.Attachment")
    q = Q(pk__in=[])
    for ct in ContentType.objects.filter(pk__in=Attachment.objects.values("content_type_id")):
        manager = ct.model_class()._default_manager
        if hasattr(manager, "visible_to"):
            ids = [str(pk) for pk in manager.visible_to(user).values_list("pk", flat=True)]
            q |= Q(content_type=ct, object_id__in=ids)
    return Attachment.objects.filter(q)


def _own(label: str, user_field: str = "user") -> Callable[[Any], QuerySet]:
    return lambda user: model(label).objects.filter(
        **{user_field: user.pk if user.is_authenticated else None}
    )


def _forwards(user: Any) -> QuerySet:
    """A forward is visible to its council and its answering body, and is part of its petition's
    record (the petition page shows its answers to whoever sees the petition)."""
    Forward = model("voters.Forward")
    return Forward.objects.filter(
        Q(pk__in=Forward.objects.visible_to(user))
        | Q(petition__in=model("voters.Petition").objects.visible_to(user))
    )


def _or_via(label: str, children: tuple[tuple[str, str], ...]) -> Callable[[Any], QuerySet]:
    """Rows in scope, and rows a visible child row names as part of its record: the critique
    document (văn bản phản biện) sent with the critique, the programme a supervision belongs to."""

    def visible(user: Any) -> QuerySet:
        q = Q(pk__in=model(label).objects.visible_to(user).values("pk"))
        for child, fk in children:
            q |= Q(pk__in=model(child).objects.visible_to(user).values(fk))
        return model(label).objects.filter(q)

    return visible


def _public_exemplars() -> QuerySet:
    return model("exemplars.Exemplar").objects.public()


def _public_critiques() -> QuerySet:
    from dvk.front.selectors import public_critiques

    return public_critiques()


def _public_sessions() -> QuerySet:
    from dvk.voters.selectors import published_sessions

    return published_sessions()


def _public_petitions() -> QuerySet:
    from dvk.voters.selectors import published_answers

    ids: list[int] = []
    for session in _public_sessions():
        ids += list(published_answers(session=session).values_list("pk", flat=True))
    return model("voters.Petition").objects.filter(pk__in=ids)


def _public_forwards() -> QuerySet:
    return model("voters.Forward").objects.filter(petition__in=_public_petitions())


def _public_comments() -> QuerySet:
    return model("front.Comment").objects.filter(critique__in=_public_critiques(), moderation="approved")


@dataclass(frozen=True)
class Rule:
    """Who may see a row of one model: `visible(user)` (staff routes), `public()` (anyone), and the
    text fields that carry its marker (none: the model is only an object of routes)."""

    visible: Callable[[Any], QuerySet]
    public: Callable[[], QuerySet] | None = None
    marked: tuple[str, ...] = ()


def scoped(label: str, *marked: str, public: Callable[[], QuerySet] | None = None) -> Rule:
    return Rule(_scoped(label), public, marked)


RULES: dict[str, Rule] = {
    "organisations.Organisation": Rule(_organisations),
    "documents.Document": Rule(
        _or_via(
            "documents.Document",
            (
                ("front.Critique", "document"),
                ("plans.UrgeLetter", "document"),
                ("exemplars.Exemplar", "decisions__document"),
            ),
        ),
        marked=("title",),
    ),
    "exemplars.Exemplar": scoped("exemplars.Exemplar", "title", public=_public_exemplars),
    # The replication form crosses scopes on purpose: own models and every public one.
    "exemplars.Exemplar:replicable": Rule(
        lambda user: model("exemplars.Exemplar").objects.replicable_by(user)
    ),
    "exemplars.Replication": scoped("exemplars.Replication", "results"),
    "exemplars.ProgressUpdate": Rule(
        _via("exemplars.ProgressUpdate", "exemplar", "exemplars.Exemplar"), marked=("summary",)
    ),
    "exemplars.Council": Rule(_councils),
    "exemplars.Decision": Rule(_via("exemplars.Decision", "exemplar", "exemplars.Exemplar")),
    "plans.Plan": scoped("plans.Plan", "title"),
    "plans.Task": Rule(_via("plans.Task", "plan", "plans.Plan"), marked=("title",)),
    "plans.Assignment": scoped("plans.Assignment"),
    "plans.Report": scoped("plans.Report", "summary"),
    "plans.UrgeLetter": scoped("plans.UrgeLetter", "subject"),
    "plans.SupervisionProgramme": scoped("plans.SupervisionProgramme", "title"),
    "plans.SupervisionVisit": scoped("plans.SupervisionVisit", "findings"),
    "plans.Recommendation": scoped("plans.Recommendation", "text"),
    "plans.Campaign": scoped("plans.Campaign", "name"),
    "plans.Activity": scoped("plans.Activity", "title"),
    "plans.Event": scoped("plans.Event", "title"),
    "voters.Term": scoped("voters.Term", "name"),
    "voters.Session": scoped("voters.Session", public=_public_sessions),
    "voters.Meeting": scoped("voters.Meeting", "notes"),
    "voters.Petition": scoped("voters.Petition", "text", public=_public_petitions),
    "voters.Forward": Rule(_forwards, _public_forwards, ("answer",)),
    "citizens.ReceptionDuty": scoped("citizens.ReceptionDuty", "title"),
    "citizens.ReceptionSession": scoped("citizens.ReceptionSession", "note"),
    "citizens.Matter": scoped("citizens.Matter", "title"),
    "citizens.Letter": scoped("citizens.Letter", "summary"),
    "citizens.Case": scoped("citizens.Case", "summary"),
    "citizens.Visit": scoped("citizens.Visit", "content"),
    "citizens.DuplicateSuggestion": Rule(_via("citizens.DuplicateSuggestion", "letter", "citizens.Letter")),
    "front.Programme": Rule(
        _or_via("front.Programme", (("front.Supervision", "programme"),)), marked=("title",)
    ),
    "front.Supervision": scoped("front.Supervision", "title"),
    "front.Recommendation": scoped("front.Recommendation", "text"),
    "front.Critique": scoped("front.Critique", "title", public=_public_critiques),
    "front.Comment": Rule(_via("front.Comment", "critique", "front.Critique"), _public_comments, ("text",)),
    "reports.PeriodicReport": scoped("reports.PeriodicReport", "title"),
    "attachments.Attachment": Rule(_attachments, marked=("label",)),
    "notifications.Notification": Rule(_own("notifications.Notification"), marked=("title",)),
    "exports.ExportJob": Rule(_own("exports.ExportJob")),
    "imports.ImportJob": Rule(_own("imports.ImportJob"), marked=("filename",)),
    "audit.AuditEvent": Rule(lambda user: model("audit.AuditEvent").objects.visible_to(user)),
}


@dataclass
class World:
    """The markers (token → (model label, pk)) and, per persona, what it may see."""

    markers: dict[str, tuple[str, int]] = field(default_factory=dict)
    _allowed: dict[str, frozenset[str]] = field(default_factory=dict)
    _visible: dict[tuple[str, str], frozenset[int]] = field(default_factory=dict)
    _public: dict[str, frozenset[int]] = field(default_factory=dict)

    def visible(self, user: Any, label: str) -> frozenset[int]:
        """Pks of `label` the user's staff routes may show (anonymous: none)."""
        key = (user.get_username() if user.is_authenticated else "", label)
        if key not in self._visible:
            rows: frozenset[int] = frozenset()
            if user.is_authenticated:
                rows = frozenset(RULES[label].visible(user).values_list("pk", flat=True))
            self._visible[key] = rows
        return self._visible[key]

    def public(self, label: str) -> frozenset[int]:
        if label not in self._public:
            rule = RULES[label].public
            self._public[label] = frozenset(rule().values_list("pk", flat=True)) if rule else frozenset()
        return self._public[label]

    def allowed(self, user: Any) -> frozenset[str]:
        """The markers any response to this user may contain."""
        key = user.get_username() if user.is_authenticated else ""
        if key not in self._allowed:
            self._allowed[key] = frozenset(
                token
                for token, (label, pk) in self.markers.items()
                if pk in self.visible(user, label) or pk in self.public(label)
            )
        return self._allowed[key]


def _code(organisation: Any) -> str:
    return re.sub(r"[^A-Z0-9]", "", (organisation.code or f"ORG{organisation.pk}").upper()) or "X"


def _owner_code(obj: Any) -> str:
    org = getattr(obj, "organisation", None)
    if org is None and hasattr(obj, "user"):
        return "U" + re.sub(r"[^A-Z0-9]", "", obj.user.get_username().upper())
    for parent in ("exemplar", "plan", "critique", "letter"):
        if org is None and hasattr(obj, parent):
            org = getattr(obj, parent).organisation
    return _code(org) if org is not None else "X"


def mark(world: World, label: str) -> None:
    """Put a fresh marker in front of each marked text field of every row of `label`."""
    Model = model(label)
    fields = RULES[label].marked
    has_search = any(f.name == "search_text" for f in Model._meta.fields)
    rows = list(Model.objects.all())
    for obj in rows:
        token = f"MKR-{_owner_code(obj)}-{len(world.markers) + 1:05d}"
        world.markers[token] = (label, obj.pk)
        for name in fields:
            limit = Model._meta.get_field(name).max_length or 10**6
            setattr(obj, name, f"{token} {getattr(obj, name) or ''}"[:limit].rstrip())
        if has_search:
            obj.search_text = f"{fold(token)} {obj.search_text}"
    Model.objects.bulk_update(rows, [*fields, *(["search_text"] if has_search else [])], batch_size=500)


def _pdf(token: str) -> bytes:
    return b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\n% " + token.encode() + b"\ntrailer << >>\n%%EOF\n"


def plant(world: World, users: dict[str, Any]) -> None:
    """The rows the demo lacks, through the services, each carrying a marker."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    from dvk.attachments.services import attach, attachable
    from dvk.audit.services import record
    from dvk.exports import services as exports
    from dvk.imports.services import upload
    from dvk.notifications.tasks import deliver
    from dvk.reports.services import create_report, period_for

    admin = users["admin"]
    Exemplar = model("exemplars.Exemplar")
    # One file per owner body of the exemplars (attachment label and content both carry its marker).
    kinds = list(attachable("exemplars.exemplar").kinds)
    seen: set[str] = set()
    for exemplar in Exemplar.objects.select_related("organisation").order_by("pk"):
        if exemplar.org_path in seen:
            continue
        seen.add(exemplar.org_path)
        token = f"MKR-{_code(exemplar.organisation)}-{len(world.markers) + 1:05d}"
        file = SimpleUploadedFile(f"{token}.pdf", _pdf(token), content_type="application/pdf")
        row = attach(
            target=exemplar,
            upload=file,
            by=admin,
            kind="evidence" if "evidence" in kinds else kinds[0],
            label=token,
        )
        world.markers[token] = ("attachments.Attachment", row.pk)
    # A periodic report of the bodies of the personas who write them.
    period = period_for("year", year=2025)
    Membership = model("organisations.Membership")
    for m in Membership.objects.select_related("organisation", "user").order_by("pk"):
        if not m.user.has_perm("reports.add_report", m.organisation):
            continue
        try:
            report = create_report(by=m.user, organisation=m.organisation, kind="year", period=period)
        except Exception:  # noqa: BLE001, S112 (a body that may not write one: skip it)
            continue
        token = f"MKR-{_code(m.organisation)}-{len(world.markers) + 1:05d}"
        model("reports.PeriodicReport").objects.filter(pk=report.pk).update(
            title=f"{token} {report.title}"[:255]
        )
        world.markers[token] = ("reports.PeriodicReport", report.pk)
    # One notification per persona, one audit event per owner body of the marked exemplars and plans.
    for username, user in users.items():
        token = f"MKR-U{re.sub(r'[^A-Z0-9]', '', username.upper())}-{len(world.markers) + 1:05d}"
        deliver.call([user.pk], token, "", "", "authz", f"authz-{token}", False)
        world.markers[token] = (
            "notifications.Notification",
            model("notifications.Notification").objects.get(title=token).pk,
        )
    for label in ("exemplars.Exemplar", "plans.Plan", "citizens.Case", "voters.Petition", "front.Critique"):
        seen = set()
        for obj in model(label).objects.select_related("organisation").order_by("pk"):
            if obj.org_path not in seen:
                seen.add(obj.org_path)
                record(actor=admin, action="authz.marker", target=obj, organisation=obj.organisation)
    # Each persona's own export job and (for those who import) import job.
    from dvk.core import listing

    spec = listing.get("exemplars") or listing.all_specs()[0]
    for user in users.values():
        exports.export(user=user, spec=spec, params=spec.clean({}))
        kinds_allowed = __import__("dvk.imports.services", fromlist=["allowed_specs"]).allowed_specs(user)
        if kinds_allowed:
            token = (
                f"MKR-U{re.sub(r'[^A-Z0-9]', '', user.get_username().upper())}-{len(world.markers) + 1:05d}"
            )
            job = upload(user=user, kind=next(iter(kinds_allowed)), filename=f"{token}.xlsx", content=_xlsx())
            world.markers[token] = ("imports.ImportJob", job.pk)


def _xlsx() -> bytes:
    from openpyxl import Workbook

    book = Workbook()
    book.active.append(["Tên"])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def plant_unmarked(users: dict[str, Any]) -> None:
    """Rows the demo lacks whose text the marking then covers: an urge letter of each plan."""
    from dvk.plans.services.reminders import urge

    for plan in model("plans.Plan").objects.order_by("pk"):
        late = list(plan.assignments.order_by("pk")[:2])
        if late:
            urge(by=users["admin"], plan=plan, assignments=late, message="Đề nghị khẩn trương báo cáo.")


def build(users: dict[str, Any]) -> World:
    world = World()
    plant_unmarked(users)
    for label, rule in RULES.items():
        if rule.marked and label not in ("attachments.Attachment", "imports.ImportJob"):
            mark(world, label)
    plant(world, users)
    return world
