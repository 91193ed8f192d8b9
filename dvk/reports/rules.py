"""Named permissions of periodic reports. A body's staff (officers, leaders, the province
coordinators over every body) draft its reports; its leaders and the province coordinators issue
them. Scope comes from the kit (the report's org_path)."""

from __future__ import annotations

import rules

from dvk.organisations.models import Membership
from dvk.organisations.predicates import has_role, is_staff, is_system_admin

Role = Membership.Role

may_sign = has_role(*(Role.LEAD | Role.COORDINATE))

rules.add_perm("reports.view_reports", is_system_admin | is_staff)
rules.add_perm("reports.add_report", is_system_admin | is_staff)
rules.add_perm("reports.edit_report", is_system_admin | is_staff)
rules.add_perm("reports.issue_report", is_system_admin | may_sign)
