"""Named permissions of the foundation. Domain apps add theirs in their own rules.py."""

from __future__ import annotations

import rules

from dvk.organisations.predicates import in_scope, is_coordinator, is_system_admin

rules.add_perm("organisations.view_organisation", is_system_admin | in_scope)
rules.add_perm("organisations.manage_structure", is_system_admin)
rules.add_perm("organisations.reorganise", is_system_admin)
# Audit trail: system administrators and province coordinators (their province only, via scope).
rules.add_perm("audit.view_audit", is_system_admin | is_coordinator)
