"""The scales `generate_data` knows, with exact row counts per table.

Body counts are deterministic (they follow from the commune count: see `grassroots_for`), so a
test can check every table against the spec. Per-domain counts live in `domain`, keyed by names
the domain generators read through `ctx.count("<key>")`; a new domain adds its keys here.
"""

from __future__ import annotations

from dataclasses import dataclass, field

# Province-level bodies: (suffix, name pattern, short name, kind, parent suffix). "{p}" is the province.
PROVINCE_BODIES: tuple[tuple[str, str, str, str, str | None], ...] = (
    ("TU", "Tỉnh ủy {p}", "TU", "party_committee", None),
    ("BTGDV", "Ban Tuyên giáo và Dân vận Tỉnh ủy {p}", "BTGDVTU", "party_board", "TU"),
    (
        "HDTD",
        "Hội đồng xét công nhận điển hình \u201cDân vận khéo\u201d tỉnh {p}",
        "HĐDVK",
        "council",
        "BTGDV",
    ),
    ("HDND", "Hội đồng nhân dân tỉnh {p}", "HĐND", "peoples_council", "TU"),
    ("UBND", "Ủy ban nhân dân tỉnh {p}", "UBND", "peoples_committee", "TU"),
    ("SNV", "Sở Nội vụ tỉnh {p}", "SNV", "department", "UBND"),
    ("SNNMT", "Sở Nông nghiệp và Môi trường tỉnh {p}", "SNNMT", "department", "UBND"),
    ("SGDDT", "Sở Giáo dục và Đào tạo tỉnh {p}", "SGDĐT", "department", "UBND"),
    ("SYT", "Sở Y tế tỉnh {p}", "SYT", "department", "UBND"),
    ("STC", "Sở Tài chính tỉnh {p}", "STC", "department", "UBND"),
    ("TAND", "Tòa án nhân dân tỉnh {p}", "TAND", "judiciary", "TU"),
    ("VKSND", "Viện Kiểm sát nhân dân tỉnh {p}", "VKSND", "judiciary", "TU"),
    ("BCHQS", "Bộ Chỉ huy Quân sự tỉnh {p}", "BCHQS", "armed_forces", "TU"),
    ("CA", "Công an tỉnh {p}", "CA", "armed_forces", "TU"),
    ("MTTQ", "Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh {p}", "MTTQ", "front", "TU"),
    ("HLHPN", "Hội Liên hiệp Phụ nữ tỉnh {p}", "HLHPN", "mass_organisation", "MTTQ"),
    ("HND", "Hội Nông dân tỉnh {p}", "HND", "mass_organisation", "MTTQ"),
    ("TD", "Tỉnh đoàn {p}", "TĐ", "mass_organisation", "MTTQ"),
    ("LDLD", "Liên đoàn Lao động tỉnh {p}", "LĐLĐ", "mass_organisation", "MTTQ"),
    ("HCCB", "Hội Cựu chiến binh tỉnh {p}", "HCCB", "mass_organisation", "MTTQ"),
)
# Commune-level bodies every commune has: (suffix, name pattern, short name, kind, parent suffix).
# "{c}" is "xã Thịnh Minh" / "phường Quỳnh Lâm".
COMMUNE_BODIES: tuple[tuple[str, str, str, str, str | None], ...] = (
    ("DU", "Đảng ủy {c}", "ĐU", "party_committee", None),
    ("UBND", "Ủy ban nhân dân {c}", "UBND", "peoples_committee", "DU"),
    ("HDND", "Hội đồng nhân dân {c}", "HĐND", "peoples_council", "DU"),
    ("MTTQ", "Ủy ban MTTQ {c}", "MTTQ", "front", "DU"),
    ("HLHPN", "Hội Liên hiệp Phụ nữ {c}", "HLHPN", "mass_organisation", "MTTQ"),
    ("HND", "Hội Nông dân {c}", "HND", "mass_organisation", "MTTQ"),
    ("DTN", "Đoàn Thanh niên {c}", "ĐTN", "mass_organisation", "MTTQ"),
    ("HCCB", "Hội Cựu chiến binh {c}", "HCCB", "mass_organisation", "MTTQ"),
)
SCHOOLS = ("Trường Mầm non", "Trường Tiểu học", "Trường Trung học cơ sở")


