"""The page registry: one entry per left-navigation page, in the order of PRODUCT.md's interface map.

Every page is a ``QWidget`` implementing :class:`ui.pages.base.Page`. Modules are imported when a page is
first shown; a page whose module or class is missing or broken is a programming error: ``PageSpec.load``
raises, and the main window shows it through the bug-report dialog (the page stays in the navigation).
A new page: its module under ``ui/pages/``, a ``PageSpec`` line below, and its class in
``_STATIC_CHECK`` so that mypy checks it against the protocol.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QWidget

from ui.pages.base import Page


class PageLoadError(RuntimeError):
    """A registered page's module or class cannot be loaded (a bug, shown as a bug report)."""


@dataclass(frozen=True)
class PageSpec:
    slug: str
    title: str
    target: str  # "package.module:ClassName"

    @property
    def module(self) -> str:
        return self.target.partition(":")[0]

    @property
    def class_name(self) -> str:
        return self.target.partition(":")[2]

    def load(self) -> type[QWidget]:
        """The page class; raises PageLoadError (from the import error) when it cannot be loaded."""
        try:
            mod = importlib.import_module(self.module)
        except Exception as exc:
            raise PageLoadError(f"page {self.slug}: module {self.module} failed to import: {exc}") from exc
        cls = getattr(mod, self.class_name, None)
        if not (isinstance(cls, type) and issubclass(cls, QWidget)):
            raise PageLoadError(f"page {self.slug}: {self.target} is not a QWidget class")
        missing = [name for name in _PAGE_MEMBERS if not hasattr(cls, name)]
        if missing:
            raise PageLoadError(f"page {self.slug}: {self.target} lacks {', '.join(missing)} of Page")
        return cls


# The members of the Page protocol (checked at load time too, for a page mypy has not seen).
_PAGE_MEMBERS = ("REFRESHES_ON_SHOW", "reload", "focus_filter", "new_record", "window_signals")

PAGES: tuple[PageSpec, ...] = (
    PageSpec("home", "工作台", "ui.pages.home:HomePage"),
    PageSpec("register", "劳动力台账", "ui.pages.register:RegisterPage"),
    PageSpec("casework", "重点人员帮扶", "ui.pages.casework:CaseworkPage"),
    PageSpec("services", "服务记录", "ui.pages.services:ServicesPage"),
    PageSpec("jobs", "岗位与匹配", "ui.pages.jobs:JobsPage"),
    PageSpec("assessment", "自评", "ui.pages.assessment:AssessmentPage"),
    PageSpec("documents", "申报与报表", "ui.pages.documents:DocumentsPage"),
    PageSpec("station", "站点信息", "ui.pages.station:StationPage"),
    PageSpec("audit", "操作日志", "ui.pages.audit:AuditPage"),
    PageSpec("settings", "设置与备份", "ui.pages.settings:SettingsPage"),
)

if TYPE_CHECKING:  # mypy: every registered class implements the Page protocol
    from ui.pages.assessment import AssessmentPage
    from ui.pages.audit import AuditPage
    from ui.pages.casework import CaseworkPage
    from ui.pages.documents import DocumentsPage
    from ui.pages.home import HomePage
    from ui.pages.jobs import JobsPage
    from ui.pages.register import RegisterPage
    from ui.pages.services import ServicesPage
    from ui.pages.settings import SettingsPage
    from ui.pages.station import StationPage

    _STATIC_CHECK: tuple[type[Page], ...] = (
        HomePage,
        RegisterPage,
        CaseworkPage,
        ServicesPage,
        JobsPage,
        AssessmentPage,
        DocumentsPage,
        StationPage,
        AuditPage,
        SettingsPage,
    )


def as_page(widget: QWidget) -> Page:
    """``widget`` as a Page (a class loaded by ``PageSpec.load`` is one)."""
    if not isinstance(widget, Page):
        raise PageLoadError(f"{type(widget).__name__} does not implement the Page protocol")
    return widget


def find_page(key: str) -> PageSpec | None:
    """A page by slug or Chinese title."""
    key = key.strip()
    for spec in PAGES:
        if key in (spec.slug, spec.title):
            return spec
    return None
