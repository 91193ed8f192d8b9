"""Named permissions of the foundation. Domain apps add theirs in their own rules.py."""

from __future__ import annotations

import rules

from dvk.organisations.predicates import in_scope, is_body_leader, is_coordinator, is_system_admin

rules.add_perm("organisations.view_organisation", is_system_admin | in_scope)
rules.add_perm("organisations.manage_structure", is_system_admin)
rules.add_perm("organisations.reorganise", is_system_admin)
# A body under another (Excel import of bodies): the Ban over its province, a leader under its body.
rules.add_perm("organisations.add_body", is_system_admin | is_coordinator | is_body_leader)
# Audit trail: system administrators and province coordinators (their province only, via scope).
rules.add_perm("audit.view_audit", is_system_admin | is_coordinator)