def grassroots_for(commune_index: int) -> tuple[int, int, int]:
    """(chi bộ, khu dân cư, trường) under commune `commune_index` (0-based): deterministic, 3–7 / 3–5 / 2–3."""
    return 3 + commune_index % 5, 3 + (commune_index * 7) % 3, 2 + (commune_index * 3) % 2


def split_evenly(total: int, parts: int, weights: list[float] | None = None) -> list[int]:
    """`total` split over `parts` (proportional to `weights`), summing exactly to `total`."""
    weights = weights or [1.0] * parts
    scale = total / sum(weights)
    raw = [w * scale for w in weights]
    out = [int(x) for x in raw]
    for i in sorted(range(parts), key=lambda i: raw[i] - out[i], reverse=True)[: total - sum(out)]:
        out[i] += 1
    return out


@dataclass(frozen=True)
class ScaleSpec:
    name: str
    provinces: int
    communes: int  # in all provinces together
    users: int
    audit_events: int  # foundation events (log-ins); domain generators add their own
    notifications: int
    domain: dict[str, int] = field(default_factory=dict)

    def count(self, key: str) -> int:
        return self.domain.get(key, 0)

    @property
    def extra_memberships(self) -> int:
        """Users who also hold a second membership (e.g. a council member leading a commune)."""
        return self.users // 20

    @property
    def bodies(self) -> int:
        grassroots = sum(sum(grassroots_for(i)) for i in range(self.communes))
        return self.provinces * len(PROVINCE_BODIES) + self.communes * len(COMMUNE_BODIES) + grassroots


SCALES: dict[str, ScaleSpec] = {
    # For tests: a few communes, a few hundred rows.
    "tiny": ScaleSpec(
        "tiny",
        provinces=1,
        communes=4,
        users=60,
        audit_events=80,
        notifications=90,
        domain={
            "exemplars": 120,
            "plans": 4,
            "assignments": 60,
            "reports": 150,
            "voter_petitions": 200,
            "citizen_cases": 200,
            "front_supervisions": 12,
            "front_recommendations": 36,
            "front_critiques": 4,
            "front_comments": 80,
        },
    ),
    # The 1,000-row scale: the benchmark compares query counts here and at full scale.
    "small": ScaleSpec(
        "small",
        provinces=1,
        communes=12,
        users=150,
        audit_events=500,
        notifications=500,
        domain={
            "exemplars": 1_000,
            "plans": 8,
            "assignments": 400,
            "reports": 1_000,
            "voter_petitions": 1_000,
            "citizen_cases": 1_000,
            "front_supervisions": 60,
            "front_recommendations": 200,
            "front_critiques": 20,
            "front_comments": 1_000,
        },
    ),
    "province": ScaleSpec(
        "province",
        provinces=1,
        communes=150,
        users=2_000,
        audit_events=20_000,
        notifications=20_000,
        domain={
            "exemplars": 50_000,
            "plans": 60,
            "assignments": 20_000,
            "reports": 60_000,
            "voter_petitions": 10_000,
            "citizen_cases": 100_000,
            "front_supervisions": 600,
            "front_recommendations": 2_000,
            "front_critiques": 150,
            "front_comments": 10_000,
        },
    ),
    "national": ScaleSpec(
        "national",
        provinces=34,
        communes=3_321,
        users=50_000,
        audit_events=300_000,
        notifications=300_000,
        domain={
            "exemplars": 1_000_000,
            "plans": 1_400,
            "assignments": 400_000,
            "reports": 1_200_000,
            "voter_petitions": 300_000,
            "citizen_cases": 2_000_000,
            "front_supervisions": 20_000,
            "front_recommendations": 60_000,
            "front_critiques": 3_000,
            "front_comments": 300_000,
        },
    ),
}
