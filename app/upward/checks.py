"""Do a package's figures add up? The same checks run before a station writes a package and when a hub
imports one; each problem is a Chinese sentence naming the figures."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from app.upward import tables as t


def _label(path: str) -> str:
    for table in t.MONTHLY_TABLES:
        for p, label in table.columns:
            if p == path:
                return f"{table.title}·{label}"
    return path


def month_problems(figures: dict[str, Any]) -> list[str]:
    """What does not add up in a monthly figures JSON (empty when all is well)."""
    g = lambda path: t.get_path(figures, path)  # noqa: E731
    out: list[str] = []

    def at_most(part: str, whole: str) -> None:
        if g(part) > g(whole):
            out.append(f"{_label(part)}（{g(part)}）大于{_label(whole)}（{g(whole)}）")

    def equal(whole: str, prefix: str, labels: tuple[str, ...]) -> None:
        total = sum(g(f"{prefix}.{label}") for label in labels)
        if total != g(whole):
            out.append(f"{_label(whole)}（{g(whole)}）与其分项合计（{total}）不符")

    at_most("ep1.new_employment", "ep1.new_employment_ytd")
    at_most("ep1.reemployed_ytd", "ep1.new_employment_ytd")
    at_most("ep1.difficulty_employed_ytd", "ep1.new_employment_ytd")
    if g("new_employment.total") != g("ep1.new_employment"):
        out.append(
            f"{_label('new_employment.total')}（{g('new_employment.total')}）与"
            f"{_label('ep1.new_employment')}（{g('ep1.new_employment')}）不符"
        )
    equal("new_employment.total", "new_employment.by_industry", t.INDUSTRIES)
    equal("new_employment.total", "new_employment.by_channel", t.CHANNELS)
    equal("new_employment.total", "new_employment.by_age", t.AGE_BANDS)
    at_most("new_employment.college_and_above", "new_employment.total")
    at_most("new_employment.female", "new_employment.total")
    equal("registered_unemployed.total", "registered_unemployed.by_prior_status", t.PRIOR_STATUSES)
    at_most("registered_unemployed.female", "registered_unemployed.total")
    at_most("registered_unemployed.difficulty", "registered_unemployed.total")
    equal("flexible.total", "flexible.by_kind", t.FLEXIBLE_KINDS)
    at_most("flexible.total", "new_employment.by_channel.灵活就业")
    at_most("flexible.public_posts", "new_employment.by_channel.公益性岗位")
    return out


def _dec(value: Any) -> Decimal | None:
    if value is None or isinstance(value, bool):
        return None
    return Decimal(str(value))


def assessment_problems(figures: dict[str, Any]) -> list[str]:
    """What does not add up in an assessment figures JSON: points above the item's maximum or below 0, a
    numerator above its denominator where both are counts of people, a total that is not the sum."""
    out: list[str] = []
    total = Decimal(0)
    for it in figures.get("items", []):
        points, top = _dec(it.get("points")), _dec(it.get("max"))
        name = f"第 {it.get('id')} 项（{it.get('title', '')}）"
        if points is not None:
            total += points
            if points < 0:
                out.append(f"{name}得分 {points} 小于 0")
            if top is not None and points > top:
                out.append(f"{name}得分 {points} 超过满分 {top}")
        num, den = it.get("numerator"), it.get("denominator")
        if isinstance(num, int) and isinstance(den, int) and (num < 0 or den < 0):
            out.append(f"{name}的分子或分母为负数")
        if isinstance(num, int) and isinstance(den, int) and num > den and _is_share(it):
            out.append(f"{name}的分子（{num}）大于分母（{den}）")
    stated = _dec(figures.get("total"))
    if figures.get("scoring") == "score" and stated is not None and stated != total:
        out.append(f"总分 {stated} 与各项得分之和 {total} 不符")
    return out


def _is_share(item: dict[str, Any]) -> bool:
    """A rate whose numerator is part of its denominator (sets named ``numerator``/``denominator`` or
    ``num``/``den`` with the same sizes as the counts)."""
    if item.get("status") == "aggregate":  # a hub's sums: sets count stations, not people
        return False
    sets = item.get("sets") or {}
    return bool(sets) and item.get("numerator") in sets.values() and item.get("denominator") in sets.values()


def problems(figures: dict[str, Any]) -> list[str]:
    if figures.get("kind") == "month":
        return month_problems(figures)
    if figures.get("kind") == "assessment":
        return assessment_problems(figures)
    return ["数据种类未知"]
