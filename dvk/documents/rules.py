"""Named permissions of the document register (django-rules)."""

from __future__ import annotations

import rules

from dvk.organisations.predicates import in_scope, is_any_member, is_system_admin

# Every member of a body reads its register (and the registers below it); the rows themselves are
# filtered by scope. Exports leave out documents marked MẬT whoever asks.
rules.add_perm("documents.view_register", is_system_admin | is_any_member)
rules.add_perm("documents.view_document", is_system_admin | in_scope)
