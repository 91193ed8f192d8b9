from __future__ import annotations

from typing import Any

from dvk.attachments.models import Attachment


def visible_target(user: Any, attachment: Attachment) -> bool:
    """True if the record the file belongs to is in the user's scope. Every model that takes
    attachments offers `objects.visible_to(user)` (the scoping rule of its domain)."""
    model = attachment.content_type.model_class()
    if model is None or not hasattr(model._default_manager, "visible_to"):
        return False
    return model._default_manager.visible_to(user).filter(pk=attachment.object_id).exists()
