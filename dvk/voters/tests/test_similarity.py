from dvk.voters.similarity import best_match, jaccard, suggest, trigrams


def test_accent_insensitive_repeats_are_suggested_and_unrelated_are_not():
    items = [
        (1, "Đề nghị sớm sửa chữa tuyến đường liên xã Thịnh Minh – Hợp Thành bị sạt lở sau mưa lũ."),
        (2, "de nghi som sua chua duong lien xa Thinh Minh - Hop Thanh bi sat lo do mua lu"),
        (3, "Đề nghị hỗ trợ kinh phí xây dựng bếp ăn bán trú cho Trường Tiểu học Cao Phong."),
        (4, "Đề nghị xem xét điều chỉnh giá điện sinh hoạt bậc thang."),
    ]
    found = suggest(items)
    assert [(s.first, s.second) for s in found] == [(1, 2)]
    assert found[0].score >= 0.45


def test_jaccard_bounds():
    a = trigrams("sửa đường")
    assert jaccard(a, a) == 1.0
    assert jaccard(a, frozenset()) == 0.0
    match = best_match(
        "Điều chỉnh giá điện sinh hoạt bậc thang",
        [(9, "Đề nghị điều chỉnh giá điện sinh hoạt theo bậc thang"), (10, "Sửa đường liên xã")],
    )
    assert match is not None and match[0] == 9
