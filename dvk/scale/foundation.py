"""Foundation rows: provinces and communes (units), their bodies (with materialised paths
computed here, not one `Organisation.save()` at a time), users with memberships, log-in audit
events and notifications. Fills `ctx.provinces`, `ctx.communes`, `ctx.bodies` and `ctx.users`
for the domain generators that run after it."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib.auth.hashers import make_password

from dvk.accounts.factories import DEMO_PASSWORD
from dvk.accounts.models import User
from dvk.audit.models import AuditEvent
from dvk.core.text import nfc
from dvk.notifications.models import Notification
from dvk.organisations.models import SEGMENT, AdministrativeUnit, Membership, Organisation, path_segment
from dvk.scale import names
from dvk.scale.context import BodyRef, CommuneRef, GenerationContext, ProvinceRef, UserRef
from dvk.scale.spec import COMMUNE_BODIES, PROVINCE_BODIES, SCHOOLS, grassroots_for, split_evenly

MERGER_DAY = dt.date(2025, 7, 1)
R = Membership.Role

ORG_FIELDS = [
    "created_at",
    "updated_at",
    "name",
    "code",
    "short_name",
    "kind",
    "unit_id",
    "parent_id",
    "path",
    "depth",
    "child_count",
    "valid_from",
    "valid_to",
    "email",
    "search_text",
]
# Province-level accounts: (body suffix, role, how many, login stem, position).
PROVINCE_ACCOUNTS = (
    ("BTGDV", R.COORDINATOR, 4, "bdv", "Chuyên viên Ban Tuyên giáo và Dân vận"),
    ("BTGDV", R.BOARD_LEADER, 2, "lanhdao", "Phó Trưởng ban Tuyên giáo và Dân vận"),
    ("HDTD", R.COUNCIL_MEMBER, 7, "hoidong", "Thành viên Hội đồng"),
)
COMMUNE_POSITIONS = {
    "DU": "Cán bộ Đảng ủy",
    "UBND": "Công chức Văn phòng UBND",
    "HDND": "Chuyên viên HĐND",
    "MTTQ": "Cán bộ Ủy ban MTTQ",
    "HLHPN": "Chủ tịch Hội Phụ nữ",
    "HND": "Chủ tịch Hội Nông dân",
    "DTN": "Bí thư Đoàn",
    "HCCB": "Chủ tịch Hội Cựu chiến binh",
    "CB": "Bí thư chi bộ",
    "KDC": "Trưởng ban công tác Mặt trận",
    "TR": "Hiệu trưởng",
}


def generate(ctx: GenerationContext) -> None:
    _units_and_bodies(ctx)
    _users(ctx)
    _audit_events(ctx)
    _notifications(ctx)


def _units_and_bodies(ctx: GenerationContext) -> None:
    spec, rng = ctx.spec, ctx.rng_for("organisations")
    province_names = list(names.PROVINCES[: spec.provinces])
    # Real provinces differ a lot in size (38 to 168 communes); weights keep that shape.
    weights = [rng.uniform(0.4, 1.7) for _ in province_names]
    per_province = split_evenly(spec.communes, spec.provinces, weights)
    created = ctx.now - dt.timedelta(days=200)

    _units(ctx, rng, province_names, per_province)

    # Bodies, with paths assigned here: root segments continue after the existing roots.
    last_root = (
        Organisation.objects.using(ctx.using)
        .filter(depth=1)
        .order_by("-path")
        .values_list("path", flat=True)
        .first()
    )
    next_root = int(last_root, 36) + 1 if last_root else 1
    children: dict[int, int] = {}  # parent id -> children so far
    rows: dict[int, list] = {}  # body id -> row (child_count filled at the end)

    def body(
        writer,
        *,
        name: str,
        code: str,
        short: str,
        kind: str,
        unit_id: int,
        parent: BodyRef | None,
        province: int,
        commune: int | None,
        suffix: str,
    ) -> BodyRef:
        nonlocal next_root
        name = nfc(name)
        if parent is None:
            path, depth = path_segment(next_root), 1
            next_root += 1
        else:
            children[parent.id] = children.get(parent.id, 0) + 1
            path, depth = parent.path + path_segment(children[parent.id]), len(parent.path) // SEGMENT + 1
        row = [
            created,
            created,
            name,
            code,
            short,
            kind,
            unit_id,
            parent.id if parent else None,
            path,
            depth,
            0,
            MERGER_DAY,
            None,
            "",
            names.fast_fold(f"{name} {short}"),
        ]
        body_id = writer.add(row)
        rows[body_id] = writer.buffer[-1]
        ref = BodyRef(
            id=body_id,
            path=path,
            kind=kind,
            name=name,
            unit_id=unit_id,
            province=province,
            commune=commune,
            suffix=suffix,
        )
        ctx.bodies.append(ref)
        return ref

    # All bodies are buffered and written once their child counts are known.
    writer = ctx.writer(Organisation, ORG_FIELDS, total=spec.bodies, label="bodies", hold=True)
    for province in ctx.provinces:
        title = ctx.provinces[province.index].name
        for suffix, pattern, short, kind, parent_suffix in PROVINCE_BODIES:
            parent = province.bodies[parent_suffix] if parent_suffix else None
            province.bodies[suffix] = body(
                writer,
                name=pattern.format(p=title),
                code=f"{province.code}-{suffix}",
                short=short,
                kind=kind,
                unit_id=province.unit_id,
                parent=parent,
                province=province.index,
                commune=None,
                suffix=suffix,
            )
        for commune in province.communes:
            commune_bodies: dict[str, BodyRef] = {}
            for suffix, pattern, short, kind, parent_suffix in COMMUNE_BODIES:
                parent = commune_bodies[parent_suffix] if parent_suffix else province.root
                commune_bodies[suffix] = body(
                    writer,
                    name=pattern.format(c=commune.name),
                    code=f"{commune.code}-{suffix}",
                    short=short,
                    kind=kind,
                    unit_id=commune.unit_id,
                    parent=parent,
                    province=province.index,
                    commune=commune.index,
                    suffix=suffix,
                )
            n_cells, n_areas, n_schools = grassroots_for(commune.index)
            grass = [("CB", f"Chi bộ {names.hamlet_name(rng)}", "party_cell") for _ in range(n_cells)]
            grass += [
                ("KDC", f"Khu dân cư {names.hamlet_name(rng)}", "residential_area") for _ in range(n_areas)
            ]
            place = commune.name.split(" ", 1)[1]
            grass += [("TR", f"{SCHOOLS[k]} {place}", "school") for k in range(n_schools)]
            for k, (suffix, name, kind) in enumerate(grass, start=1):
                commune_bodies[f"{suffix}{k}"] = body(
                    writer,
                    name=name,
                    code=f"{commune.code}-{suffix}{k}",
                    short="",
                    kind=kind,
                    unit_id=commune.unit_id,
                    parent=commune_bodies["DU"],
                    province=province.index,
                    commune=commune.index,
                    suffix=suffix,
                )
            commune.bodies = list(commune_bodies.values())
    for body_id, count in children.items():
        rows[body_id][1 + ORG_FIELDS.index("child_count")] = count
    writer.close()


def _units(ctx: GenerationContext, rng: Any, province_names: list[str], per_province: list[int]) -> None:
    """The provinces and their communes (ctx.provinces, ctx.communes), all in force since the merger."""
    with ctx.writer(
        AdministrativeUnit,
        ["code", "name", "level", "parent_id", "valid_from", "valid_to", "source", "search_text"],
        label="administrative units",
    ) as units:
        for pi, pname in enumerate(province_names):
            code = f"S{pi + 1:02d}"
            title = (
                f"Thành phố {pname}"
                if pname in {"Hà Nội", "Huế", "Hải Phòng", "Đà Nẵng", "Hồ Chí Minh", "Cần Thơ"}
                else f"Tỉnh {pname}"
            )
            unit_id = units.add(
                [
                    code,
                    title,
                    "province",
                    None,
                    MERGER_DAY,
                    None,
                    "generate_data",
                    names.fast_fold(f"{title} {code}"),
                ]
            )
            province = ProvinceRef(index=pi, name=pname, code=code, unit_id=unit_id)
            ctx.provinces.append(province)
            for local, place in enumerate(names.unique_place_names(rng, per_province[pi])):
                word = "Phường" if rng.random() < 0.1 else "Xã"
                ccode = f"{code}{local + 1:04d}"
                cname = f"{word} {place}"
                cid = units.add(
                    [
                        ccode,
                        cname,
                        "commune",
                        unit_id,
                        MERGER_DAY,
                        None,
                        "generate_data",
                        names.fast_fold(f"{cname} {ccode}"),
                    ]
                )
                commune = CommuneRef(
                    index=len(ctx.communes),
                    name=f"{word.lower()} {place}",
                    code=ccode,
                    unit_id=cid,
                    province=pi,
                )
                ctx.communes.append(commune)
                province.communes.append(commune)


def _commune_account(stem: str, local: int, commune: CommuneRef, k: int) -> tuple[str, str, BodyRef, str]:
    """The k-th account of a commune: its Party committee's officer and leader first, then the
    staff of its other bodies in turn (a viewer now and then)."""
    role: str
    if k == 0:
        role, b = R.OFFICER, commune.party
    elif k == 1:
        role, b = R.LEADER, commune.party
    else:
        b = commune.bodies[(k - 1) % len(commune.bodies)]
        role = R.VIEWER if k % 7 == 6 else (R.LEADER if b.suffix in {"CB", "TR"} else R.OFFICER)
    local_body = b.commune is not None and b.suffix not in {"CB", "KDC", "TR"}
    position = COMMUNE_POSITIONS.get(b.suffix, "Cán bộ") + (f" {commune.name}" if local_body else "")
    return (f"{stem}.x{local:03d}.canbo{k + 1}", role, b, position)


def _users(ctx: GenerationContext) -> None:
    spec, rng = ctx.spec, ctx.rng_for("users")
    password = make_password(DEMO_PASSWORD)  # hashed once, shared by every generated account
    joined = ctx.now - dt.timedelta(days=180)
    per_province = split_evenly(spec.users, spec.provinces, [len(p.communes) + 10 for p in ctx.provinces])
    plan: list[tuple[str, str, BodyRef, str]] = []  # (username, role, body, position)
    role: str  # Membership.Role members here, plain str once read back from `plan`
    for province, n_users in zip(ctx.provinces, per_province, strict=True):
        stem = province.code.lower()
        own: list[tuple[str, str, BodyRef, str]] = []
        for suffix, role, how_many, login, position in PROVINCE_ACCOUNTS:
            own += [
                (f"{stem}.{login}{k}", role, province.bodies[suffix], position)
                for k in range(1, how_many + 1)
            ]
        for suffix, b in province.bodies.items():
            if suffix not in {"TU", "BTGDV", "HDTD"}:
                own.append((f"{stem}.{suffix.lower()}", R.OFFICER, b, f"Chuyên viên {b.name}"))
        own = own[:n_users]
        per_commune = split_evenly(n_users - len(own), len(province.communes))
        for commune, n in zip(province.communes, per_commune, strict=True):
            local = commune.index - province.communes[0].index + 1
            own += [_commune_account(stem, local, commune, k) for k in range(n)]
        plan += own

    with ctx.writer(
        User,
        [
            "password",
            "last_login",
            "is_superuser",
            "username",
            "first_name",
            "last_name",
            "email",
            "is_staff",
            "is_active",
            "date_joined",
            "full_name",
            "phone",
        ],
        total=len(plan),
        label="users",
    ) as users:
        for username, role, b, _position in plan:
            full_name, _female = names.person_name(rng)
            phone = f"09{rng.randint(10_000_000, 99_999_999)}"
            last_login = ctx.at(rng, 60) if rng.random() < 0.8 else None
            uid = users.add(
                [
                    password,
                    last_login,
                    False,
                    username,
                    "",
                    "",
                    f"{username}@dvk.local",
                    False,
                    True,
                    joined,
                    full_name,
                    phone,
                ]
            )
            ctx.users.append(UserRef(id=uid, username=username, full_name=full_name, role=role, body=b))

    with ctx.writer(
        Membership,
        ["created_at", "updated_at", "user_id", "organisation_id", "role", "position"],
        total=len(plan) + spec.extra_memberships,
        label="memberships",
    ) as memberships:
        for user, (_u, role, b, position) in zip(ctx.users, plan, strict=True):
            memberships.add([joined, joined, user.id, b.id, role, position])
        # Some people hold a second post: a read-only seat at their commune's Front committee
        # (or its People's Committee when they already work at the Front).
        commune_users = [u for u in ctx.users if u.body.commune is not None]
        for user in rng.sample(commune_users, min(spec.extra_memberships, len(commune_users))):
            assert user.body.commune is not None  # commune_users keeps commune-level bodies only
            commune = ctx.communes[user.body.commune]
            second = next(
                b for b in commune.bodies if b.suffix == ("UBND" if user.body.suffix == "MTTQ" else "MTTQ")
            )
            memberships.add([joined, joined, user.id, second.id, R.VIEWER, f"Ủy viên {second.name}"])


def _audit_events(ctx: GenerationContext) -> None:
    rng = ctx.rng_for("audit")
    with ctx.writer(
        AuditEvent,
        [
            "at",
            "actor_id",
            "actor_name",
            "action",
            "target_type",
            "target_id",
            "target_repr",
            "organisation_id",
            "changes",
            "ip_address",
        ],
        total=ctx.spec.audit_events,
        label="audit events (log-ins)",
    ) as events:
        for _ in range(ctx.spec.audit_events):
            user = rng.choice(ctx.users)
            action = rng.choices(
                ("accounts.login", "accounts.logout", "accounts.password_change"), (80, 18, 2)
            )[0]
            events.add(
                [
                    ctx.at(rng, 365),
                    user.id,
                    user.username,
                    action,
                    "accounts.user",
                    str(user.id),
                    user.full_name,
                    None,
                    {},
                    f"10.{rng.randint(0, 255)}.{rng.randint(0, 255)}.{rng.randint(1, 254)}",
                ]
            )


NOTICES = (
    (
        "system.announcement",
        "Lịch giao ban công tác dân vận tháng {m}",
        "Ban Tuyên giáo và Dân vận Tỉnh ủy thông báo lịch giao ban công tác dân vận tháng {m}.",
    ),
    (
        "system.announcement",
        "Hướng dẫn triển khai phong trào thi đua \u201cDân vận khéo\u201d năm {y}",
        "Đề nghị các cơ quan, đơn vị nghiên cứu hướng dẫn và triển khai thực hiện.",
    ),
    (
        "accounts.welcome",
        "Tài khoản của đồng chí đã được cấp",
        "Đồng chí đăng nhập và đổi mật khẩu trong lần sử dụng đầu tiên.",
    ),
    (
        "system.reminder",
        "Nhắc hạn gửi báo cáo sơ kết 6 tháng năm {y}",
        "Đề nghị gửi báo cáo về Ban Tuyên giáo và Dân vận Tỉnh ủy trước ngày 15/6/{y}.",
    ),
)


def _notifications(ctx: GenerationContext) -> None:
    rng = ctx.rng_for("notifications")
    with ctx.writer(
        Notification,
        ["user_id", "title", "body", "url", "kind", "dedupe_key", "created_at", "read_at", "emailed_at"],
        total=ctx.spec.notifications,
        label="notifications",
    ) as notes:
        for _ in range(ctx.spec.notifications):
            user = rng.choice(ctx.users)
            kind, title, body = rng.choice(NOTICES)
            at = ctx.at(rng, 365)
            fmt = {"m": at.month, "y": at.year}
            read = at + dt.timedelta(hours=rng.randint(1, 72)) if rng.random() < 0.7 else None
            notes.add([user.id, title.format(**fmt), body.format(**fmt), "", kind, "", at, read, None])
