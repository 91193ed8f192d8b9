"""Forms are accessible (WCAG 2.1 AA, issue 14): every field of every form the main routes render has a
name a screen reader reads, and a form posted with errors announces them.

The pages are crawled through Django's test client: the public pages, then for each main persona its
menu and the pages those link to (one page per URL pattern, two levels deep), so a new app's forms are
covered as soon as its pages are linked. In each page every visible input, select and textarea must have
a `<label for>`, be inside its `<label>`, or carry aria-label / aria-labelledby (to ids that exist).

A form posted empty must show an error summary with role="alert", and every field marked invalid must
have aria-invalid="true" and aria-describedby pointing at the element holding its error text (the one
rendering in templates/includes/field.html and form_errors.html)."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

import lxml.html
import pytest
from django.test import Client

pytestmark = pytest.mark.django_db

PERSONAS = ("tinh.bdv", "admin", "xa.a", "tiepdan.xa", "hdnd.tinh", "mttq.tinh")
PUBLIC = (
    "/tai-khoan/dang-nhap/",
    "/dien-hinh/",
    "/gui-kien-nghi-phan-anh/",
    "/tra-cuu-don/",
    "/kien-nghi-cu-tri/",
    "/phan-bien-xa-hoi/",
)
SKIP = re.compile(
    r"^/(api|quan-tri|static|media)/|xuat-excel|/excel/|/tai-ve|/tep/|dang-xuat|\.(docx|xlsx|pdf|zip)$"
)
FIELDS = "//input[not(@type='hidden') and not(@type='submit') and not(@type='button') and not(@type='reset') and not(@type='image')] | //select | //textarea"
ID = re.compile(r"^(\d+|[0-9a-f]{8}-[0-9a-f-]{27}|[0-9A-Za-z_-]{20,})$")


def _pattern(path: str) -> str:
    return "/".join("{}" if ID.match(part) else part for part in path.split("/"))


def _doc(response) -> lxml.html.HtmlElement | None:
    if response.status_code != 200 or "text/html" not in response.get("Content-Type", ""):
        return None
    return lxml.html.fromstring(response.content)


def _name_problem(doc, el) -> str | None:
    """Why a field has no accessible name (None when it has one)."""
    if (el.get("aria-label") or "").strip():
        return None
    labelledby = (el.get("aria-labelledby") or "").split()
    if labelledby:
        missing = [i for i in labelledby if doc.get_element_by_id(i, None) is None]
        return f"aria-labelledby points at missing ids {missing}" if missing else None
    field_id = el.get("id")
    if field_id and doc.xpath("//label[@for=$i]", i=field_id):
        return None
    if el.xpath("ancestor::label"):
        return None
    return "no <label for>, enclosing label, aria-label or aria-labelledby"


def _describe(el) -> str:
    return lxml.html.tostring(el, encoding="unicode").split(">")[0][:160] + ">"


def _unlabelled(doc, where: str) -> list[str]:
    problems = []
    for el in doc.xpath(FIELDS):
        if el.xpath("ancestor-or-self::*[@hidden or @aria-hidden='true']"):
            continue  # the public forms' honeypot, hidden from people
        problem = _name_problem(doc, el)
        if problem:
            problems.append(f"{where}: {_describe(el)} — {problem}")
    return problems


def _links(doc) -> list[str]:
    out = []
    for href in doc.xpath("//a/@href"):
        parts = urlsplit(href)
        if parts.scheme or parts.netloc or not parts.path.startswith("/") or SKIP.search(parts.path):
            continue
        out.append(parts.path)
    return out


def _crawl(
    client: Client, starts: list[str], seen: set[str], who: str, depth: int = 2
) -> tuple[int, list[str]]:
    problems: list[str] = []
    forms = 0
    frontier = starts
    for _level in range(depth + 1):
        following: list[str] = []
        for path in frontier:
            key = _pattern(path)
            if key in seen:
                continue
            seen.add(key)
            doc = _doc(client.get(path))
            if doc is None:
                continue
            forms += len(doc.xpath("//form"))
            problems += _unlabelled(doc, f"{who} {path}")
            following += _links(doc)
        frontier = following
    return forms, problems


def test_every_field_of_the_main_routes_has_a_label(client_for):
    seen: set[str] = set()
    forms, problems = _crawl(Client(), list(PUBLIC), seen, "anonymous", depth=1)
    for persona in PERSONAS:
        client = client_for(persona)
        doc = _doc(client.get("/"))
        menu = ["/"] + [
            h for h in doc.xpath("//*[@id='mainnav']//a/@href") if h.startswith("/") and not SKIP.search(h)
        ]
        found, more = _crawl(client, menu, seen, persona)
        forms += found
        problems += more
    assert len(seen) >= 60 and forms >= 120, (len(seen), forms)  # the crawl reached the app's forms
    assert not problems, "Fields without an accessible name:\n" + "\n".join(problems)


# Forms posted empty: (persona, path). Each refuses an empty post with errors on its required fields.
EMPTY_POSTS = (
    ("tinh.bdv", "/ke-hoach/moi/"),
    ("xa.a", "/mo-hinh/dang-ky/"),
    ("tiepdan.xa", "/tiep-cong-dan/don/moi/"),
    ("mttq.tinh", "/mat-tran/giam-sat/moi/"),
    (None, "/gui-kien-nghi-phan-anh/"),
)


@pytest.mark.parametrize(("persona", "path"), EMPTY_POSTS)
def test_errors_are_announced_and_tied_to_their_fields(client_for, persona, path):
    client = client_for(persona) if persona else Client()
    assert client.get(path).status_code == 200, path
    # Posted with every field empty (a POST with no keys at all reads as an unbound form).
    response = client.post(path, {"unknown": ""})
    assert response.status_code in (200, 400, 422), (path, response.status_code)
    doc = lxml.html.fromstring(response.content)
    summary = doc.xpath("//*[@role='alert'][@data-error-summary]")
    main = doc.xpath("//main")
    assert summary, f"{path}: no error summary with role=alert:\n" + (
        lxml.html.tostring(main[0], encoding="unicode")[:3000] if main else response.content.decode()[:2000]
    )
    invalid = doc.xpath("//*[contains(concat(' ', normalize-space(@class), ' '), ' is-invalid ')]")
    assert invalid, f"{path}: no field marked invalid"
    for el in invalid:
        what = f"{path} {_describe(el)}"
        if el.get("type") in ("radio", "checkbox"):
            group = el.xpath("ancestor::fieldset[@aria-describedby]")
            assert group, f"{what}: its group has no aria-describedby"
            described = group[0].get("aria-describedby")
        else:
            assert el.get("aria-invalid") == "true", f"{what}: no aria-invalid"
            described = el.get("aria-describedby") or ""
        errors = [doc.get_element_by_id(i, None) for i in described.split() if i.endswith("_error")]
        assert errors and errors[0] is not None, (
            f"{what}: aria-describedby={described!r} names no error element"
        )
        assert errors[0].text_content().strip(), f"{what}: the error element is empty"
        assert "invalid-feedback" in errors[0].get("class", "")
        # the summary links to the field
        target = el.get("id") or ""
        linked = summary[0].xpath(".//a[@href=$h]", h=f"#{target}")
        assert linked or el.get("type") in ("radio", "checkbox"), f"{what}: not linked from the error summary"
