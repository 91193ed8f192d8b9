"""Schemas shared by every domain's API."""

from __future__ import annotations

import datetime as dt

from ninja import Schema

from dvk.core.validation import text


class Ref(Schema):
    id: int
    name: str


class ActionIn(Schema):
    note: text(multiline=True) = ""  # type: ignore[valid-type]


class EventOut(Schema):
    action: str
    from_stage: str
    to_stage: str
    actor: str | None
    at: dt.datetime
    note: str


def event_out(e) -> dict:
    return {
        "action": e.action,
        "from_stage": e.from_stage,
        "to_stage": e.to_stage,
        "actor": e.actor.get_username() if e.actor_id else None,
        "at": e.at,
        "note": e.note,
    }


class ErrorOut(Schema):
    detail: str
