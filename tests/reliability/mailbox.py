"""An e-mail backend for the worker fault test: every message sent is appended to the file named
by DVK_TEST_MAILBOX (one JSON line: recipients, subject); with DVK_TEST_MAIL_HANG set, it then
blocks, so the test can kill the worker in the middle of the task."""

from __future__ import annotations

import json
import os
import time

from django.core.mail.backends.base import BaseEmailBackend


class RecordingBackend(BaseEmailBackend):
    def send_messages(self, email_messages) -> int:  # noqa: ANN001 (Django's signature)
        with open(os.environ["DVK_TEST_MAILBOX"], "a", encoding="utf-8") as box:
            for message in email_messages:
                box.write(
                    json.dumps({"to": message.to, "subject": message.subject}, ensure_ascii=False) + "\n"
                )
            box.flush()
            os.fsync(box.fileno())
        if os.environ.get("DVK_TEST_MAIL_HANG"):
            time.sleep(3600)  # killed here
        return len(email_messages)
