"""What every route is, as data: the one table the authorisation matrix reads.

A route (an HTML URL pattern, as the resolver spells it, or an API operation, "METHOD /path") the
table does not list fails the matrix until it is classified here, so a new route is covered the day
it lands. The kinds:

- `PUBLIC`: anybody, no log-in (what it shows must be public or the user's own scope).
- `PAGE`: a staff page without an object (lists, dashboards, search, forms to create): anonymous is
  sent to the log-in page (HTML) or refused with 401 (API); what it shows must be in scope.
- `Obj(model, kw)`: a route about one row of `model` (its id in the path argument `kw`; `extra` gives
  the other arguments from the row): out of the user's scope it is 404 for GET and for an empty POST,
  which changes nothing; in scope it is shown (200) or refused (403).
- `PublicObj(model, kw)`: a public page about one row: the public rows for anybody, 404 for the others.
- `Exports()`: `/xuat-excel/<name>/`, run for every registered list.
- `Skip(reason)`: not requested (with the reason).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Kind:
    name: str


PUBLIC = Kind("public")
PAGE = Kind("page")


@dataclass(frozen=True)
class Obj:
    model: str
    kw: str = "pk"
    extra: Callable[[Any], dict[str, Any]] | dict[str, Any] = field(default_factory=dict)
    public: bool = False

    def kwargs(self, obj: Any) -> dict[str, Any]:
        more = self.extra(obj) if callable(self.extra) else self.extra  # noqa: S610 (not QuerySet.extra)
        return {self.kw: obj.pk, **more}


def PublicObj(model: str, kw: str = "pk", extra: Any = None) -> Obj:  # noqa: N802 (reads as a kind)
    return Obj(model, kw, extra or {}, public=True)


@dataclass(frozen=True)
class Exports:
    pass


@dataclass(frozen=True)
class Skip:
    reason: str


def _action(name: str) -> dict[str, str]:
    return {"action": name}


def _decision(decision: Any) -> dict[str, Any]:
    """The certificate route names the exemplar and one of its decisions."""
    return {"pk": decision.exemplar_id, "decision_id": decision.pk}


def _register(org: Any) -> dict[str, Any]:
    return {"year": 2026}


def _version(critique: Any) -> dict[str, Any]:
    return {"number": 1}


E, PL, V, C, F = "exemplars.", "plans.", "voters.", "citizens.", "front."

HTML: dict[str, Any] = {
    "healthz": PUBLIC,
    "favicon.ico": PUBLIC,
    "": PAGE,
    "ngon-ngu/": PUBLIC,
    "tai-khoan/dang-nhap/": PUBLIC,
    "tai-khoan/dang-xuat/": Skip("logging out ends the session the matrix runs in"),
    "tai-khoan/doi-mat-khau/": PAGE,
    "tai-khoan/doi-mat-khau/xong/": PAGE,
    "tai-khoan/xac-nhan-mat-khau/": PAGE,
    "tai-khoan/xac-thuc-hai-lop/": PAGE,
    "tai-khoan/xac-thuc-hai-lop/dang-ky/": PAGE,
    "don-vi/": PAGE,
    "don-vi/<int:pk>/": Obj("organisations.Organisation"),
    "nhat-ky/": PAGE,
    "thong-bao/": PAGE,
    "thong-bao/chuong/": PAGE,
    "thong-bao/<int:pk>/doc/": Obj("notifications.Notification"),
    "tep/<int:pk>/tai-ve/": Obj("attachments.Attachment"),
    "so-van-ban/": PAGE,
    "so-van-ban/<int:org_id>/<int:year>/": Obj("organisations.Organisation", "org_id", _register),
    "so-van-ban/<int:org_id>/<int:year>/excel/": Obj("organisations.Organisation", "org_id", _register),
    "nhap-du-lieu/": PAGE,
    "nhap-du-lieu/<int:pk>/": Obj("imports.ImportJob"),
    "nhap-du-lieu/<int:pk>/tien-do/": Obj("imports.ImportJob"),
    "nhap-du-lieu/<int:pk>/nhap/": Obj("imports.ImportJob"),
    "xuat-excel/<int:pk>/": Obj("exports.ExportJob"),
    "xuat-excel/<int:pk>/tien-do/": Obj("exports.ExportJob"),
    "xuat-excel/<int:pk>/tai-ve/": Obj("exports.ExportJob"),
    "xuat-excel/<str:name>/": Exports(),
    "thong-ke/": PAGE,
    "thong-ke/cua-toi/": PAGE,
    # exemplars
    "mo-hinh/": PAGE,
    "mo-hinh/dang-ky/": PAGE,
    "mo-hinh/dieu-phoi/": PAGE,
    "mo-hinh/thong-ke/": PAGE,
    "mo-hinh/hoi-dong/": PAGE,
    "mo-hinh/hoi-dong/thanh-lap/": PAGE,
    "mo-hinh/hoi-dong/<int:council_id>/sua/": Obj(E + "Council", "council_id"),
    "mo-hinh/<int:pk>/cap/": Obj(E + "Exemplar"),
    "mo-hinh/cham-diem/": PAGE,
    "mo-hinh/<int:pk>/": Obj(E + "Exemplar"),
    "mo-hinh/<int:pk>/lich-su/": Obj(E + "Exemplar"),
    "mo-hinh/<int:pk>/sua/": Obj(E + "Exemplar"),
    "mo-hinh/<int:pk>/hanh-dong/<slug:action>/": Obj(E + "Exemplar", extra=_action("recognise")),
    "mo-hinh/<int:pk>/tien-do/": Obj(E + "Exemplar"),
    "mo-hinh/<int:pk>/tep/": Obj(E + "Exemplar"),
    "mo-hinh/<int:pk>/cham-diem/": Obj(E + "Exemplar"),
    "mo-hinh/<int:pk>/nhan-rong/": Obj(E + "Exemplar:replicable"),
    "mo-hinh/<int:pk>/khen-thuong/": Obj(E + "Exemplar"),
    "mo-hinh/<int:pk>/tieu-bieu/": Obj(E + "Exemplar"),
    "mo-hinh/<int:pk>/bien-ban.docx": Obj(E + "Exemplar"),
    "mo-hinh/<int:pk>/chung-nhan/<int:decision_id>.docx": Obj(E + "Decision", "decision_id", _decision),
    # plans
    "ke-hoach/": PAGE,
    "ke-hoach/moi/": PAGE,
    "ke-hoach/nhap/": PAGE,
    "ke-hoach/<int:pk>/": Obj(PL + "Plan"),
    "ke-hoach/<int:pk>/sua/": Obj(PL + "Plan"),
    "ke-hoach/<int:pk>/hanh-dong/<slug:action>/": Obj(PL + "Plan", extra=_action("close")),
    "ke-hoach/<int:pk>/ban-hanh/": Obj(PL + "Plan"),
    "ke-hoach/<int:pk>/nhiem-vu/moi/": Obj(PL + "Plan"),
    "ke-hoach/<int:pk>/nhiem-vu/don-vi-nhan/": Obj(PL + "Plan"),
    "ke-hoach/<int:pk>/nhiem-vu/giao-nhieu/": Obj(PL + "Plan"),
    "ke-hoach/nhiem-vu/<int:pk>/": Obj(PL + "Task"),
    "ke-hoach/nhiem-vu/<int:pk>/xoa/": Obj(PL + "Task"),
    "ke-hoach/cua-toi/": PAGE,
    "ke-hoach/giao-viec/<int:pk>/": Obj(PL + "Assignment"),
    "ke-hoach/giao-viec/<int:pk>/bao-cao/": Obj(PL + "Assignment"),
    "ke-hoach/giao-viec/<int:pk>/hanh-dong/<slug:action>/": Obj(PL + "Assignment", extra=_action("start")),
    "ke-hoach/giao-viec/<int:pk>/ke-hoach-thuc-hien/": Obj(PL + "Assignment"),
    "ke-hoach/theo-doi/": PAGE,
    "ke-hoach/bao-cao/": PAGE,
    "ke-hoach/theo-doi/excel/": PAGE,
    "ke-hoach/theo-doi/don-doc/": PAGE,
    "ke-hoach/nhac-viec/": PAGE,
    "ke-hoach/nhac-viec/<int:pk>/van-ban.docx": Obj(PL + "UrgeLetter"),
    "ke-hoach/giam-sat/": PAGE,
    "ke-hoach/giam-sat/moi/": PAGE,
    "ke-hoach/giam-sat/<int:pk>/": Obj(PL + "SupervisionProgramme"),
    "ke-hoach/giam-sat/<int:pk>/lam-viec/": Obj(PL + "SupervisionProgramme"),
    "ke-hoach/kien-nghi/<int:pk>/<slug:action>/": Obj(PL + "Recommendation", extra=_action("respond")),
    "ke-hoach/chien-dich/": PAGE,
    "ke-hoach/chien-dich/moi/": PAGE,
    "ke-hoach/chien-dich/<int:pk>/": Obj(PL + "Campaign"),
    "ke-hoach/su-kien/moi/": PAGE,
    "ke-hoach/su-kien/<int:pk>/": Obj(PL + "Event"),
    "ke-hoach/su-kien/<int:pk>/sua/": Obj(PL + "Event"),
    # voters
    "cu-tri/": PAGE,
    "cu-tri/ky-hop/": PAGE,
    "cu-tri/khoa/<int:pk>/": Obj(V + "Term"),
    "cu-tri/ky-hop/<int:pk>/": Obj(V + "Session"),
    "cu-tri/ky-hop/<int:pk>/hanh-dong/<slug:action>/": Obj(V + "Session", extra=_action("close")),
    "cu-tri/ky-hop/<int:pk>/cong-bo/": Obj(V + "Session"),
    "cu-tri/ky-hop/<int:pk>/trung-lap/": Obj(V + "Session"),
    "cu-tri/ky-hop/<int:pk>/bao-cao/": Obj(V + "Session"),
    "cu-tri/ky-hop/<int:pk>/bao-cao.docx": Obj(V + "Session"),
    "cu-tri/ky-hop/<int:pk>/bao-cao.xlsx": Obj(V + "Session"),
    "cu-tri/ky-hop/<int:pk>/tiep-xuc/moi/": Obj(V + "Session"),
    "cu-tri/tiep-xuc/<int:pk>/": Obj(V + "Meeting"),
    "cu-tri/tiep-xuc/<int:pk>/nhap/": Obj(V + "Meeting"),
    "cu-tri/tiep-xuc/<int:pk>/bien-ban/": Obj(V + "Meeting"),
    "cu-tri/kien-nghi/<int:pk>/": Obj(V + "Petition"),
    "cu-tri/kien-nghi/<int:pk>/phan-loai/": Obj(V + "Petition"),
    "cu-tri/kien-nghi/<int:pk>/sua/": Obj(V + "Petition"),
    "cu-tri/kien-nghi/<int:pk>/trung-lap/": Obj(V + "Petition"),
    "cu-tri/kien-nghi/<int:pk>/chuyen/": Obj(V + "Petition"),
    "cu-tri/kien-nghi/<int:pk>/danh-gia/": Obj(V + "Petition"),
    "cu-tri/kien-nghi/<int:pk>/hanh-dong/<slug:action>/": Obj(V + "Petition", extra=_action("complete")),
    "cu-tri/chuyen-den/": PAGE,
    "cu-tri/chuyen-den/<int:pk>/": Obj(V + "Forward"),
    # citizens
    "tiep-cong-dan/": PAGE,
    "tiep-cong-dan/ho-so/<int:pk>/": Obj(C + "Case"),
    "tiep-cong-dan/ho-so/<int:pk>/hanh-dong/<slug:action>/": Obj(C + "Case", extra=_action("decide")),
    "tiep-cong-dan/ho-so/<int:pk>/phan-cong/": Obj(C + "Case"),
    "tiep-cong-dan/ho-so/<int:pk>/dieu-kien/": Obj(C + "Case"),
    "tiep-cong-dan/ho-so/<int:pk>/keo-dai/": Obj(C + "Case"),
    "tiep-cong-dan/ho-so/<int:pk>/cong-khai/": Obj(C + "Case"),
    "tiep-cong-dan/don/": PAGE,
    "tiep-cong-dan/don/moi/": PAGE,
    "tiep-cong-dan/don/<int:pk>/": Obj(C + "Letter"),
    "tiep-cong-dan/trung-lap/<int:pk>/<slug:decision>/": Obj(
        C + "DuplicateSuggestion", extra={"decision": "khac"}
    ),
    "tiep-cong-dan/buoi-tiep/": PAGE,
    "tiep-cong-dan/buoi-tiep/moi/": PAGE,
    "tiep-cong-dan/buoi-tiep/<int:pk>/": Obj(C + "ReceptionSession"),
    "tiep-cong-dan/theo-doi/": PAGE,
    "tiep-cong-dan/theo-doi/excel/": PAGE,
    "tiep-cong-dan/theo-doi/bao-cao.docx": PAGE,
    "tiep-cong-dan/theo-doi/don-doc/": PAGE,
    # the Front
    "mat-tran/giam-sat/": PAGE,
    "mat-tran/giam-sat/moi/": PAGE,
    "mat-tran/giam-sat/chuong-trinh/moi/": PAGE,
    "mat-tran/giam-sat/chuong-trinh/<int:pk>/": Obj(F + "Programme"),
    "mat-tran/giam-sat/<int:pk>/": Obj(F + "Supervision"),
    "mat-tran/giam-sat/<int:pk>/doan/": Obj(F + "Supervision"),
    "mat-tran/giam-sat/<int:pk>/hanh-dong/<slug:action>/": Obj(F + "Supervision", extra=_action("start")),
    "mat-tran/kien-nghi/": PAGE,
    "mat-tran/kien-nghi/<int:pk>/": Obj(F + "Recommendation"),
    "mat-tran/kien-nghi/<int:pk>/hanh-dong/<slug:action>/": Obj(
        F + "Recommendation", extra=_action("accept")
    ),
    "mat-tran/phan-bien/": PAGE,
    "mat-tran/phan-bien/moi/": PAGE,
    "mat-tran/phan-bien/<int:pk>/": Obj(F + "Critique"),
    "mat-tran/phan-bien/<int:pk>/buoc/<slug:action>/": Obj(F + "Critique", extra=_action("accept")),
    "mat-tran/phan-bien/<int:pk>/hanh-dong/<slug:action>/": Obj(F + "Critique", extra=_action("send")),
    "mat-tran/phan-bien/<int:pk>/gop-y/": Obj(F + "Critique"),
    "mat-tran/phan-bien/<int:pk>/moi/": Obj(F + "Critique"),
    "mat-tran/phan-bien/<int:pk>/bang-tiep-thu/": Obj(F + "Critique"),
    "mat-tran/phan-bien/<int:pk>/bang-tiep-thu.docx": Obj(F + "Critique"),
    "mat-tran/phan-bien/<int:pk>/bang-tiep-thu.xlsx": Obj(F + "Critique"),
    "mat-tran/phan-bien/<int:pk>/van-ban-phan-bien.docx": Obj(F + "Critique"),
    "mat-tran/phan-bien/<int:pk>/phien-ban/moi/": Obj(F + "Critique"),
    "mat-tran/phan-bien/<int:pk>/phien-ban/<int:number>/": Obj(F + "Critique", extra=_version),
    "mat-tran/gop-y/<int:pk>/tra-loi/": Obj(F + "Comment"),
    "mat-tran/gop-y/<int:pk>/kiem-duyet/<slug:decision>/": Obj(F + "Comment", extra={"decision": "reject"}),
    # periodic reports
    "bao-cao-dinh-ky/": PAGE,
    "bao-cao-dinh-ky/<int:pk>/": Obj("reports.PeriodicReport"),
    "bao-cao-dinh-ky/<int:pk>/lay-lai-so-lieu/": Obj("reports.PeriodicReport"),
    "bao-cao-dinh-ky/<int:pk>/tai-len/": Obj("reports.PeriodicReport"),
    "bao-cao-dinh-ky/<int:pk>/ban-hanh/": Obj("reports.PeriodicReport"),
    "bao-cao-dinh-ky/<int:pk>/huy/": Obj("reports.PeriodicReport"),
    "bao-cao-dinh-ky/<int:pk>/van-ban.docx": Obj("reports.PeriodicReport"),
    "bao-cao-dinh-ky/<int:pk>/phu-luc.xlsx": Obj("reports.PeriodicReport"),
    "bao-cao-dinh-ky/<int:pk>/van-ban.pdf": Obj("reports.PeriodicReport"),
    # public pages
    "dien-hinh/": PUBLIC,
    "dien-hinh/<int:pk>/": PublicObj(E + "Exemplar"),
    "xac-minh/": PUBLIC,
    "xac-minh/<str:code>/": PUBLIC,
    "phan-bien-xa-hoi/": PUBLIC,
    "phan-bien-xa-hoi/<int:pk>/": PublicObj(F + "Critique"),
    "phan-bien-xa-hoi/<int:pk>/gop-y/": PublicObj(F + "Critique"),
    "phan-bien-xa-hoi/<int:pk>/bang-tiep-thu/": PublicObj(F + "Critique"),
    "kien-nghi-cu-tri/": PUBLIC,
    "kien-nghi-cu-tri/<int:pk>/": PublicObj(V + "Session"),
    "gui-kien-nghi-phan-anh/": PUBLIC,
    "gui-kien-nghi-phan-anh/da-gui/": PUBLIC,
    "tra-cuu-don/": PUBLIC,
    "so-lieu/": PUBLIC,
}

A = "/api/v1/"
API: dict[str, Any] = {
    f"POST {A}auth/token": PUBLIC,
    f"POST {A}auth/logout": Skip("revoking the token ends the session the matrix runs in"),
    f"GET {A}me": PAGE,
    f"GET {A}organisations": PAGE,
    f"GET {A}organisations/{{org_id}}": Obj("organisations.Organisation", "org_id"),
    f"GET {A}units": PAGE,
    f"GET {A}units/{{unit_id}}": PAGE,  # administrative units are reference data, the same for all
    f"GET {A}audit": PAGE,
    f"GET {A}notifications": PAGE,
    f"POST {A}notifications/{{notification_id}}/read": Obj("notifications.Notification", "notification_id"),
    f"POST {A}attachments": PAGE,
    f"GET {A}deadlines/compute": PUBLIC,  # the statutory deadline calculator: public on purpose
    f"GET {A}deadlines/rules": PUBLIC,
    f"GET {A}documents": PAGE,
    f"GET {A}documents/{{document_id}}": Obj("documents.Document", "document_id"),
    f"GET {A}imports": PAGE,
    f"POST {A}imports/{{kind}}": PAGE,
    f"GET {A}criteria-sets": PAGE,
    f"GET {A}criteria-sets/{{set_id}}": PAGE,  # reference data
    f"GET {A}fields": PAGE,
    f"GET {A}cycles": PAGE,
    f"GET {A}exemplars": PAGE,
    f"POST {A}exemplars": PAGE,
    f"GET {A}exemplars/{{exemplar_id}}": Obj(E + "Exemplar", "exemplar_id"),
    f"PATCH {A}exemplars/{{exemplar_id}}": Obj(E + "Exemplar", "exemplar_id"),
    f"POST {A}exemplars/{{exemplar_id}}/actions/{{action}}": Obj(
        E + "Exemplar", "exemplar_id", _action("recognise")
    ),
    f"GET {A}exemplars/{{exemplar_id}}/events": Obj(E + "Exemplar", "exemplar_id"),
    f"POST {A}exemplars/{{exemplar_id}}/scores": Obj(E + "Exemplar", "exemplar_id"),
    f"GET {A}exemplars/{{exemplar_id}}/scores": Obj(E + "Exemplar", "exemplar_id"),
    f"GET {A}exemplars/{{exemplar_id}}/scores/summary": Obj(E + "Exemplar", "exemplar_id"),
    f"GET {A}exemplars/{{exemplar_id}}/replications": Obj(E + "Exemplar", "exemplar_id"),
    f"POST {A}exemplars/{{exemplar_id}}/replications": Obj(E + "Exemplar", "exemplar_id"),
    f"POST {A}exemplars/{{exemplar_id}}/progress": Obj(E + "Exemplar", "exemplar_id"),
    f"GET {A}public/exemplars": PUBLIC,
    f"GET {A}public/exemplars/{{exemplar_id}}": PublicObj(E + "Exemplar", "exemplar_id"),
    f"POST {A}plans": PAGE,
    f"GET {A}plans": PAGE,
    f"GET {A}plans/{{plan_id}}": Obj(PL + "Plan", "plan_id"),
    f"POST {A}plans/{{plan_id}}/actions/{{action}}": Obj(PL + "Plan", "plan_id", _action("close")),
    f"GET {A}plans/{{plan_id}}/events": Obj(PL + "Plan", "plan_id"),
    f"POST {A}plans/{{plan_id}}/tasks": Obj(PL + "Plan", "plan_id"),
    f"GET {A}assignments": PAGE,
    f"GET {A}assignments/{{assignment_id}}": Obj(PL + "Assignment", "assignment_id"),
    f"POST {A}assignments/{{assignment_id}}/actions/{{action}}": Obj(
        PL + "Assignment", "assignment_id", _action("start")
    ),
    f"GET {A}assignments/{{assignment_id}}/events": Obj(PL + "Assignment", "assignment_id"),
    f"GET {A}assignments/{{assignment_id}}/reports": Obj(PL + "Assignment", "assignment_id"),
    f"POST {A}assignments/{{assignment_id}}/reports": Obj(PL + "Assignment", "assignment_id"),
    f"GET {A}voters/sessions": PAGE,
    f"GET {A}voters/sessions/{{session_id}}": Obj(V + "Session", "session_id"),
    f"POST {A}voters/sessions/{{session_id}}/actions/{{action}}": Obj(
        V + "Session", "session_id", _action("close")
    ),
    f"GET {A}voters/sessions/{{session_id}}/report": Obj(V + "Session", "session_id"),
    f"GET {A}voters/sessions/{{session_id}}/meetings": Obj(V + "Session", "session_id"),
    f"POST {A}voters/sessions/{{session_id}}/meetings": Obj(V + "Session", "session_id"),
    f"GET {A}voters/meetings/{{meeting_id}}": Obj(V + "Meeting", "meeting_id"),
    f"POST {A}voters/meetings/{{meeting_id}}/petitions": Obj(V + "Meeting", "meeting_id"),
    f"GET {A}voters/petitions": PAGE,
    f"GET {A}voters/petitions/{{petition_id}}": Obj(V + "Petition", "petition_id"),
    f"POST {A}voters/petitions/{{petition_id}}/classify": Obj(V + "Petition", "petition_id"),
    f"POST {A}voters/petitions/{{petition_id}}/repeat": Obj(V + "Petition", "petition_id"),
    f"POST {A}voters/petitions/{{petition_id}}/forward": Obj(V + "Petition", "petition_id"),
    f"POST {A}voters/petitions/{{petition_id}}/assess": Obj(V + "Petition", "petition_id"),
    f"POST {A}voters/petitions/{{petition_id}}/actions/{{action}}": Obj(
        V + "Petition", "petition_id", _action("complete")
    ),
    f"GET {A}voters/forwards": PAGE,
    f"POST {A}voters/forwards/{{forward_id}}/answer": Obj(V + "Forward", "forward_id"),
    f"GET {A}citizens/cases": PAGE,
    f"GET {A}citizens/cases/{{case_id}}": Obj(C + "Case", "case_id"),
    f"GET {A}citizens/cases/{{case_id}}/events": Obj(C + "Case", "case_id"),
    f"POST {A}citizens/cases/{{case_id}}/actions/{{action}}": Obj(C + "Case", "case_id", _action("decide")),
    f"POST {A}citizens/cases/{{case_id}}/assign": Obj(C + "Case", "case_id"),
    f"GET {A}citizens/letters": PAGE,
    f"POST {A}citizens/letters": PAGE,
    f"GET {A}citizens/letters/{{letter_id}}": Obj(C + "Letter", "letter_id"),
    f"GET {A}citizens/monitoring": PAGE,
    f"POST {A}citizens/public/letters": PUBLIC,
    f"POST {A}citizens/public/lookup": PUBLIC,
    f"GET {A}front/programmes": PAGE,
    f"POST {A}front/programmes": PAGE,
    f"GET {A}front/supervisions": PAGE,
    f"POST {A}front/supervisions": PAGE,
    f"GET {A}front/supervisions/{{supervision_id}}": Obj(F + "Supervision", "supervision_id"),
    f"PUT {A}front/supervisions/{{supervision_id}}/team": Obj(F + "Supervision", "supervision_id"),
    f"POST {A}front/supervisions/{{supervision_id}}/actions/{{action}}": Obj(
        F + "Supervision", "supervision_id", _action("start")
    ),
    f"GET {A}front/recommendations": PAGE,
    f"GET {A}front/recommendations/{{rec_id}}": Obj(F + "Recommendation", "rec_id"),
    f"POST {A}front/recommendations/{{rec_id}}/answer": Obj(F + "Recommendation", "rec_id"),
    f"POST {A}front/recommendations/{{rec_id}}/actions/{{action}}": Obj(
        F + "Recommendation", "rec_id", _action("accept")
    ),
    f"GET {A}front/critiques": PAGE,
    f"POST {A}front/critiques": PAGE,
    f"GET {A}front/critiques/{{critique_id}}": Obj(F + "Critique", "critique_id"),
    f"POST {A}front/critiques/{{critique_id}}/decide": Obj(F + "Critique", "critique_id"),
    f"POST {A}front/critiques/{{critique_id}}/conference": Obj(F + "Critique", "critique_id"),
    f"POST {A}front/critiques/{{critique_id}}/document": Obj(F + "Critique", "critique_id"),
    f"POST {A}front/critiques/{{critique_id}}/actions/{{action}}": Obj(
        F + "Critique", "critique_id", _action("send")
    ),
    f"GET {A}front/critiques/{{critique_id}}/comments": Obj(F + "Critique", "critique_id"),
    f"POST {A}front/critiques/{{critique_id}}/comments": Obj(F + "Critique", "critique_id"),
    f"POST {A}front/comments/{{comment_id}}/answer": Obj(F + "Comment", "comment_id"),
    f"POST {A}front/comments/{{comment_id}}/moderate": Obj(F + "Comment", "comment_id"),
    f"POST {A}front/critiques/{{critique_id}}/versions": Obj(F + "Critique", "critique_id"),
    f"GET {A}front/critiques/{{critique_id}}/versions/{{number}}/diff": Obj(
        F + "Critique", "critique_id", _version
    ),
    f"PUT {A}front/critiques/{{critique_id}}/versions/{{number}}/links": Obj(
        F + "Critique", "critique_id", _version
    ),
    f"GET {A}front/critiques/{{critique_id}}/table": Obj(F + "Critique", "critique_id"),
}
