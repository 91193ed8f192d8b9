"""Who may import a register: staff of a body (officers, leaders) and the Ban's coordinators; each
row is then checked against the domain's own permission on the row's body (its reach)."""

from __future__ import annotations

import rules

from dvk.organisations.predicates import is_system_admin, works_somewhere

rules.add_perm("imports.import_register", is_system_admin | works_somewhere)
rules.add_perm("imports.import_bodies", is_system_admin)
