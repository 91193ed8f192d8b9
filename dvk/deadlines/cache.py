"""A small per-process cache of a whole (small) table, shared-invalidated.

Saving or deleting a row calls `invalidate(shared=True)`: this process reloads on next use, and a
version stamp in Django's cache tells the other processes, which check it at most every
`recheck_seconds`. Used for the calendar overrides and the deadline rules (a few dozen rows read on
every deadline computed, e.g. millions of times by the scale generator)."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from typing import Generic, TypeVar

T = TypeVar("T")


class TableCache(Generic[T]):
    def __init__(self, name: str, loader: Callable[[], T], recheck_seconds: float = 60) -> None:
        self.key = f"dvk.deadlines.{name}.version"
        self.loader = loader
        self.recheck_seconds = recheck_seconds
        self._lock = threading.Lock()
        self._value: T | None = None
        self._version: object = None
        self._checked_at = 0.0

    def _shared_version(self) -> object:
        from django.core.cache import cache

        return cache.get(self.key)

    def get(self) -> T:
        now = time.monotonic()
        value = self._value
        if value is not None and now - self._checked_at < self.recheck_seconds:
            return value
        version = self._shared_version()
        if value is not None and version == self._version:
            self._checked_at = now
            return value
        loaded = self.loader()
        with self._lock:
            self._value, self._version, self._checked_at = loaded, version, now
        return loaded

    def invalidate(self, *, shared: bool = False) -> None:
        with self._lock:
            self._value = None
        if shared:
            from django.core.cache import cache

            cache.set(self.key, time.time_ns(), None)
