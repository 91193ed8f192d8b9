"""The background worker killed in the middle of a task (django-tasks' database queue): the task is
run again and produces no duplicate notification and no duplicate e-mail.

django_tasks_db claims a task by marking it RUNNING and never retries it; `run_scheduler` puts
tasks left RUNNING by a dead worker back in the queue (dvk.core.tasks_recovery), and
`notifications.deliver` is safe to run twice (a delivery key per notify() call, the e-mail claimed
before it is sent). Real processes: `manage.py db_worker` against the test database, killed with
SIGKILL while it is sending the e-mails (tests/reliability/mailbox.py blocks after the first).
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.db import connection

ROOT = Path(__file__).resolve().parents[2]
TITLE = "Kiểm thử: tiến trình nền bị dừng giữa chừng"


def test_the_personas_are_loaded(db):
    """(Also what makes pytest-django set the test database up for this module.)"""
    from dvk.accounts.models import User

    assert User.objects.filter(username__in=["xa.a", "xa.b"]).exclude(email="").count() == 2


@pytest.fixture
def committed(django_db_setup, django_db_blocker):
    if connection.vendor != "postgresql":
        pytest.skip("the worker is another process: it needs the test database on PostgreSQL")
    with django_db_blocker.unblock():
        yield


def _env(mailbox: Path, **extra: str) -> dict[str, str]:
    s = connection.settings_dict
    auth = s["USER"] + (f":{s['PASSWORD']}" if s["PASSWORD"] else "")
    env = {
        k: v for k, v in os.environ.items() if not k.startswith("PYTEST") and k != "DJANGO_SETTINGS_MODULE"
    }
    env.update(
        DEBUG="true",  # not TESTING: the real database task backend (TESTING runs tasks immediately)
        DATABASE_URL=f"postgres://{auth}@{s['HOST'] or '127.0.0.1'}:{s['PORT'] or 5432}/{s['NAME']}",
        DJANGO_SETTINGS_MODULE="config.settings",
        EMAIL_BACKEND="tests.reliability.mailbox.RecordingBackend",
        DVK_TEST_MAILBOX=str(mailbox),
        PYTHONPATH=str(ROOT),
        LOG_LEVEL="CRITICAL",
        **extra,
    )
    return env


def _mails(mailbox: Path) -> list[dict]:
    return [json.loads(line) for line in mailbox.read_text().splitlines()] if mailbox.exists() else []


def test_a_task_killed_mid_way_is_retried_without_duplicates(committed, tmp_path):
    from django_tasks.base import TaskResultStatus
    from django_tasks_db.models import DBTaskResult

    from dvk.accounts.models import User
    from dvk.core.tasks_recovery import requeue_abandoned
    from dvk.notifications.models import Notification

    users = list(User.objects.filter(username__in=["xa.a", "xa.b"]).order_by("pk"))
    mailbox = tmp_path / "mailbox.jsonl"
    manage = [sys.executable, "manage.py"]
    code = (
        "from dvk.notifications.services import notify; "
        f"notify({[u.pk for u in users]}, title={TITLE!r}, body='Nội dung', url='/thong-bao/')"
    )
    subprocess.run(  # noqa: S603 (this interpreter, fixed arguments)
        [*manage, "shell", "-c", code], cwd=ROOT, env=_env(mailbox), check=True, timeout=120
    )
    task = DBTaskResult.objects.get(task_path="dvk.notifications.tasks.deliver", args_kwargs__args__1=TITLE)
    assert task.status == TaskResultStatus.READY
    try:
        worker = subprocess.Popen(  # noqa: S603 (this interpreter, fixed arguments)
            [
                *manage,
                "db_worker",
                "--interval",
                "0.2",
                "--no-startup-delay",
                "--worker-id",
                "first",
                "--no-reload",
            ],
            cwd=ROOT,
            env=_env(mailbox, DVK_TEST_MAIL_HANG="1"),
        )
        deadline = time.monotonic() + 120
        while not _mails(mailbox) and time.monotonic() < deadline:
            time.sleep(0.2)
        assert len(_mails(mailbox)) == 1, "the first worker sent its first e-mail, then blocks"
        os.kill(worker.pid, signal.SIGKILL)  # killed mid-task: no clean-up, no "failed" status
        worker.wait(10)
        task.refresh_from_db()
        assert task.status == TaskResultStatus.RUNNING and task.worker_ids == ["first"]
        assert Notification.objects.filter(title=TITLE).count() == 1  # one user served before the kill

        assert requeue_abandoned(minutes=30) == 0  # a task running for seconds is left alone
        assert requeue_abandoned(minutes=0) == 1  # the scheduler's tick does this after 30 minutes
        subprocess.run(  # noqa: S603 (this interpreter, fixed arguments)
            [*manage, "db_worker", "--batch", "--no-startup-delay", "--worker-id", "second", "--no-reload"],
            cwd=ROOT,
            env=_env(mailbox),
            check=True,
            timeout=120,
        )
        task.refresh_from_db()
        assert task.status == TaskResultStatus.SUCCESSFUL and task.worker_ids == ["first", "second"]
        rows = Notification.objects.filter(title=TITLE)
        assert sorted(rows.values_list("user_id", flat=True)) == [u.pk for u in users]  # one each
        assert all(rows.values_list("emailed_at", flat=True))
        assert sorted(m["to"][0] for m in _mails(mailbox)) == sorted(u.email for u in users)  # one each
    finally:
        Notification.objects.filter(title=TITLE).delete()
        DBTaskResult.objects.filter(
            task_path="dvk.notifications.tasks.deliver", args_kwargs__args__1=TITLE
        ).delete()
