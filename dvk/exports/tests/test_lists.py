"""Every staff list on the list kit, through real HTTP: sorting, page numbers and filters
round-trip in the URL, bad parameters never 5xx, query counts do not grow with the rows (1 and
60), the export holds exactly what the list shows (all pages, same order), large exports run in
the background end to end, and another body's rows are never in an export."""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import parse_qs, urlsplit

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext, override_settings
from openpyxl import load_workbook

from dvk.core import listing
from dvk.exports.models import ExportJob
from dvk.exports.xlsx import HEADER_ROW, cell_value

from .makers import MAKERS, campaign_url, register_url

URLS = {"documents": register_url, "campaign": campaign_url}


@dataclass
class Case:
    spec: str
    persona: str
    url: str
    outsider: str  # a persona of another body: none of the rows made here may reach its export
    param: str = "q"  # the filter that finds the rows a maker made (their token); "" for none

    def filtered(self, token: str, **params: str) -> dict[str, str]:
        return {self.param: token, **params} if self.param else dict(params)

    def __post_init__(self) -> None:
        self.path = self.url

    @property
    def page_url(self) -> str:
        return URLS[self.path]() if self.path in URLS else self.path


CASES = [
    Case("exemplars.list", "xa.a", "/mo-hinh/", "xa.b"),
    Case("audit.list", "tinh.bdv", "/nhat-ky/", "xa.b", param="target_id"),
    Case("plans.list", "xa.a", "/ke-hoach/", "xa.b"),
    Case("plans.my_assignments", "xa.a", "/ke-hoach/cua-toi/", "xa.b"),
    Case("documents.register", "xa.a", "documents", "xa.b"),
    Case("citizens.cases", "tiepdan.xa", "/tiep-cong-dan/", "xa.b"),
    Case("citizens.letters", "tiepdan.xa", "/tiep-cong-dan/don/", "xa.b"),
    Case("voters.petitions", "hdnd.tinh", "/cu-tri/", "xa.b"),
    Case("voters.forwarded", "so.a", "/cu-tri/chuyen-den/", "xa.b"),
    Case("front.supervisions", "mttq.tinh", "/mat-tran/giam-sat/", "xa.b"),
    Case("front.critiques", "mttq.tinh", "/mat-tran/phan-bien/", "xa.b"),
    # lists without a search box: the rows a maker made are found among the others
    Case("citizens.sessions", "tiepdan.xa", "/tiep-cong-dan/buoi-tiep/", "xa.b", param=""),
    Case("plans.supervision", "xa.a", "/ke-hoach/giam-sat/", "xa.b", param=""),
    Case("front.recommendations", "mttq.tinh", "/mat-tran/kien-nghi/", "xa.b", param=""),
    Case("voters.sessions", "hdnd.tinh", "/cu-tri/ky-hop/", "xa.b", param=""),
    Case("plans.activities", "xa.a", "campaign", "xa.b", param=""),
    Case("exemplars.queue", "hoidong.1", "/mo-hinh/cham-diem/", "xa.b", param=""),
    Case("organisations.bodies", "xa.a", "/don-vi/", "xa.b"),
]
IDS = [c.spec for c in CASES]


def _queries(client: Client, url: str) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    return len(ctx.captured_queries)


def _sheet(content: bytes) -> tuple[list[str], list[list]]:
    ws = load_workbook(io.BytesIO(content), read_only=True).worksheets[0]
    rows = [list(r) for r in ws.iter_rows(values_only=True)]
    header = [str(h) for h in rows[HEADER_ROW - 1]]
    body = [(r + [None] * len(header))[: len(header)] for r in rows[HEADER_ROW:]]
    return header, body


def _expected(spec: listing.ListSpec, user, params) -> list[list]:
    qs = spec.export_queryset(user, params)
    out = []
    for r in spec.iter_rows(qs):
        row = []
        for c in spec.export_columns:
            v = cell_value(c, c.read(r))
            if hasattr(v, "tzinfo") and v is not None and hasattr(v, "hour"):
                v = v.replace(microsecond=0)
            row.append(v)
        out.append(row)
    return out


def _normalise(rows: list[list]) -> list[list]:
    out = []
    for r in rows:
        row = []
        for v in r:
            if isinstance(v, dt.date) and not isinstance(v, dt.datetime):
                v = dt.datetime(v.year, v.month, v.day)
            if isinstance(v, dt.datetime):
                v = v.replace(microsecond=0, second=0)
            row.append(v)
        out.append(row)
    return out


