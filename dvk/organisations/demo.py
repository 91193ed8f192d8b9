"""Demo province: Hòa Bình as it stood in 2020, its 1/7/2025 merger into Phú Thọ (real names
and GSO codes from data/), the bodies of both, and the fixed demo accounts (README)."""

from __future__ import annotations

import datetime as dt

from django.db import transaction

from dvk.accounts.factories import DEMO_PASSWORD, UserFactory
from dvk.accounts.models import User
from dvk.core.demo import DemoContext
from dvk.organisations.models import AdministrativeUnit, Membership, Organisation, UnitSuccession
from dvk.organisations.reference import MERGER_DAY, load_hoa_binh_phu_tho
from dvk.organisations.services import reorganise

K = Organisation.Kind
R = Membership.Role
DEMO_DISTRICTS = (
    "148",
    "150",
    "154",
)  # TP Hòa Bình, Đà Bắc, Cao Phong: their communes get bodies in the demo

# (code suffix, name, short name, kind, parent suffix) for province-level bodies.
PROVINCE_BODIES_2020 = [
    ("BDV", "Ban Dân vận Tỉnh ủy Hòa Bình", "BDVTU", K.PARTY_BOARD, "TU"),
    ("HDND", "Hội đồng nhân dân tỉnh Hòa Bình", "HĐND", K.PEOPLES_COUNCIL, "TU"),
    ("UBND", "Ủy ban nhân dân tỉnh Hòa Bình", "UBND", K.PEOPLES_COMMITTEE, "TU"),
    ("SNV", "Sở Nội vụ tỉnh Hòa Bình", "SNV", K.DEPARTMENT, "UBND"),
    ("STNMT", "Sở Tài nguyên và Môi trường tỉnh Hòa Bình", "STNMT", K.DEPARTMENT, "UBND"),
    ("TAND", "Tòa án nhân dân tỉnh Hòa Bình", "TAND", K.JUDICIARY, "TU"),
    ("VKSND", "Viện Kiểm sát nhân dân tỉnh Hòa Bình", "VKSND", K.JUDICIARY, "TU"),
    ("BCHQS", "Bộ Chỉ huy Quân sự tỉnh Hòa Bình", "BCHQS", K.ARMED_FORCES, "TU"),
    ("CA", "Công an tỉnh Hòa Bình", "CA", K.ARMED_FORCES, "TU"),
    ("MTTQ", "Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh Hòa Bình", "MTTQ", K.FRONT, "TU"),
    ("HLHPN", "Hội Liên hiệp Phụ nữ tỉnh Hòa Bình", "HLHPN", K.MASS_ORGANISATION, "MTTQ"),
    ("HND", "Hội Nông dân tỉnh Hòa Bình", "HND", K.MASS_ORGANISATION, "MTTQ"),
    ("TD", "Tỉnh đoàn Hòa Bình", "TĐ", K.MASS_ORGANISATION, "MTTQ"),
    ("LDLD", "Liên đoàn Lao động tỉnh Hòa Bình", "LĐLĐ", K.MASS_ORGANISATION, "MTTQ"),
    ("HCCB", "Hội Cựu chiến binh tỉnh Hòa Bình", "HCCB", K.MASS_ORGANISATION, "MTTQ"),
]
PROVINCE_BODIES_2025 = [
    ("BTGDV", "Ban Tuyên giáo và Dân vận Tỉnh ủy Phú Thọ", "BTGDVTU", K.PARTY_BOARD, "TU", "BDV"),
    (
        "HDTD",
        "Hội đồng xét công nhận điển hình \u201cDân vận khéo\u201d tỉnh Phú Thọ",
        "HĐDVK",
        K.COUNCIL,
        "BTGDV",
        None,
    ),
    ("HDND", "Hội đồng nhân dân tỉnh Phú Thọ", "HĐND", K.PEOPLES_COUNCIL, "TU", "HDND"),
    ("UBND", "Ủy ban nhân dân tỉnh Phú Thọ", "UBND", K.PEOPLES_COMMITTEE, "TU", "UBND"),
    ("SNV", "Sở Nội vụ tỉnh Phú Thọ", "SNV", K.DEPARTMENT, "UBND", "SNV"),
    ("SNNMT", "Sở Nông nghiệp và Môi trường tỉnh Phú Thọ", "SNNMT", K.DEPARTMENT, "UBND", "STNMT"),
    ("SGDDT", "Sở Giáo dục và Đào tạo tỉnh Phú Thọ", "SGDĐT", K.DEPARTMENT, "UBND", None),
    ("TAND", "Tòa án nhân dân tỉnh Phú Thọ", "TAND", K.JUDICIARY, "TU", "TAND"),
    ("VKSND", "Viện Kiểm sát nhân dân tỉnh Phú Thọ", "VKSND", K.JUDICIARY, "TU", "VKSND"),
    ("BCHQS", "Bộ Chỉ huy Quân sự tỉnh Phú Thọ", "BCHQS", K.ARMED_FORCES, "TU", "BCHQS"),
    ("CA", "Công an tỉnh Phú Thọ", "CA", K.ARMED_FORCES, "TU", "CA"),
    ("MTTQ", "Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh Phú Thọ", "MTTQ", K.FRONT, "TU", "MTTQ"),
    ("HLHPN", "Hội Liên hiệp Phụ nữ tỉnh Phú Thọ", "HLHPN", K.MASS_ORGANISATION, "MTTQ", "HLHPN"),
    ("HND", "Hội Nông dân tỉnh Phú Thọ", "HND", K.MASS_ORGANISATION, "MTTQ", "HND"),
    ("TD", "Tỉnh đoàn Phú Thọ", "TĐ", K.MASS_ORGANISATION, "MTTQ", "TD"),
    ("LDLD", "Liên đoàn Lao động tỉnh Phú Thọ", "LĐLĐ", K.MASS_ORGANISATION, "MTTQ", "LDLD"),
    ("HCCB", "Hội Cựu chiến binh tỉnh Phú Thọ", "HCCB", K.MASS_ORGANISATION, "MTTQ", "HCCB"),
]

