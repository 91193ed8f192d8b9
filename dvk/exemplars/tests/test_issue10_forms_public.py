"""Issue 10, the exemplars side: the registration form (own body preselected, fields of work
sorted, individual-only fields marked, repeatable rows), input kept after an error, document
kinds capitalised, the public commune map and the verification box."""

from __future__ import annotations

import re

from django.test import Client
from django.utils import timezone

from dvk.core.text import fold
from dvk.exemplars.models import Exemplar, FieldOfWork
from dvk.exemplars.workflow import Stage
from dvk.organisations.models import Organisation


def test_registration_form_preselects_the_officers_body_and_sorts_fields(client_for):
    response = client_for("xa.a").get("/mo-hinh/dang-ky/")
    form = response.context["form"]
    assert form.initial["organisation"] == Organisation.objects.get(code="PT-DU-04897").pk
    html = response.content.decode()
    selected = re.search(r'<select name="organisation"[^>]*>.*?</select>', html, re.S).group(0)
    assert re.search(r'<option value="\d+" selected>Đảng ủy xã Thịnh Minh</option>', selected)
    labels = [label for _pk, label in form.fields["field"].choices][1:]
    roots = [label for label in labels if "›" not in label]
    # every sub-field follows its own root, and sub-fields of a root are alphabetical
    for root in roots:
        children = [label.split(" › ")[1] for label in labels if label.startswith(f"{root} › ")]
        assert children == sorted(children, key=fold)
        start = labels.index(root)
        assert labels[start + 1 : start + 1 + len(children)] == [f"{root} › {c}" for c in children]


def test_registration_form_marks_individual_fields_and_uses_rows(client_for):
    html = client_for("xa.a").get("/mo-hinh/dang-ky/").content.decode()
    for name in ("person_name", "person_position", "consent_public"):
        assert re.search(rf'data-field="{name}" data-only-kind="individual"', html), name
    assert 'name="forces_rows-name"' in html and 'name="forces_rows-role"' in html
    assert 'name="timeline_rows-date"' in html
    assert "tên | vai trò" not in html and " | " not in re.sub(r"<[^>]+>", "", html.split("<form")[1])
    assert "<script>" not in html and "onclick" not in html  # the behaviour is in a static file
    assert "exemplars/forms.js" in html
    assert "<details" in html and 'name="latitude"' in html  # the raw coordinates folded away


def _registration(org: Organisation, **extra):
    data = {
        "organisation": org.pk,
        "kind": "collective",
        "title": "Mô hình thử hàng lặp",
        "field": FieldOfWork.objects.get(code="kinh-te").pk,
        "level": "xa",
        "started_on": "05/01/2025",
        "forces_rows-name": ["Chi bộ xóm", "", "Ban công tác Mặt trận"],
        "forces_rows-role": ["lead", "", "coordinate"],
        "forces_rows-task": ["Lãnh đạo", "", ""],
        "timeline_rows-date": ["05/01/2025", ""],
        "timeline_rows-milestone": ["Ra mắt", ""],
    }
    data.update(extra)
    return data


def test_repeatable_rows_are_stored_and_a_collective_model_keeps_no_person(client_for):
    org = Organisation.objects.get(code="PT-DU-04897")
    response = client_for("xa.a").post(
        "/mo-hinh/dang-ky/",
        _registration(org, person_name="Không dùng", person_position="x", consent_public="on"),
    )
    assert response.status_code == 302
    exemplar = Exemplar.objects.get(title="Mô hình thử hàng lặp")
    assert exemplar.forces == [
        {"name": "Chi bộ xóm", "role": "lead", "task": "Lãnh đạo"},
        {"name": "Ban công tác Mặt trận", "role": "coordinate", "task": ""},
    ]
    assert exemplar.timeline == [{"date": "2025-01-05", "milestone": "Ra mắt"}]
    assert (exemplar.person_name, exemplar.person_position, exemplar.consent_public) == ("", "", False)
    # the edit form shows the rows back
    html = client_for("xa.a").get(f"/mo-hinh/{exemplar.pk}/sua/").content.decode()
    assert 'value="Ban công tác Mặt trận"' in html and 'value="05/01/2025"' in html


def test_a_row_error_keeps_what_was_typed(client_for):
    org = Organisation.objects.get(code="PT-DU-04897")
    response = client_for("xa.a").post(
        "/mo-hinh/dang-ky/",
        _registration(
            org, **{"forces_rows-role": ["", "", "coordinate"], "timeline_rows-date": ["32/13/2025"]}
        ),
    )
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert "vai trò" in errors["forces_rows"][0] and "dd/mm/yyyy" in errors["timeline_rows"][0]
    html = response.content.decode()
    assert (
        'value="Chi bộ xóm"' in html
        and 'value="32/13/2025"' in html
        and 'value="Mô hình thử hàng lặp"' in html
    )


