"""A file storage that runs out of space: the first `DiskFull.budget` bytes are written, then the
write fails half-way with OSError(ENOSPC), leaving the partial file on disk as a real full disk does."""

from __future__ import annotations

import errno
import os

from django.core.files.storage import FileSystemStorage


class DiskFull:
    budget = 0  # bytes the disk still takes (set by the test)


class FullDiskStorage(FileSystemStorage):
    def _save(self, name, content):  # noqa: ANN001 (Django's signature)
        full_path = self.path(name)
        os.makedirs(os.path.dirname(full_path), exist_ok=True)
        with open(full_path, "xb") as f:
            for chunk in content.chunks():
                room = max(DiskFull.budget, 0)
                f.write(chunk[:room])
                DiskFull.budget -= len(chunk)
                if len(chunk) > room:
                    raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), full_path)
        return name.replace("\\", "/")
