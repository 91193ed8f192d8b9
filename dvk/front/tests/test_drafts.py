"""The draft reader (units and stable keys) and the side-by-side diff per article."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from dvk.front import drafts
from dvk.front.demo import DRAFT_V1, DRAFT_V2


def _dicts(parsed: drafts.ParsedDraft) -> list[dict]:
    return [
        {
            "id": i,
            "kind": u.kind,
            "key": u.key,
            "label": u.label,
            "article_key": u.article_key if u.kind != "article" else u.key,
            "rendered": u.render(),
        }
        for i, u in enumerate(parsed.units)
    ]


def test_a_legal_draft_is_split_into_chapters_articles_clauses_points_and_paragraphs():
    parsed = drafts.parse_text(DRAFT_V1)
    kinds = [(u.kind, u.key) for u in parsed.units]
    assert kinds[:4] == [("preamble", "pre"), ("chapter", "ci"), ("article", "d1"), ("article", "d2")]
    assert ("point", "d4/k2/pb") in kinds and ("clause", "d3/k2") in kinds
    by_key = {u.key: u for u in parsed.units}
    assert by_key["ci"].heading == "QUY ĐỊNH CHUNG"
    assert by_key["d1"].heading == "Phạm vi điều chỉnh" and by_key["d1"].text.startswith("Nghị quyết này")
    assert by_key["d4/k2/pa"].article_key == "d4" and by_key["d4/k2/pa"].parent_key == "d4/k2"
    assert "Căn cứ Luật Ban hành" in by_key["pre"].text
    assert len(parsed.articles()) == 5


def test_bare_headings_take_their_title_from_the_next_line_and_extra_text_becomes_paragraphs():
    parsed = drafts.parse_text(
        "Chương II\nCHÍNH SÁCH\nĐiều 7\nMức hỗ trợ\nMức hỗ trợ là 5 triệu đồng.\nHỗ trợ một lần.\n- Chi trả theo quý."
    )
    by_key = {u.key: u for u in parsed.units}
    assert by_key["cii"].heading == "CHÍNH SÁCH"
    assert by_key["d7"].heading == "Mức hỗ trợ" and by_key["d7"].text == "Mức hỗ trợ là 5 triệu đồng."
    assert [by_key[k].text for k in ("d7/n1", "d7/n2")] == ["Hỗ trợ một lần.", "Chi trả theo quý."]
    assert by_key["d7/n2"].label == "Article 7, paragraph 2" or by_key["d7/n2"].label == "Điều 7, đoạn 2"


def test_a_sentence_broken_over_two_lines_is_joined():
    parsed = drafts.parse_text("Điều 1. Phạm vi\n1. Hộ gia đình, cá nhân trực tiếp\nsản xuất nông nghiệp.")
    assert {u.key: u.text for u in parsed.units}[
        "d1/k1"
    ] == "Hộ gia đình, cá nhân trực tiếp sản xuất nông nghiệp."


def test_a_draft_without_articles_uses_its_plan_numbering():
    parsed = drafts.parse_text(
        "I- Mục tiêu\n1. Nâng cao chất lượng\n2. Bảo đảm công khai\nII- Tổ chức thực hiện\n1. Giao Sở chủ trì"
    )
    keys = [u.key for u in parsed.units]
    assert keys == ["ci", "ci/i1", "ci/i2", "cii", "cii/i1"]


def test_text_without_any_structure_is_refused_with_a_message():
    with pytest.raises(ValidationError):
        drafts.parse_text("Một đoạn văn không có điều khoản nào.")
    with pytest.raises(ValidationError):
        drafts.parse_text("   ")


def test_the_diff_is_per_article_with_word_marks():
    old, new = drafts.parse_text(DRAFT_V1), drafts.parse_text(DRAFT_V2)
    result = {d.key: d for d in drafts.compare(_dicts(old), _dicts(new))}
    assert {k for k, d in result.items() if d.changed} == {"d3", "d4"}
    assert result["d1"].status == "unchanged" and result["d3"].label in ("Điều 3", "Article 3")
    replaced = [r for r in result["d3"].rows if r.tag == "replace"]
    assert len(replaced) == 1
    assert "<ins>" in replaced[0].new and "70%" in replaced[0].new and "<del>" not in replaced[0].new
    assert "<del>" in str(next(r for r in result["d4"].rows if r.tag == "replace").old)


def test_added_and_removed_articles_and_html_is_escaped():
    old = drafts.parse_text("Điều 1. A\nNội dung <b>cũ</b>.\nĐiều 2. B\nGiữ nguyên.")
    new = drafts.parse_text("Điều 2. B\nGiữ nguyên.\nĐiều 3. C\nMới.")
    result = {d.key: d.status for d in drafts.compare(_dicts(old), _dicts(new))}
    assert result == {"d2": "unchanged", "d3": "added", "d1": "removed"}
    removed = next(d for d in drafts.compare(_dicts(old), _dicts(new)) if d.key == "d1")
    assert "&lt;b&gt;" in "".join(str(r.old) for r in removed.rows)
