"""Case work (重点人员帮扶): the key groups (:mod:`.groups`), one-on-one service records and the batch round
(:mod:`.services`), one person one plan (:mod:`.plans`) and a person's timeline (:mod:`.timeline`).
What follows from someone starting work is :mod:`app.register.start_work`.

This module is the package's public surface: the window, the command line and the tests import from here.
"""

from __future__ import annotations

from app.casework.groups import (
    DIFFICULTY,
    GRADUATE,
    KEY_GROUPS,
    REGISTERED,
    ZERO_FAMILY,
    KeyPersonRow,
    group_members,
    key_group_rows,
)
from app.casework.plans import delete_plan, plan_defaults, plans_of, save_plan
from app.casework.services import (
    SERVICE_COLUMNS,
    ServiceBatch,
    ServiceFilter,
    ServiceRow,
    add_service,
    count_services,
    delete_services,
    entry_defaults,
    list_services,
    monthly_round,
    remember_defaults,
    resolve_person,
    service_values,
    service_where,
    staff_names,
    update_service,
    validate_service,
)
from app.casework.timeline import TimelineEntry, timeline

__all__ = [
    "DIFFICULTY",
    "GRADUATE",
    "KEY_GROUPS",
    "REGISTERED",
    "SERVICE_COLUMNS",
    "ZERO_FAMILY",
    "KeyPersonRow",
    "ServiceBatch",
    "ServiceFilter",
    "ServiceRow",
    "TimelineEntry",
    "add_service",
    "count_services",
    "delete_plan",
    "delete_services",
    "entry_defaults",
    "group_members",
    "key_group_rows",
    "list_services",
    "monthly_round",
    "plan_defaults",
    "plans_of",
    "remember_defaults",
    "resolve_person",
    "save_plan",
    "service_values",
    "service_where",
    "staff_names",
    "timeline",
    "update_service",
    "validate_service",
]
