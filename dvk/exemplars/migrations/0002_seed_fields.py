"""Reference data: the four core fields of the movement (domain.md §1.2) and common sub-fields.
Administrators may add or retire fields later; this only creates missing rows."""

from django.db import migrations

FIELDS = [
    ("kinh-te", "Kinh tế", [
        ("giam-ngheo", "Giảm nghèo"), ("nong-thon-moi", "Xây dựng nông thôn mới"),
        ("phat-trien-san-xuat", "Phát triển sản xuất"),
    ]),
    ("van-hoa-xa-hoi", "Văn hóa – xã hội", [
        ("moi-truong", "Môi trường"), ("an-sinh", "An sinh xã hội"), ("giao-duc", "Giáo dục"), ("y-te", "Y tế"),
    ]),
    ("quoc-phong-an-ninh", "Quốc phòng – an ninh", [
        ("an-ninh-trat-tu", "An ninh trật tự cơ sở"),
    ]),
    ("xay-dung-he-thong-chinh-tri", "Xây dựng hệ thống chính trị", [
        ("cai-cach-hanh-chinh", "Cải cách hành chính"), ("quy-che-dan-chu", "Thực hiện dân chủ ở cơ sở"),
        ("dan-van-chinh-quyen", "Dân vận chính quyền"),
    ]),
]


def seed(apps, schema_editor):
    FieldOfWork = apps.get_model("exemplars", "FieldOfWork")
    for order, (code, name, children) in enumerate(FIELDS, start=1):
        parent, _created = FieldOfWork.objects.get_or_create(code=code, defaults={"name": name, "order": order})
        for child_order, (child_code, child_name) in enumerate(children, start=1):
            FieldOfWork.objects.get_or_create(
                code=child_code, defaults={"name": child_name, "order": child_order, "parent": parent}
            )


class Migration(migrations.Migration):
    dependencies = [("exemplars", "0001_initial")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
