"""Run the foundation generator, then every domain app's generator (DomainAppConfig.generator,
ordered by generator_order), inside one transaction."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

from django.db import connections, transaction
from django.utils.module_loading import import_string

from dvk.core.models import SeedRecord
from dvk.core.plugins import domain_apps
from dvk.scale import foundation
from dvk.scale.context import GenerationContext, Progress
from dvk.scale.spec import SCALES


def marker(scale: str, seed: int) -> str:
    return f"generate_data:{scale}:{seed}"


def domain_generators() -> list[tuple[str, Callable[[GenerationContext], None]]]:
    """(app label, generator) for every domain app that contributes one, in generator_order."""
    apps = sorted((c for c in domain_apps() if c.generator), key=lambda c: (c.generator_order, c.label))
    return [(c.label, import_string(c.generator)) for c in apps]  # type: ignore[arg-type]


def run(scale: str, seed: int, using: str = "default", progress: Progress | None = None) -> GenerationContext:
    spec = SCALES[scale]
    ctx = GenerationContext(spec, seed, using=using, progress=progress)
    started = time.monotonic()
    connection = connections[using]
    with transaction.atomic(using=using):
        with connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                cursor.execute("SET LOCAL synchronous_commit TO OFF")
        ctx.progress.say(f"Generating scale '{scale}' (seed {seed}) into '{using}' ({connection.vendor})")
        ctx.progress.say("- foundation")
        foundation.generate(ctx)
        for label, generator in domain_generators():
            ctx.progress.say(f"- {label}")
            generator(ctx)
        ctx.finish()
        SeedRecord.objects.using(using).create(name=marker(scale, seed))
    ctx.progress.say("- ANALYZE")
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite" and _journal_mode(cursor) == "wal":
            # Fold the write-ahead log into the file first: the one transaction above leaves it as
            # large as the data (13 GB at national scale), and ANALYZE read through it takes hours
            # where it takes a minute on the checkpointed file.
            cursor.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        cursor.execute("ANALYZE")
    ctx.progress.say(
        f"Done in {time.monotonic() - started:.1f}s: "
        + ", ".join(f"{label} {n:,}" for label, n in ctx.counts.items())
    )
    return ctx


def _journal_mode(cursor: Any) -> str:
    cursor.execute("PRAGMA journal_mode")
    return str(cursor.fetchone()[0]).lower()