# username, full name, body code, role, position, superuser
DEMO_ACCOUNTS = [
    ("admin", "Quản trị hệ thống", None, None, "", True),
    (
        "tinh.bdv",
        "Nguyễn Thị Hồng Nhung",
        "PT-BTGDV",
        R.COORDINATOR,
        "Chuyên viên Ban Tuyên giáo và Dân vận",
        False,
    ),
    (
        "lanhdao.bdv",
        "Bùi Văn Khánh",
        "PT-BTGDV",
        R.BOARD_LEADER,
        "Phó Trưởng ban Tuyên giáo và Dân vận",
        False,
    ),
    ("xa.a", "Đinh Công Thắng", "PT-DU-04897", R.OFFICER, "Cán bộ Đảng ủy xã Thịnh Minh", False),
    ("xa.b", "Quách Thị Lan", "PT-DU-05089", R.OFFICER, "Cán bộ Đảng ủy xã Cao Phong", False),
    ("so.a", "Trần Minh Đức", "PT-SNV", R.OFFICER, "Chuyên viên Sở Nội vụ", False),
    ("mttq.tinh", "Hà Thị Thu Trang", "PT-MTTQ", R.OFFICER, "Chuyên viên Ủy ban MTTQ tỉnh", False),
    ("hoidong.1", "Lê Quang Vinh", "PT-HDTD", R.COUNCIL_MEMBER, "Thành viên Hội đồng", False),
    ("hoidong.2", "Phạm Thị Mai", "PT-HDTD", R.COUNCIL_MEMBER, "Thành viên Hội đồng", False),
    ("hoidong.3", "Xa Văn Tuấn", "PT-HDTD", R.COUNCIL_MEMBER, "Thành viên Hội đồng", False),
]
EXTRA_MEMBERSHIPS = [("hoidong.3", "PT-DU-04897", R.LEADER, "Bí thư Đảng ủy xã Thịnh Minh")]


def _body(
    code: str,
    name: str,
    kind: str,
    unit: AdministrativeUnit,
    parent: Organisation | None,
    short_name: str = "",
    valid_from: dt.date | None = None,
    valid_to: dt.date | None = None,
) -> Organisation:
    found = Organisation.objects.filter(code=code).first()
    if found:
        return found
    return Organisation.objects.create(
        code=code,
        name=name,
        kind=kind,
        unit=unit,
        parent=parent,
        short_name=short_name,
        valid_from=valid_from,
        valid_to=valid_to,
    )


