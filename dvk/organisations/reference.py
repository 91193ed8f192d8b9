"""Loads the public reference data in data/: Hòa Bình's 2020 units (GSO codes) and their
1/7/2025 succession into Phú Thọ (NQ 1676/NQ-UBTVQH15). Idempotent: rows are keyed on
(code, valid_from), because new units reuse the code of one of their constituents."""

from __future__ import annotations

import csv
import datetime as dt
from pathlib import Path

from django.db import transaction

from dvk.organisations.models import AdministrativeUnit, Reorganisation, UnitSuccession

DATA = Path(__file__).parent / "data"
LEVELS = {"tinh": "province", "huyen": "district", "xa": "commune"}
MERGER_DAY = dt.date(2025, 7, 1)
WARDS_2021 = dt.date(2021, 2, 1)


def _date(value: str) -> dt.date | None:
    return dt.date.fromisoformat(value) if value else None


def _unit(code: str, valid_from: dt.date | None, **fields) -> AdministrativeUnit:
    unit, _created = AdministrativeUnit.objects.update_or_create(
        code=code, valid_from=valid_from, defaults=fields
    )
    return unit


def _reorg(title: str, kind: str, resolution: str, effective_on: dt.date) -> Reorganisation:
    reorg, _created = Reorganisation.objects.get_or_create(
        resolution=resolution, defaults={"title": title, "kind": kind, "effective_on": effective_on}
    )
    return reorg


@transaction.atomic
def load_hoa_binh_phu_tho() -> dict[str, AdministrativeUnit]:
    """Create or refresh the units; return the two provinces by key ("hoa_binh", "phu_tho")."""
    by_code: dict[str, AdministrativeUnit] = {}
    with open(DATA / "hoa_binh_2020.csv", encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            by_code[row["code"]] = _unit(
                row["code"],
                _date(row["valid_from"]),
                name=row["name"],
                level=LEVELS[row["level"]],
                parent=by_code.get(row["parent_code"]),
                valid_to=_date(row["valid_to"]),
                source=row["source"],
            )
    hoa_binh = by_code["17"]

    # NQ 1189/NQ-UBTVQH14: xã Sủ Ngòi → phường Quỳnh Lâm, xã Trung Minh → phường Trung Minh (same codes).
    wards = _reorg(
        "Thành lập phường Quỳnh Lâm và phường Trung Minh", "rename", "1189/NQ-UBTVQH14", WARDS_2021
    )
    renamed = {}
    for code, name in (("04816", "Phường Quỳnh Lâm"), ("04918", "Phường Trung Minh")):
        old = by_code[code]
        new = _unit(
            code,
            WARDS_2021,
            name=name,
            level="commune",
            parent=old.parent,
            valid_to=dt.date(2025, 6, 30),
            source="NQ 1189/NQ-UBTVQH14 (hiệu lực 1/2/2021)",
        )
        UnitSuccession.objects.get_or_create(old=old, new=new, defaults={"reorganisation": wards})
        renamed[code] = new

    phu_tho = _unit(
        "25",
        MERGER_DAY,
        name="Tỉnh Phú Thọ",
        level="province",
        parent=None,
        valid_to=None,
        source="NQ 202/2025/QH15 (12/6/2025); mã 25 theo CV 915/CTK-CSCL",
    )
    province_merger = _reorg("Hợp nhất tỉnh Hòa Bình vào tỉnh Phú Thọ", "merge", "202/2025/QH15", MERGER_DAY)
    UnitSuccession.objects.get_or_create(
        old=hoa_binh, new=phu_tho, defaults={"reorganisation": province_merger}
    )
    for unit in AdministrativeUnit.objects.filter(parent=hoa_binh, level="district"):
        # The district level ended on 1/7/2025; its records roll up to the new province.
        UnitSuccession.objects.get_or_create(
            old=unit, new=phu_tho, defaults={"reorganisation": province_merger}
        )

    communes = _reorg(
        "Sắp xếp đơn vị hành chính cấp xã của tỉnh Phú Thọ (phần tỉnh Hòa Bình cũ)",
        "merge",
        "1676/NQ-UBTVQH15",
        MERGER_DAY,
    )
    seen_old: set[str] = set()
    with open(DATA / "hoa_binh_succession_2025.csv", encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            new = _unit(
                row["new_code"],
                MERGER_DAY,
                name=row["new_name"],
                level="commune",
                parent=phu_tho,
                valid_to=None,
                source=f"NQ {row['resolution']}",
            )
            old = renamed.get(row["old_code"]) or by_code[row["old_code"]]
            primary = row["old_code"] not in seen_old  # a split commune rolls up to its first successor
            seen_old.add(row["old_code"])
            UnitSuccession.objects.get_or_create(
                old=old,
                new=new,
                defaults={
                    "reorganisation": communes,
                    "whole": row["portion"] == "toàn bộ",
                    "is_primary": primary,
                },
            )
    return {"hoa_binh": hoa_binh, "phu_tho": phu_tho}