@pytest.fixture
def make() -> Callable[[str, int, str], None]:
    return lambda spec, n, token: MAKERS[spec](n, token)


@pytest.mark.parametrize("case", CASES, ids=IDS)
def test_sort_page_filter_round_trip(case, make, client_for):
    spec = listing.get(case.spec)
    assert spec is not None
    make(case.spec, 60, "vongtron")
    client = client_for(case.persona)
    sortable = [c for c in spec.columns if c.sort is not None]
    assert sortable, "a staff list sorts by at least one column"
    key = sortable[0].key
    response = client.get(
        case.page_url, {case.param: "vongtron", "sort": f"-{key}", "page": "2", "junk": "x"}
    )
    assert response.status_code == 200
    bound = response.context["listing"]
    html = response.content.decode()
    assert 'aria-sort="descending"' in html
    assert bound.summary.startswith("51–")
    # every link the kit writes keeps the filter and the sort, and drops undeclared params
    for _n, url in bound.pages:
        if url:
            query = parse_qs(urlsplit(url).query)
            if case.param:
                assert query.get(case.param) == ["vongtron"]
            assert query.get("sort") == [f"-{key}"]
            assert "junk" not in query
    for h in bound.headers:
        if h.url:
            query = parse_qs(urlsplit(h.url).query)
            assert "page" not in query
            assert not case.param or query.get(case.param) == ["vongtron"]
    assert ("sort", f"-{key}") in bound.hidden
    # the page holds the rows the sorted queryset puts there
    expected = list(spec.queryset(response.wsgi_request.user, bound.params)[50:100])
    assert [r.pk for r in bound.page] == [r.pk for r in expected]


@pytest.mark.parametrize("case", CASES, ids=IDS)
@pytest.mark.parametrize(
    "params",
    [
        {"sort": "nonexistent"},
        {"sort": "-" * 300},
        {"page": "-1"},
        {"page": "99999999999999999999"},
        {"page": "abc", "sort": "--"},
        {"q": "x" * 5000, "target_id": "y" * 5000},
    ],
)
def test_bad_parameters_are_ignored(case, params, client_for):
    client = client_for(case.persona)
    page = client.get(case.page_url, params)
    assert page.status_code == 200
    export_url = page.context["listing"].export_url
    sep = "&" if "?" in export_url else "?"
    response = client.get(export_url + sep + "&".join(f"{k}={v}" for k, v in params.items()))
    assert response.status_code in (200, 302)


@pytest.mark.parametrize("case", CASES, ids=IDS)
def test_query_count_constant_at_1_and_60_rows(case, make, client_for):
    client = client_for(case.persona)
    url = f"{case.page_url}?{case.param}=motdong" if case.param else case.page_url
    make(case.spec, 1, "motdong")
    _queries(client, url)
    one = _queries(client, url)
    url = f"{case.page_url}?{case.param}=saumuoi" if case.param else case.page_url
    make(case.spec, 60, "saumuoi")
    sixty = _queries(client, url)
    assert one == sixty, (one, sixty)


@pytest.mark.parametrize("case", CASES, ids=IDS)
def test_export_equals_the_list(case, make, client_for, persona):
    spec = listing.get(case.spec)
    make(case.spec, 60, "xuatfile")
    client = client_for(case.persona)
    key = next(c.key for c in spec.columns if c.sort is not None)
    params = case.filtered("xuatfile", sort=key)
    page = client.get(case.page_url, params)
    export_url = page.context["listing"].export_url
    assert f"sort={key}" in export_url and (not case.param or f"{case.param}=xuatfile" in export_url)
    response = client.get(export_url)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    disposition = response["Content-Disposition"]
    assert "filename*=UTF-8''" in disposition and ".xlsx" in disposition
    header, rows = _sheet(response.content)
    assert header == [str(c.header) for c in spec.export_columns]
    user = persona(case.persona)
    bound = page.context["listing"].params
    assert _normalise(rows) == _normalise(_expected(spec, user, bound))
    assert len(rows) == (60 if case.param else page.context["listing"].count[0])
    first = [r.pk for r in page.context["listing"].page]
    assert first == [r.pk for r in spec.export_queryset(user, bound)[:50]]
    # audited once
    job = ExportJob.objects.filter(user=user, list_name=spec.name).latest("pk")
    from dvk.audit.models import AuditEvent

    assert AuditEvent.objects.filter(action="exports.export", target_id=str(job.pk)).count() == 1