def _commune_label(unit: AdministrativeUnit) -> str:
    """ "Xã Hợp Thành" → ("xã", "Hợp Thành") joined as "xã Hợp Thành"."""
    kind, _sep, rest = unit.name.partition(" ")
    if kind == "Thị":  # "Thị trấn Bo"
        kind2, _s, rest = rest.partition(" ")
        return f"thị {kind2} {rest}"
    return f"{kind.lower()} {rest}"


def _old_commune(
    commune: AdministrativeUnit, dist_committee: Organisation, old_end: dt.date
) -> list[tuple[Organisation, AdministrativeUnit, str]]:
    """The Party committee, People's Committee and Front of a commune until the merger."""
    label = _commune_label(commune)
    party = _body(
        f"HB-DU-{commune.code}",
        f"Đảng ủy {label}",
        K.PARTY_COMMITTEE,
        commune,
        dist_committee,
        "ĐU",
        valid_to=old_end,
    )
    gov = _body(
        f"HB-UBND-{commune.code}",
        f"Ủy ban nhân dân {label}",
        K.PEOPLES_COMMITTEE,
        commune,
        party,
        "UBND",
        valid_to=old_end,
    )
    front = _body(
        f"HB-MTTQ-{commune.code}",
        f"Ủy ban MTTQ {label}",
        K.FRONT,
        commune,
        party,
        "MTTQ",
        valid_to=old_end,
    )

    return [(party, commune, "DU"), (gov, commune, "UBND"), (front, commune, "MTTQ")]


def _new_commune(new_unit: AdministrativeUnit, pt_tu: Organisation) -> None:
    """The Party committee, People's Committee and Front of a commune from the merger day."""
    label = _commune_label(new_unit)
    party = _body(
        f"PT-DU-{new_unit.code}",
        f"Đảng ủy {label}",
        K.PARTY_COMMITTEE,
        new_unit,
        pt_tu,
        "ĐU",
        valid_from=MERGER_DAY,
    )
    _body(
        f"PT-UBND-{new_unit.code}",
        f"Ủy ban nhân dân {label}",
        K.PEOPLES_COMMITTEE,
        new_unit,
        party,
        "UBND",
        valid_from=MERGER_DAY,
    )
    _body(
        f"PT-MTTQ-{new_unit.code}",
        f"Ủy ban MTTQ {label}",
        K.FRONT,
        new_unit,
        party,
        "MTTQ",
        valid_from=MERGER_DAY,
    )


def _hoa_binh_2020(
    ctx: DemoContext, hb: AdministrativeUnit, old_end: dt.date
) -> tuple[Organisation, list[tuple[Organisation, AdministrativeUnit, str]]]:
    """Hòa Bình's 2020 structure: the province bodies, its districts' committees and boards, and
    the version of each commune that existed until the merger (Sủ Ngòi appears as phường Quỳnh
    Lâm, its 2021 name)."""
    hb_tu = _body("HB-TU", "Tỉnh ủy Hòa Bình", K.PARTY_COMMITTEE, hb, None, "TU")
    for suffix, name, short, kind, parent in PROVINCE_BODIES_2020:
        _body(f"HB-{suffix}", name, kind, hb, ctx.org(f"HB-{parent}"), short)
    old_commune_bodies: list[tuple[Organisation, AdministrativeUnit, str]] = []
    for district in AdministrativeUnit.objects.filter(code__in=DEMO_DISTRICTS, valid_from__isnull=True):
        title = (
            "Thành ủy Hòa Bình"
            if district.code == "148"
            else f"Huyện ủy {district.name.removeprefix('Huyện ')}"
        )
        dist_committee = _body(f"HB-HU-{district.code}", title, K.PARTY_COMMITTEE, district, hb_tu, "HU")
        _body(
            f"HB-BDVHU-{district.code}",
            f"Ban Dân vận {title}",
            K.PARTY_BOARD,
            district,
            dist_committee,
            "BDVHU",
        )
        # The version of each commune that existed until the merger (Sủ Ngòi appears as phường
        # Quỳnh Lâm, its 2021 name).
        for commune in district.children.filter(level="commune", valid_to=old_end).order_by("code"):
            old_commune_bodies += _old_commune(commune, dist_committee, old_end)
    return hb_tu, old_commune_bodies


