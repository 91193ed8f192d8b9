"""Named permissions of the dashboards (django-rules)."""

from __future__ import annotations

import rules

from dvk.organisations.models import Membership
from dvk.organisations.predicates import holds_anywhere, is_any_member, is_system_admin

Role = Membership.Role

# The province overview: the Ban (coordinators, its leader) and the leaders of a body, over their scope.
rules.add_perm("stats.view_overview", is_system_admin | holds_anywhere(*(Role.COORDINATE | Role.LEAD)))
# "What is due from me": anybody working for a body.
rules.add_perm("stats.view_mine", is_system_admin | is_any_member)
