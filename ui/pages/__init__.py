"""The page registry: one entry per left-navigation page, in the order of PRODUCT.md's interface map.

A page is a ``QWidget`` subclass with ``__init__(self, parent=None)`` and ``reload(self) -> None``
(re-reads from the database); optionally ``focus_filter()`` (Ctrl+F) and ``new_record()`` (Ctrl+N).
The main window shows only the pages whose module imports and whose class exists.
"""

from __future__ import annotations

import importlib
import logging
from dataclasses import dataclass

log = logging.getLogger(__name__)


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

    def load(self) -> type | None:
        """The page class, or None when its module or class is not there (yet)."""
        try:
            mod = importlib.import_module(self.module)
        except ModuleNotFoundError as exc:
            if exc.name != self.module:
                log.warning("page %s not available: %s", self.slug, exc)
            return None
        except Exception:
            # A page that fails to import is left out rather than taking the window down.
            log.exception("page %s failed to import", self.slug)
            return None
        cls = getattr(mod, self.class_name, None)
        return cls if isinstance(cls, type) else None


PAGES: tuple[PageSpec, ...] = (
    PageSpec("home", "工作台", "ui.pages.home:HomePage"),
    PageSpec("register", "劳动力台账", "ui.pages.register:RegisterPage"),
    PageSpec("casework", "重点人员帮扶", "ui.pages.casework:CaseworkPage"),
    PageSpec("services", "服务记录", "ui.pages.services:ServicesPage"),
    PageSpec("jobs", "岗位与匹配", "ui.pages.jobs:JobsPage"),
    PageSpec("assessment", "自评", "ui.pages.assessment:AssessmentPage"),
    PageSpec("documents", "申报与报表", "ui.pages.documents:DocumentsPage"),
    PageSpec("station", "站点信息", "ui.pages.station:StationPage"),
    PageSpec("settings", "设置与备份", "ui.pages.settings:SettingsPage"),
)


def available_pages() -> list[tuple[PageSpec, type]]:
    """The pages that work, in navigation order, with their classes."""
    out = []
    for spec in PAGES:
        cls = spec.load()
        if cls is not None:
            out.append((spec, cls))
    return out


def find_page(key: str) -> PageSpec | None:
    """A page by slug or Chinese title."""
    key = key.strip()
    for spec in PAGES:
        if key in (spec.slug, spec.title):
            return spec
    return None