def test_progress_with_bad_figures_keeps_the_input_and_says_why(make, client_for):
    exemplar = make(Stage.IN_PROGRESS)
    response = client_for("xa.a").post(
        f"/mo-hinh/{exemplar.pk}/tien-do/",
        {
            "reported_on": timezone.localdate().strftime("%d/%m/%Y"),
            "summary": "Làm được 2 km đường",
            "figures_rows-label": ["Km đường", "Hộ tham gia"],
            "figures_rows-value": ["2", ""],
        },
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "Làm được 2 km đường" in html and 'value="Hộ tham gia"' in html
    assert "Mỗi chỉ số cần có tên và giá trị" in html
    assert not exemplar.progress_updates.exists()
    ok = client_for("xa.a").post(
        f"/mo-hinh/{exemplar.pk}/tien-do/",
        {
            "reported_on": timezone.localdate().strftime("%d/%m/%Y"),
            "summary": "Làm được 2 km đường",
            "figures_rows-label": ["Km đường", "Hộ tham gia"],
            "figures_rows-value": ["2", "180"],
        },
    )
    assert ok.status_code == 302
    assert exemplar.progress_updates.get().figures == {"Km đường": "2", "Hộ tham gia": "180"}


def test_document_kinds_are_capitalised(make, client_for):
    exemplar = make(Stage.IN_PROGRESS)
    form = client_for("xa.a").get(f"/mo-hinh/{exemplar.pk}/").context["attach_form"]
    labels = [str(label) for _k, label in form.fields["kind"].choices]
    assert labels and all(label[0].isupper() for label in labels), labels


def test_public_map_is_a_commune_choropleth_with_replications(db):
    response = Client().get("/dien-hinh/")
    assert response.status_code == 200
    maps = response.context["maps"]
    assert maps, "a map for the demo province"
    phu_tho = maps[0]
    assert phu_tho["province"].name.endswith("Phú Thọ")
    assert phu_tho["communes"] == len(phu_tho["tiles"]) >= 40  # every commune of 2025, one tile each
    assert sum(t["count"] for t in phu_tho["tiles"]) + phu_tho["province_models"] > 0
    assert any(t["replications"] for t in phu_tho["tiles"])  # the legend's promise is kept
    html = response.content.decode()
    assert html.count('class="map-tile"') == len(phu_tho["tiles"])
    assert "replication-dot" in html and "Xác minh giấy chứng nhận" in html
    # a tile links to the showcase filtered on that commune, which lists as many models as it counts
    tile = next(t for t in phu_tho["tiles"] if t["count"])
    listed = Client().get(tile["url"])
    assert len(listed.context["page"]) == tile["count"]


def test_verification_box_redirects_to_the_code(db):
    from dvk.exemplars.models import Decision

    decision = Decision.objects.exclude(verification_code="").first()
    response = Client().get("/xac-minh/", {"ma": f" {decision.verification_code.lower()} "})
    assert response.status_code == 302 and response["Location"] == f"/xac-minh/{decision.verification_code}/"
    page = Client().get(response["Location"])
    assert page.status_code == 200 and 'id="verified"' in page.content.decode()
    empty = Client().get("/xac-minh/")
    assert empty.status_code == 200 and 'name="ma"' in empty.content.decode()
    unknown = Client().get("/xac-minh/KHONGCO1/")
    assert unknown.status_code == 404 and 'name="ma"' in unknown.content.decode()
    for url in ("/dien-hinh/", f"/dien-hinh/{decision.exemplar_id}/"):
        assert 'action="/xac-minh/"' in Client().get(url).content.decode()


def test_a_start_date_years_ahead_is_refused_as_a_likely_typo_and_the_form_keeps_its_input(client_for):
    org = Organisation.objects.get(code="PT-DU-04897")
    far = f"05/01/{timezone.localdate().year + 4}"
    response = client_for("xa.a").post("/mo-hinh/dang-ky/", _registration(org, started_on=far))
    assert response.status_code == 200
    assert "kiểm tra lại năm" in " ".join(response.context["form"].errors["started_on"])
    html = response.content.decode()
    assert f'value="{far}"' in html and "data-datepicker" in html and 'type="date"' not in html
    assert not Exemplar.objects.filter(title="Mô hình thử hàng lặp").exists()
