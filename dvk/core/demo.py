"""The demo context handed to every app's demo seeder (DomainAppConfig.demo_seeder)."""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass, field
from typing import Any

from django.apps import apps
from django.conf import settings
from django.utils import timezone


@dataclass
class DemoContext:
    today: dt.date = field(default_factory=timezone.localdate)
    rng: random.Random = field(default_factory=lambda: random.Random(2020))
    log: Any = print

    def org(self, code: str) -> Any:
        return apps.get_model("organisations", "Organisation")._default_manager.get(code=code)

    def user(self, username: str) -> Any:
        return apps.get_model(settings.AUTH_USER_MODEL)._default_manager.get(username=username)

    def days_ago(self, n: int) -> dt.date:
        return self.today - dt.timedelta(days=n)

    def days_ahead(self, n: int) -> dt.date:
        return self.today + dt.timedelta(days=n)