def _phu_tho_2025(
    ctx: DemoContext, pt: AdministrativeUnit, hb_tu: Organisation
) -> list[tuple[Organisation, Organisation, bool]]:
    """Phú Thọ from 1/7/2025: its bodies, and which Hòa Bình body each continues."""
    pt_tu = _body("PT-TU", "Tỉnh ủy Phú Thọ", K.PARTY_COMMITTEE, pt, None, "TU", valid_from=MERGER_DAY)
    province_links = [(hb_tu, pt_tu, True)]
    for suffix, name, short, kind, parent, old_suffix in PROVINCE_BODIES_2025:
        body = _body(f"PT-{suffix}", name, kind, pt, ctx.org(f"PT-{parent}"), short, valid_from=MERGER_DAY)
        if old_suffix:
            province_links.append((ctx.org(f"HB-{old_suffix}"), body, True))
    for district_code in DEMO_DISTRICTS:
        province_links.append((ctx.org(f"HB-HU-{district_code}"), pt_tu, True))
        province_links.append((ctx.org(f"HB-BDVHU-{district_code}"), ctx.org("PT-BTGDV"), True))
    for new_unit in AdministrativeUnit.objects.filter(parent=pt, level="commune").order_by("code"):
        _new_commune(new_unit, pt_tu)
    return province_links


def _thinh_minh_grassroots(ctx: DemoContext) -> None:
    """A few grassroots bodies in xã Thịnh Minh (xa.a's commune) for models and replications."""
    thinh_minh = ctx.org("PT-DU-04897")
    for i, (name, kind) in enumerate(
        [
            ("Chi bộ xóm Thịnh Lang", K.PARTY_CELL),
            ("Chi bộ xóm Quang Tiến", K.PARTY_CELL),
            ("Khu dân cư xóm Hợp Thành", K.RESIDENTIAL_AREA),
            ("Trường Tiểu học Thịnh Minh", K.SCHOOL),
        ],
        start=1,
    ):
        _body(f"PT-CS-04897-{i}", name, kind, thinh_minh.unit, thinh_minh, valid_from=MERGER_DAY)


def _merge(
    ctx: DemoContext,
    province_links: list[tuple[Organisation, Organisation, bool]],
    old_commune_bodies: list[tuple[Organisation, AdministrativeUnit, str]],
) -> None:
    """The reorganisation linking the old bodies to their successors (once)."""
    if not Organisation.objects.filter(code="HB-TU", successions_out__isnull=False).exists():
        commune_links = []
        for body, commune, prefix in old_commune_bodies:
            links = UnitSuccession.objects.filter(old=commune, reorganisation__effective_on=MERGER_DAY)
            for link in links:
                commune_links.append((body, ctx.org(f"PT-{prefix}-{link.new.code}"), link.is_primary))
        reorganise(
            kind="merge",
            title="Sắp xếp tổ chức bộ máy khi hợp nhất tỉnh Hòa Bình vào tỉnh Phú Thọ",
            resolution="NQ 202/2025/QH15; NQ 1676/NQ-UBTVQH15; HD 31-HD/BTCTW",
            effective_on=MERGER_DAY,
            organisation_links=province_links + commune_links,
        )


def _accounts(ctx: DemoContext) -> None:
    for username, full_name, org_code, role, position, superuser in DEMO_ACCOUNTS:
        user = User.objects.filter(username=username).first() or UserFactory(
            username=username, full_name=full_name, is_superuser=superuser, is_staff=superuser
        )
        if org_code:
            Membership.objects.get_or_create(
                user=user, organisation=ctx.org(org_code), defaults={"role": role, "position": position}
            )
    for username, org_code, role, position in EXTRA_MEMBERSHIPS:
        Membership.objects.get_or_create(
            user=ctx.user(username),
            organisation=ctx.org(org_code),
            defaults={"role": role, "position": position},
        )


@transaction.atomic
def seed(ctx: DemoContext) -> None:
    provinces = load_hoa_binh_phu_tho()
    hb, pt = provinces["hoa_binh"], provinces["phu_tho"]
    hb_tu, old_commune_bodies = _hoa_binh_2020(ctx, hb, dt.date(2025, 6, 30))
    province_links = _phu_tho_2025(ctx, pt, hb_tu)
    _thinh_minh_grassroots(ctx)
    _merge(ctx, province_links, old_commune_bodies)
    _accounts(ctx)
    ctx.log(
        f"  bodies: {Organisation.objects.count()}, units: {AdministrativeUnit.objects.count()}, "
        f"accounts: {User.objects.count()} (password {DEMO_PASSWORD})"
    )
