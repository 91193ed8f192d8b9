from django.core.management.base import BaseCommand

from dvk.accounts.factories import DEMO_PASSWORD
from dvk.organisations.demo import DEMO_ACCOUNTS


class Command(BaseCommand):
    help = "Print the demo accounts."

    def handle(self, *args, **options):
        self.stdout.write(f"Tài khoản demo (mật khẩu chung: {DEMO_PASSWORD}):")
        for username, full_name, _org, _role, position, _su in DEMO_ACCOUNTS:
            self.stdout.write(f"  {username:<12} {full_name} — {position or 'Quản trị hệ thống'}")
