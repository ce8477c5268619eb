"""The referral list (推荐与回访): :class:`app.referrals.ReferralRow` from one query, filtered in SQL;
referrals whose follow-up call (回访) is due or overdue are highlighted."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from app.jobs.referrals import HIRED, ReferralRow, list_referrals
from ui import theme
from ui.models.table_base import Column, TableModel

OUTCOME_COLORS = {HIRED: theme.SUCCESS, "未录用": theme.GREY, "未到岗": theme.GREY, "已面试": theme.ACCENT}


def _bg(r: ReferralRow) -> str | None:
    return theme.OVERDUE_BACKGROUND if r.follow_up_due else None


def _reminder_color(r: ReferralRow) -> str | None:
    if r.followed_up_on is not None:
        return theme.SUCCESS
    if r.days_overdue > 0:
        return theme.ERROR
    if r.follow_up_due:
        return theme.TAG
    return theme.GREY


def _c(title: str, text: Any, **kw: Any) -> Column[ReferralRow]:
    kw.setdefault("background", _bg)
    return Column(title, text, **kw)


REFERRAL_COLUMNS: tuple[Column[ReferralRow], ...] = (
    _c("推荐日期", lambda r: r.referred_on.isoformat(), key=lambda r: r.referred_on, sample="2026-00-00"),
    _c("姓名", lambda r: r.person_name, sample="欧阳某某"),
    _c("身份证号", lambda r: r.masked_id, sample="440106********123X"),
    _c("联系电话", lambda r: r.phone, sample="13800000000"),
    _c("岗位名称", lambda r: r.vacancy_title, sample="仓库管理员"),
    _c("用人单位", lambda r: r.employer_name, sample="某某食品有限公司"),
    _c("推荐结果", lambda r: r.outcome, foreground=lambda r: OUTCOME_COLORS.get(r.outcome), sample="待反馈"),
    _c(
        "回访日期",
        lambda r: r.followed_up_on.isoformat() if r.followed_up_on else "",
        key=lambda r: r.followed_up_on,
        sample="2026-00-00",
    ),
    _c(
        "回访提醒",
        lambda r: r.reminder,
        key=lambda r: (r.followed_up_on is not None, r.follow_up_on),
        foreground=_reminder_color,
        sample="14 天后回访（2026-00-00）",
    ),
    _c("岗位编号", lambda r: r.vacancy_code, sample="G2026-0000"),
    _c("备注", lambda r: r.note),
)


# Period choices of the list: (label, days back; None = all).
PERIODS: tuple[tuple[str, int | None], ...] = (("近一年", 365), ("近三个月", 91), ("全部", None))


@dataclass
class ReferralFilter:
    text: str = ""
    outcome: str = ""
    due_only: bool = False
    days: int | None = 365  # only referrals of the last ``days`` days (None = all)


class ReferralTableModel(TableModel[ReferralRow]):
    def __init__(self, parent: Any = None) -> None:
        super().__init__(REFERRAL_COLUMNS, lambda r: r.id, parent)
        self.filter = ReferralFilter()

    def load(self, today: dt.date | None = None) -> None:
        f = self.filter
        day = today or dt.date.today()
        since = day - dt.timedelta(days=f.days) if f.days is not None else None
        self.set_rows(
            list_referrals(today=day, text=f.text, outcome=f.outcome, due_only=f.due_only, since=since)
        )