@pytest.mark.parametrize("case", CASES, ids=IDS)
def test_export_is_scoped(case, make, client_for):
    make(case.spec, 3, "phamvi")
    page = client_for(case.persona).get(case.page_url, case.filtered("phamvi"))
    if case.param:
        assert len(page.context["listing"].page) == 3
    response = client_for(case.outsider).get(page.context["listing"].export_url)
    if response.status_code == 200:
        _header, rows = _sheet(response.content)
        assert not any("phamvi" in str(v) for r in rows for v in r)
    else:
        assert response.status_code in (403, 404)


@override_settings(DVK_EXPORT_SYNC_MAX_ROWS=5)
@pytest.mark.parametrize("case", CASES[:1], ids=IDS[:1])
def test_background_export_end_to_end(case, make, client_for, persona, django_capture_on_commit_callbacks):
    spec = listing.get(case.spec)
    make(case.spec, 12, "chaynen")
    client = client_for(case.persona)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.get(f"/xuat-excel/{spec.name}/", {case.param: "chaynen"})
    assert response.status_code == 302
    job = ExportJob.objects.get(pk=int(response["Location"].rstrip("/").split("/")[-1]))
    assert job.background and job.status == ExportJob.Status.DONE and job.total == 12
    page = client.get(response["Location"])
    assert page.status_code == 200
    fragment = client.get(f"/xuat-excel/{job.pk}/tien-do/", HTTP_HX_REQUEST="true")
    assert "hx-trigger" not in fragment.content.decode()  # finished: polling stops
    download = client.get(f"/xuat-excel/{job.pk}/tai-ve/")
    assert download.status_code == 200
    assert "private" in download["Cache-Control"]
    content = b"".join(download.streaming_content)
    _header, rows = _sheet(content)
    user = persona(case.persona)
    assert _normalise(rows) == _normalise(_expected(spec, user, spec.clean({case.param: "chaynen"})))
    # the file belongs to the user who asked for it
    assert client_for(case.outsider).get(f"/xuat-excel/{job.pk}/tai-ve/").status_code == 404
    assert client_for(case.outsider).get(f"/xuat-excel/{job.pk}/").status_code == 404
    # expiry: cleanup deletes the file
    from django.utils import timezone

    from dvk.exports.services import cleanup

    assert job.path.exists()
    cleanup(now=timezone.now() + timezone.timedelta(days=2))
    job.refresh_from_db()
    assert job.status == ExportJob.Status.EXPIRED and not job.path.exists()
    assert client.get(f"/xuat-excel/{job.pk}/tai-ve/").status_code == 404


def test_secret_documents_are_never_exported(make, client_for, persona):
    from django.db import transaction
    from django.utils import timezone

    from dvk.documents import services
    from dvk.documents.models import DocType, Secrecy
    from dvk.organisations.models import Organisation

    make("documents.register", 2, "bimat")
    with transaction.atomic():
        services.issue(
            organisation=Organisation.objects.get(code="PT-DU-04897"),
            doc_type=DocType.values[0],
            title="Báo cáo bimat mật",
            by=persona("xa.a"),
            issued_on=timezone.localdate(),
            secrecy=Secrecy.values[1],
        )
    client = client_for("xa.a")
    page = client.get(register_url(), {"q": "bimat"})
    shown = [d.title for d in page.context["listing"].page]
    assert "Báo cáo bimat mật" in shown and len(shown) == 3  # listed for the officers in charge
    _header, rows = _sheet(client.get(page.context["listing"].export_url).content)
    titles = [r[3] for r in rows]
    assert len(titles) == 2 and "Báo cáo bimat mật" not in titles


def test_a_toggle_keeps_the_filters_and_the_sort(client_for):
    response = client_for("xa.a").get("/mo-hinh/", {"q": "abc", "sort": "-body", "page": "3"})
    toggle = response.context["listing"].toggles["mine"]
    query = parse_qs(urlsplit(toggle).query)
    assert query == {"q": ["abc"], "sort": ["-body"], "mine": ["1"]}
    again = client_for("xa.a").get("/mo-hinh/" + toggle)
    assert "mine" not in parse_qs(urlsplit(again.context["listing"].toggles["mine"]).query)
    assert 'name="mine" value="1"' in again.content.decode()  # the filter form carries it
