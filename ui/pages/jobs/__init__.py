"""岗位与匹配 page: vacancies (岗位) with their required elements and expiry at a glance, employers
(用人单位), matching both ways with the reasons, and referrals with the follow-up call (回访).

One module per tab (``vacancies``, ``employers``, ``matching``, ``referrals``), each a ``QWidget`` that
reaches the others through the page; ``page`` composes them and implements the Page protocol; ``common``
holds what they share.

Ctrl+N: new record of the current tab; Ctrl+F: its filter box; Enter or double-click opens a row.
"""

from ui.pages.jobs.common import (
    TAB_EMPLOYERS,
    TAB_MATCHING,
    TAB_REFERRALS,
    TAB_TITLES,
    TAB_VACANCIES,
    VIEW_SEEKER,
    VIEW_VACANCY,
    select_row,
)
from ui.pages.jobs.page import JobsPage

__all__ = [
    "TAB_EMPLOYERS",
    "TAB_MATCHING",
    "TAB_REFERRALS",
    "TAB_TITLES",
    "TAB_VACANCIES",
    "VIEW_SEEKER",
    "VIEW_VACANCY",
    "JobsPage",
    "select_row",
]
