"""The scoring engine: a standard (data, see :mod:`app.standards`) + a period + the operator's answers
-> an :class:`AssessmentResult` whose ``to_json_dict()`` is the “Result shape” of STANDARDS.md.

The engine is generic: it knows rule kinds, not provinces, and no data function. Indicator values come
from an injectable lookup ``indicator(indicator_id, period, **params)`` (default :func:`lookup`: the
registry ``INDICATORS`` of :mod:`app.indicators`), so tests can score with fake indicators and no
database.

Points are ``Decimal`` (steps of 0.5), rates ``Fraction``; nothing here is a float.

Why this module is over 600 lines: it is the one engine every standard goes through — the rule kinds
(tiers, pass/fail, deductions, checklists, conditions), the inspection deductions, overrides, the basis
texts they produce and the gap hints read the same private evaluation context; splitting them would make
that context public for no caller outside this module.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from fractions import Fraction
from typing import Any

from app.assessment.indicators import compute
from app.assessment.indicators.base import IndicatorResult, unpopulated
from app.assessment.indicators.shared import shared_reads
from app.assessment.standards import Check, Entry, Item, Rule, Standard, Threshold
from app.core.dates import add_months
from app.core.errors import ValidationError
from app.core.period import Period

Indicator = Callable[..., Any]
ZERO = Decimal(0)


# ------------------------------------------------------------------------------------------ answers


@dataclass(frozen=True)
class Answer:
    """What the operator entered for one item.

    ``checked``: the ticked checklist entries (for a manual condition the key ``"met"``); None means
    “as the system proposes” (confirming an assisted item). ``counts``: how many, for ``each`` entries.
    ``numbers``: figures for ``input`` rules, by their label. ``override_points`` + ``override_reason``:
    the operator's own points for an assisted item."""

    checked: frozenset[str] | None = None
    counts: Mapping[str, int] = field(default_factory=dict)
    numbers: Mapping[str, Decimal] = field(default_factory=dict)
    note: str = ""
    override_points: Decimal | None = None
    override_reason: str = ""

    def to_dict(self) -> dict[str, Any]:
        return {
            "checked": sorted(self.checked) if self.checked is not None else None,
            "counts": dict(self.counts),
            "numbers": {k: str(v) for k, v in self.numbers.items()},
            "note": self.note,
            "override_points": str(self.override_points) if self.override_points is not None else None,
            "override_reason": self.override_reason,
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Answer:
        checked = data.get("checked")
        override = data.get("override_points")
        return cls(
            checked=frozenset(checked) if checked is not None else None,
            counts={str(k): int(v) for k, v in (data.get("counts") or {}).items()},
            numbers={str(k): Decimal(str(v)) for k, v in (data.get("numbers") or {}).items()},
            note=str(data.get("note") or ""),
            override_points=Decimal(str(override)) if override is not None else None,
            override_reason=str(data.get("override_reason") or ""),
        )


# ------------------------------------------------------------------------------------------ lookup


def lookup(indicator_id: str, period: Period, **params: Any) -> IndicatorResult:
    """Default indicator lookup: :func:`app.indicators.compute` over the registry ``INDICATORS`` — the
    engine has no data function of its own."""
    return compute(indicator_id, period, **params)


# ------------------------------------------------------------------------------------------ results


@dataclass
class ItemResult:
    item: Item
    section_title: str
    points: Decimal | None
    met: bool | None
    status: str  # scored | needs_input
    basis: str
    indicators: list[Any] = field(default_factory=list)  # IndicatorResult-like, first = primary
    proposed_points: Decimal | None = None
    proposed_checked: frozenset[str] = frozenset()
    checked: frozenset[str] = frozenset()
    answer: Answer | None = None

    @property
    def lost(self) -> Decimal:
        if self.points is None or self.item.max is None:
            return ZERO
        return self.item.max - self.points

    def to_json_dict(self) -> dict[str, Any]:
        return {
            "id": self.item.id,
            "section": self.section_title,
            "title": self.item.title,
            "mode": self.item.mode,
            "max": json_points(self.item.max),
            "points": json_points(self.points),
            "met": self.met,
            "status": self.status,
            "basis": self.basis,
            "indicator": indicator_json(self.indicators[0]) if self.indicators else None,
        }


@dataclass
class AssessmentResult:
    standard: Standard
    period: Period
    items: list[ItemResult]
    section_totals: dict[str, Decimal | None]
    base_total: Decimal | None
    bonus_total: Decimal | None
    total: Decimal | None
    passed: bool | None
    warnings: list[str] = field(default_factory=list)

    @property
    def needs_input(self) -> list[ItemResult]:
        return [r for r in self.items if r.status == "needs_input"]

    def item(self, item_id: str) -> ItemResult:
        for r in self.items:
            if r.item.id == item_id:
                return r
        raise KeyError(item_id)

    def to_json_dict(self) -> dict[str, Any]:
        std = self.standard
        return {
            "standard": std.id,
            "name": std.name,
            "kind": std.kind,
            "period": {"from": self.period.start.isoformat(), "to": self.period.end.isoformat()},
            "base_max": json_points(std.base_max),
            "bonus_max": json_points(std.bonus_max),
            "pass_mark": json_points(std.pass_mark),
            "base_total": json_points(self.base_total),
            "bonus_total": json_points(self.bonus_total),
            "total": json_points(self.total),
            "passed": self.passed,
            "sections": self.sections_json(),
            "warnings": list(self.warnings),
            "items": [r.to_json_dict() for r in self.items],
        }

    def sections_json(self) -> list[dict[str, Any]]:
        """Per section: max and points of a score sheet; of a condition list the counts the window shows
        (items met of all, required met of required — Chongming: 基础功能 met of 13, 拓展功能 of 12)."""
        out: list[dict[str, Any]] = []
        for s in self.standard.sections:
            members = [r for r in self.items if r.item.section == s.id]
            row: dict[str, Any] = {"id": s.id, "title": s.title}
            if self.standard.is_score:
                row.update(max=json_points(s.max), points=json_points(self.section_totals.get(s.id)))
            else:
                required = [r for r in members if r.item.required]
                row.update(
                    items=len(members),
                    met=sum(1 for r in members if r.met is True),
                    required=len(required),
                    required_met=sum(1 for r in required if r.met is True),
                )
            out.append(row)
        return out


def json_points(value: Decimal | None) -> int | float | None:
    """A JSON number with at most one decimal (points are steps of 0.5)."""
    if value is None:
        return None
    if value == value.to_integral_value():
        return int(value)
    return float(value.quantize(Decimal("0.1")))


def indicator_json(res: Any) -> dict[str, Any]:
    value = None
    if res.value is not None and res.numerator is not None and res.denominator:
        value = f"{res.numerator}/{res.denominator}"
    elif res.value is not None:  # a plain value, e.g. an area in m²
        value = _num_text(res.value)
    return {
        "id": res.id,
        "numerator": res.numerator,
        "denominator": res.denominator,
        "value": value,
        "sets": {name: len(members) for name, members in res.sets.items()},
    }


def percent_text(value: Fraction) -> str:
    """82.0% — one decimal, truncated so that 89.99% never reads as 90.0%; a truncated figure says so
    (“28.5%（截尾）”) — the comparisons always use the exact fraction."""
    tenths = (value * 1000).__floor__()
    cut = "" if value * 1000 == tenths else "（截尾）"
    return f"{Decimal(tenths) / 10:.1f}%{cut}"


def _num_text(value: Fraction | Decimal | int) -> str:
    if isinstance(value, Fraction):
        if value.denominator == 1:
            return str(value.numerator)
        return str(Decimal(value.numerator) / Decimal(value.denominator)).rstrip("0").rstrip(".")
    if isinstance(value, Decimal):
        return _pts(value)
    return str(value)


def _pts(value: Decimal) -> str:
    text = format(value.normalize(), "f")
    return text


def _threshold_number(t: Threshold, v: Fraction | None) -> str:
    if v is None:
        return ""
    return _num_text(v * 100) + "%" if t.percent else _num_text(v)


def _threshold_text(t: Threshold) -> str:
    if t.op == "range":
        return f"{_threshold_number(t, t.low)}-{_threshold_number(t, t.high)}"
    rhs = _threshold_number(t, t.rhs if isinstance(t.rhs, Fraction) else None)
    words = {">=": "达", ">": "高于", "<=": "不超过", "<": "低于", "=": "为", "!=": "不为"}
    if t.op == ">=" and not t.percent:
        return f"达到{rhs}"
    return f"{words[t.op]}{rhs}"


def _fail_threshold_text(t: Threshold) -> str:
    """The opposite of :func:`_threshold_text`: “低于90%” for “>=90%”, “不在80%-90%” for a range."""
    if t.op == "range":
        return f"不在{_threshold_text(t)}"
    rhs = _threshold_number(t, t.rhs if isinstance(t.rhs, Fraction) else None)
    words = {">=": "低于", ">": "不高于", "<=": "高于", "<": "不低于", "=": "不为", "!=": "为"}
    return f"{words[t.op]}{rhs}"


def _gain_text(points: Decimal) -> str:
    return f"得{_pts(points)}分" if points else "不得分"


def _compare(op: str, lhs: Any, rhs: Any) -> bool:
    if op == ">=":
        return bool(lhs >= rhs)
    if op == ">":
        return bool(lhs > rhs)
    if op == "<=":
        return bool(lhs <= rhs)
    if op == "<":
        return bool(lhs < rhs)
    if op == "=":
        return bool(lhs == rhs)
    return bool(lhs != rhs)


def matches(t: Threshold, value: Any, counts: Mapping[str, int] | None = None) -> bool:
    """Whether ``value`` satisfies the threshold (ranges: low <= v < high)."""
    if t.op == "range":
        assert t.low is not None and t.high is not None
        return bool(t.low <= value < t.high)
    rhs: Any = t.rhs
    if isinstance(rhs, str):  # count:<name>
        rhs = (counts or {}).get(rhs.split(":", 1)[1], 0)
    if isinstance(rhs, bool):
        return bool(value) == rhs
    if isinstance(value, Decimal):
        value = Fraction(value)
    return _compare(t.op, value, rhs)


# ------------------------------------------------------------------------------------------ evaluation


@dataclass
class _Outcome:
    points: Decimal | None = None
    met: bool | None = None
    verdict: str = ""
    needs_input: bool = False
    checked: frozenset[str] = frozenset()
    proposed: frozenset[str] = frozenset()
    empty: bool = False


@dataclass
class _Choice:
    """The operator's side of an evaluation; ``checked`` None = the proposed boxes."""

    checked: frozenset[str] | None
    counts: Mapping[str, int]
    numbers: Mapping[str, Decimal]


class _Context:
    def __init__(self, period: Period, indicator: Indicator) -> None:
        self.period = period
        self.indicator = indicator
        self.cache: dict[tuple[str, tuple[tuple[str, Any], ...]], Any] = {}
        self.used: list[Any] = []

    def get(self, indicator_id: str, params: Mapping[str, Any]) -> Any:
        key = (indicator_id, tuple(sorted(params.items())))
        res = self.cache.get(key)
        if res is None:
            res = self.indicator(indicator_id, self.period, **dict(params))
            self.cache[key] = res
        if all(r is not res for r in self.used):
            self.used.append(res)
        return res


def _on_value(res: Any, on: str) -> Any:
    if on == "value":
        return res.value
    if on == "numerator":
        return res.numerator
    if on == "denominator":
        return res.denominator
    if on == "met":
        return res.met
    kind, name = on.split(":", 1)
    if kind == "count":
        return res.counts.get(name)
    return res.details.get(name)


def _is_empty(res: Any) -> bool:
    return bool(res.details.get("empty"))


def eval_check(check: Check, ctx: _Context) -> bool | None:
    """True/False, or None when the indicator has nothing to measure (empty denominator)."""
    assert check.indicator is not None
    res = ctx.get(check.indicator, check.params)
    value = _on_value(res, check.on)
    if value is None:
        return None
    return matches(check.test, value, res.counts)


def _evaluate(rule: Rule, item: Item, ctx: _Context, choice: _Choice) -> _Outcome:
    kind = rule.kind
    if kind in ("tiers", "count_tiers"):
        return _eval_tiers(rule, item, ctx, choice)
    if kind == "pass_fail":
        results = [eval_check(c, ctx) for c in rule.checks]
        if any(r is None for r in results) and rule.empty_points is not None:
            return _Outcome(
                points=rule.empty_points,
                verdict=(rule.empty_text or "报告期内无统计对象") + f"，{_gain_text(rule.empty_points)}",
                empty=True,
            )
        ok = all(r is True for r in results)
        points = rule.points if ok else rule.fail_points
        text = (rule.text or "达标") if ok else (rule.fail_text or "未达标")
        return _Outcome(points=points, met=ok, verdict=f"{text}{_gain_text(points)}")
    if kind == "deduction":
        start = rule.start if rule.start is not None else (item.max or ZERO)
        total = ZERO
        pieces = []
        for d in rule.deductions:
            res = ctx.get(d.indicator, d.params)
            n = int(res.counts.get(d.count, 0))
            total += d.per * n
            pieces.append(f"{_pts(d.per)}×{n}" + (f"（{d.label}）" if d.label else ""))
        points = max(ZERO, start - total)
        return _Outcome(
            points=points, verdict=f"扣 {' + '.join(pieces)} = {_pts(total)} 分，{_gain_text(points)}"
        )
    if kind == "components":
        if rule.empty_indicator is not None:
            res = ctx.get(rule.empty_indicator, {})
            if _is_empty(res):
                assert rule.empty_points is not None
                return _Outcome(
                    points=rule.empty_points,
                    verdict=(rule.empty_text or "报告期内无统计对象") + f"，{_gain_text(rule.empty_points)}",
                    empty=True,
                )
        outcomes = [_evaluate(p, item, ctx, choice) for p in rule.parts]
        total = sum((o.points or ZERO for o in outcomes), ZERO)
        return _Outcome(
            points=total,
            verdict="；".join(o.verdict for o in outcomes if o.verdict),
            needs_input=any(o.needs_input for o in outcomes),
            checked=frozenset().union(*(o.checked for o in outcomes)),
            proposed=frozenset().union(*(o.proposed for o in outcomes)),
        )
    if kind == "checklist":
        return _eval_checklist(rule, item, ctx, choice)
    return _eval_condition(rule, ctx, choice)


def _eval_tiers(rule: Rule, item: Item, ctx: _Context, choice: _Choice) -> _Outcome:
    value: Any
    if rule.input:
        number = choice.numbers.get(rule.input)
        if number is None:
            return _Outcome(points=ZERO, needs_input=True, verdict=f"待填写{rule.input}")
        value = Fraction(number)
        prefix = f"{rule.input} {_pts(number)}，"
    else:
        assert rule.indicator is not None
        res = ctx.get(rule.indicator, rule.params)
        value = _on_value(res, rule.on)
        prefix = ""
        if value is None or (rule.kind == "tiers" and _is_empty(res)):
            points = rule.empty_points if rule.empty_points is not None else (item.max or ZERO)
            return _Outcome(
                points=points,
                verdict=(rule.empty_text or "报告期内无统计对象") + f"，{_gain_text(points)}",
                empty=True,
            )
    for tier in rule.tiers:
        if matches(tier.at, value):
            text = tier.text or f"{_threshold_text(tier.at)}{_gain_text(tier.points)}"
            return _Outcome(points=tier.points, verdict=prefix + text)
    text = rule.else_text or f"未达到最低档{_gain_text(rule.else_points)}"
    return _Outcome(points=rule.else_points, verdict=prefix + text)


def _entry_text(e: Entry, count: int | None = None) -> str:
    sign = "+" if e.points > 0 else ""
    if not e.points:
        return e.label
    if e.each:
        return f"{e.label}×{count}（{sign}{_pts(e.points * (count or 0))}分）"
    return f"{e.label}（{sign}{_pts(e.points)}分）"


def _eval_checklist(rule: Rule, item: Item, ctx: _Context, choice: _Choice) -> _Outcome:
    proposed = frozenset(
        e.key for e in rule.entries if e.proposal is not None and eval_check(e.proposal, ctx)
    )
    keys = {e.key for e in rule.entries}
    checked = (choice.checked if choice.checked is not None else proposed) & keys
    start = rule.start or ZERO
    points = start
    ticked = []
    for e in rule.entries:
        if e.each:
            n = int(choice.counts.get(e.key, 0))
            if n:
                points += e.points * n
                ticked.append(_entry_text(e, n))
        elif e.key in checked:
            points += e.points
            ticked.append(_entry_text(e))
    gates = [e for e in rule.entries if e.gate and e.key not in checked]
    if gates:
        points = ZERO
    points = max(ZERO, points)
    parts = []
    if start:
        parts.append(f"基础 {_pts(start)} 分")
    prefix = "建议勾选：" if choice.checked is None else "已勾选："
    parts.append(prefix + ("、".join(ticked) if ticked else "无"))
    if gates:
        parts.append(f"未满足“{gates[0].label}”，本项不得分")
    return _Outcome(points=points, verdict="；".join(parts), checked=checked, proposed=proposed)


def entered_value(rule: Rule, number: Decimal) -> Fraction:
    """The entered figure as the exact value the test compares: a "%" figure is divided by 100."""
    value = Fraction(number)
    return value / 100 if rule.unit == "%" else value


def _eval_input_condition(rule: Rule, choice: _Choice) -> _Outcome:
    number = choice.numbers.get(rule.input)
    if number is None:
        return _Outcome(met=False, needs_input=True, verdict=f"待填写{rule.input}")
    assert rule.test is not None
    met = matches(rule.test, entered_value(rule, number))
    if met:
        text = rule.text or f"{_threshold_text(rule.test)}，达标"
    else:
        text = rule.fail_text or f"{_fail_threshold_text(rule.test)}，未达标"
    return _Outcome(met=met, verdict=f"{rule.input} {_pts(number)}{rule.unit}，{text}")


def _eval_condition(rule: Rule, ctx: _Context, choice: _Choice) -> _Outcome:
    if rule.input:
        return _eval_input_condition(rule, choice)
    if rule.manual:
        proposed: frozenset[str] = frozenset()
        if rule.proposal is not None and eval_check(rule.proposal, ctx):
            proposed = frozenset({"met"})
        checked = choice.checked if choice.checked is not None else proposed
        met = "met" in checked
        if rule.checks:  # data part AND the operator's tick for the rest
            results = [eval_check(c, ctx) for c in rule.checks]
            empty = any(r is None for r in results)
            if empty:
                data_met = rule.empty_met
                data_text = rule.empty_text or "报告期内无统计对象"
                data_text += "，视为满足" if data_met else "，不满足"
            else:
                data_met = all(results)
                data_text = rule.text or "数据条件满足"
                if not data_met:
                    data_text = rule.fail_text or "数据条件不满足"
            ticked = met
            met = data_met and ticked
            if choice.checked is None and not ticked:  # the system's side only: the rest awaits the station
                verdict = f"{data_text}；其余条件待站点确认"
            else:
                confirmed = "已" if ticked else "未"
                verdict = f"{data_text}；其余条件{confirmed}经站点确认，{'达标' if met else '未达标'}"
            return _Outcome(met=met, verdict=verdict, checked=checked, proposed=proposed, empty=empty)
    else:
        results = [eval_check(c, ctx) for c in rule.checks]
        if any(r is None for r in results):
            met = rule.empty_met
            verdict = (rule.empty_text or "报告期内无统计对象") + ("，视为达标" if met else "，未达标")
            return _Outcome(met=met, verdict=verdict, empty=True)
        met = all(results)
        proposed = checked = frozenset()
    text = (rule.text or "达标") if met else (rule.fail_text or "未达标")
    return _Outcome(met=met, verdict=text, checked=checked, proposed=proposed)


# ------------------------------------------------------------------------------------------ basis


_PLACEHOLDER = re.compile(r"\{([A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z0-9_]+)?)\}")


def _scalar_text(v: Any) -> str | None:
    if isinstance(v, bool):
        return "是" if v else "否"
    if isinstance(v, int | str):
        return str(v)
    if isinstance(v, Fraction):
        return percent_text(v)
    if isinstance(v, Decimal):
        return _pts(v)
    if isinstance(v, dt.date):
        return v.isoformat()
    return None


def _placeholders(indicators: list[Any]) -> dict[str, str]:
    values: dict[str, str] = {}
    for i, res in enumerate(reversed(indicators)):
        own: dict[str, str] = {}
        for k, v in res.details.items():
            text = _scalar_text(v)
            if text is not None:
                own[k] = text
        for k, v in res.params.items():
            text = _scalar_text(v)
            if text is not None:
                own[k] = text
        for k, members in res.sets.items():
            own[k] = str(len(members))
        for k, n in res.counts.items():
            own[k] = str(n)
        own["numerator"] = "—" if res.numerator is None else str(res.numerator)
        own["denominator"] = "—" if res.denominator is None else str(res.denominator)
        is_rate = res.value is not None and res.numerator is not None and bool(res.denominator)
        if is_rate:
            own["value"] = f"{res.numerator}/{res.denominator}"
            own["percent"] = percent_text(res.value)
        else:  # a plain value (e.g. an area) reads as a number; a percentage makes no sense
            own["value"] = _num_text(res.value) if res.value is not None else "—"
            own["percent"] = "—"
        for k, text in own.items():
            values[f"{res.id}.{k}"] = text
        if i == len(indicators) - 1:  # the primary (first) indicator also without prefix
            values.update(own)
    return values


def render(template: str, values: Mapping[str, str]) -> str:
    """Fill ``{name}`` placeholders; an unknown name stays visible as “{name}”."""
    return _PLACEHOLDER.sub(lambda m: values.get(m.group(1), m.group(0)), template)


# ------------------------------------------------------------------------------------------ assess


def _clamp(points: Decimal, item: Item) -> Decimal:
    points = max(ZERO, points)
    return min(points, item.max) if item.max is not None else points


def check_override(item: Item, answer: Answer, proposed_checked: frozenset[str]) -> None:
    """Refuse an answer the item does not allow; an assisted item changed away from the proposal
    needs a reason."""
    if answer.override_points is not None:
        if item.mode != "assisted":
            raise ValidationError(
                f"第 {item.id} 项不能直接改分：只有系统建议分可以改动", field="override_points"
            )
        p = answer.override_points
        if item.max is None:
            raise ValidationError(f"第 {item.id} 项是达标条件，不能改分", field="override_points")
        if p < 0 or p > item.max or (p / Decimal("0.5")) != (p / Decimal("0.5")).to_integral_value():
            raise ValidationError(
                f"第 {item.id} 项改后的分数须在 0 到 {_pts(item.max)} 之间、按 0.5 分计",
                field="override_points",
            )
    entries = {e.key: e for r in item.rule.walk() for e in r.entries}
    inspections = {d.key: d for d in item.inspection}
    allowed = set(entries) | ({"met"} if any(r.manual for r in item.rule.walk()) else set())
    if answer.checked is not None:
        unknown = answer.checked - allowed
        if unknown:
            raise ValidationError(f"第 {item.id} 项没有勾选项：{'、'.join(sorted(unknown))}", field="checked")
    for key, n in answer.counts.items():
        if key in inspections:
            if isinstance(n, bool) or int(n) < 0:
                raise ValidationError(
                    f"第 {item.id} 项“{inspections[key].label}”的处数不能为负数", field="counts"
                )
            continue
        if key not in entries or not entries[key].each:
            raise ValidationError(f"第 {item.id} 项的“{key}”不是计次数的勾选项", field="counts")
        if isinstance(n, bool) or int(n) < 0:
            raise ValidationError(f"第 {item.id} 项“{entries[key].label}”的次数不能为负数", field="counts")
    if inspection_count(item, answer) and not answer.note.strip():
        raise ValidationError(f"第 {item.id} 项填了自查扣分，请在备注中写明自查发现的情况", field="note")
    check_numbers(item, answer)
    rule_counts = {k for k in answer.counts if k not in inspections}
    if item.mode == "auto" and (answer.checked or rule_counts or answer.numbers):
        raise ValidationError(f"第 {item.id} 项由台账数据自动计算，只能填写备注和自查扣分", field="checked")
    changed = answer.override_points is not None
    if answer.checked is not None:
        proposable = {k for k, e in entries.items() if e.proposal is not None}
        proposable |= {"met"} if any(r.manual and r.proposal for r in item.rule.walk()) else set()
        if (answer.checked & proposable) != (proposed_checked & proposable):
            changed = True
    if changed and not answer.override_reason.strip():
        raise ValidationError("改动系统建议分须填写理由", field="override_reason")


def inspection_count(item: Item, answer: Answer | None) -> int:
    """How many deductions the station entered for the item's inspection (抽查) rules."""
    if answer is None:
        return 0
    return sum(int(answer.counts.get(d.key, 0)) for d in item.inspection)


def inspection_deduction(item: Item, answer: Answer | None) -> tuple[Decimal, str]:
    """The points the station's own check deducts (inspection rules × entered counts) and the text."""
    if answer is None:
        return ZERO, ""
    parts: list[str] = []
    total = ZERO
    for d in item.inspection:
        n = int(answer.counts.get(d.key, 0))
        if n > 0:
            total += d.per * n
            parts.append(f"{d.label} {n} 处扣 {_pts(d.per * n)} 分")
    return total, "、".join(parts)


def check_numbers(item: Item, answer: Answer) -> None:
    """Refuse figures the item does not ask for, and figures that are not finite, negative, or (unit
    "%") above 100."""
    inputs = {r.input: r for r in item.rule.walk() if r.input}
    for key, v in answer.numbers.items():
        if key not in inputs:
            raise ValidationError(f"第 {item.id} 项没有需要填写的数“{key}”", field="numbers")
        if not v.is_finite():
            raise ValidationError(f"第 {item.id} 项“{key}”须填写数字", field="numbers")
        if v < 0:
            raise ValidationError(f"第 {item.id} 项“{key}”不能为负数", field="numbers")
        if inputs[key].unit == "%" and v > 100:
            raise ValidationError(
                f"第 {item.id} 项“{key}”是百分数（填 90 表示 90%），不能超过 100，现为 {_pts(v)}",
                field="numbers",
            )


def assess_item(
    item: Item, section_title: str, ctx: _Context, answer: Answer | None, score: bool
) -> ItemResult:
    ctx.used = []
    if answer is not None:
        check_numbers(item, answer)  # before any figure is evaluated
    empty = Answer()
    base_choice = _Choice(checked=None, counts=(answer or empty).counts, numbers=(answer or empty).numbers)
    proposal = _evaluate(item.rule, item, ctx, base_choice)
    proposed_points = _clamp(proposal.points, item) if proposal.points is not None else None
    answered = item.mode == "auto" or answer is not None
    outcome = proposal
    override: Decimal | None = None
    if answer is not None and item.mode != "auto":
        check_override(item, answer, proposal.proposed)
        outcome = _evaluate(item.rule, item, ctx, _Choice(answer.checked, answer.counts, answer.numbers))
        override = answer.override_points
    elif answer is not None:
        check_override(item, answer, proposal.proposed)
    needs_input = not answered or outcome.needs_input
    points: Decimal | None = None
    met = outcome.met
    if score:
        points = _clamp(outcome.points or ZERO, item)
        if override is not None:
            points = override
        deducted, _text = inspection_deduction(item, answer)
        if deducted and not needs_input:
            points = max(ZERO, points - deducted)
        if needs_input:
            points = ZERO
    elif needs_input:
        met = False
    if score:
        met = None
    if item.basis and not outcome.empty:
        values = _placeholders(ctx.used)  # only for a template: most items have none
        values["verdict"] = outcome.verdict
        values["points"] = _pts(points) if points is not None else "—"
        basis = render(item.basis, values)
    else:
        basis = outcome.verdict
    if item.mode == "assisted" and not answered:
        suggestion = (
            f"系统建议 {_pts(proposed_points)} 分" if proposed_points is not None and score else "系统建议"
        )
        basis = f"待确认。{suggestion}：{proposal.verdict}"
    elif item.mode == "assisted":
        if score and proposed_points is not None and points != proposed_points:
            basis += f"。系统建议 {_pts(proposed_points)} 分"
    elif needs_input:
        basis = outcome.verdict if outcome.verdict.startswith("待填写") else "待填写"
    if override is not None and answer is not None:
        basis += f"。改为 {_pts(override)} 分，理由：{answer.override_reason.strip()}"
    short = points is not None and item.max is not None and points < item.max if score else met is False
    if not needs_input and short:
        by_id = {res.id: res for res in ctx.used}
        for spec in item.gaps:
            res = by_id.get(spec.indicator)
            if spec.in_basis and res is not None:
                n, people = _people_text(res, spec.set)
                if n:
                    basis += "。" + spec.text.replace("{n}", str(n)).replace("{people}", people)
    if score and not needs_input and inspection_count(item, answer):
        basis += f"。自查扣分：{inspection_deduction(item, answer)[1]}"
    if answer is not None and answer.note.strip():
        basis += f"。备注：{answer.note.strip()}"
    if item.reading:
        basis += f"（说明：{item.reading}）"
    return ItemResult(
        item=item,
        section_title=section_title,
        points=points,
        met=met,
        status="needs_input" if needs_input else "scored",
        basis=basis,
        indicators=list(ctx.used),
        proposed_points=proposed_points if score else None,
        proposed_checked=proposal.proposed,
        checked=outcome.checked,
        answer=answer,
    )


def assess(
    standard: Standard,
    period: Period,
    answers: Mapping[str, Answer] | None = None,
    indicator: Indicator = lookup,
) -> AssessmentResult:
    """Score ``standard`` over ``period`` with the operator's ``answers`` (item id -> Answer)."""
    answers = answers or {}
    unknown = set(answers) - {it.id for it in standard.items}
    if unknown:
        raise ValidationError(f"标准“{standard.name}”中没有这些项目：{'、'.join(sorted(unknown))}")
    ctx = _Context(period, indicator)
    score = standard.is_score
    titles = {s.id: s.title for s in standard.sections}
    # The latest registrations and recognitions are read once for all items.
    with shared_reads():
        items = [assess_item(it, titles[it.section], ctx, answers.get(it.id), score) for it in standard.items]
        warnings = empty_ledger_warnings(items, score, ctx)
    section_totals: dict[str, Decimal | None] = {}
    base_total = bonus_total = total = None
    passed: bool | None
    if score:
        for s in standard.sections:
            raw = sum((r.points or ZERO for r in items if r.item.section == s.id), ZERO)
            section_totals[s.id] = min(raw, s.max) if s.max is not None else raw
        base = sum((section_totals[s.id] or ZERO for s in standard.sections if not s.bonus), ZERO)
        bonus = sum((section_totals[s.id] or ZERO for s in standard.sections if s.bonus), ZERO)
        base_total = min(base, standard.base_max) if standard.base_max is not None else base
        bonus_total = min(bonus, standard.bonus_max) if standard.bonus_max is not None else bonus
        total = base_total + bonus_total
        passed = total >= standard.pass_mark if standard.pass_mark is not None else None
    else:
        for s in standard.sections:
            section_totals[s.id] = None
        passed = all(r.met is True for r in items if r.item.required)
    return AssessmentResult(
        standard=standard,
        period=period,
        items=items,
        section_totals=section_totals,
        base_total=base_total,
        bonus_total=bonus_total,
        total=total,
        passed=passed,
        warnings=warnings,
    )


# A register this small is “near-empty”: every count of the sheet rests on a handful of people.
FEW_PERSONS = 10


def empty_ledger_warnings(items: list[ItemResult], score: bool, ctx: _Context) -> list[str]:
    """One line per thing the ledger lacks while items score on it: an empty population (nobody to count)
    scores full marks or is met by the seed's own rule, which a station must not mistake for work done;
    and a register of fewer than ``FEW_PERSONS`` persons."""
    lacking: dict[str, list[str]] = {}
    for r in items:
        earns = (r.points or ZERO) > 0 if score else r.met is True
        if not earns or r.status != "scored":
            continue
        for res in r.indicators:
            what = unpopulated(res)
            if what is not None:
                ids = lacking.setdefault(what, [])
                if r.item.id not in ids:
                    ids.append(r.item.id)
    verdict = "计满分" if score else "视为达标"
    out = [
        f"台账中没有{what}：第 {'、'.join(ids)} 项按原文规定{verdict}，请确认台账已完整录入"
        for what, ids in lacking.items()
    ]
    persons = ctx.get("register_size", {}).numerator or 0
    if persons < FEW_PERSONS:
        out.insert(
            0,
            f"劳动力台账只有 {persons} 人：自评结果建立在几乎为空的台账上，请确认台账已完整录入",
        )
    return out


def default_period(standard: Standard, today: dt.date | None = None) -> Period:
    """The standard's default reporting period for ``today``: the period containing today, or the one
    that ended at most ``after_end_days`` ago (self-assessment happens after the period)."""
    today = today or dt.date.today()
    rule = standard.period
    start = dt.date(today.year, rule.start_month, rule.start_day)
    while start > today:
        start = add_months(start, -rule.months)
    while add_months(start, rule.months) <= today:
        start = add_months(start, rule.months)
    end = add_months(start, rule.months) - dt.timedelta(days=1)
    previous_end = start - dt.timedelta(days=1)
    if rule.after_end_days and (today - previous_end).days <= rule.after_end_days:
        start = add_months(start, -rule.months)
        end = previous_end
    return Period(start, end)


# ------------------------------------------------------------------------------------------ gaps


@dataclass(frozen=True)
class Gap:
    item_id: str
    title: str
    points: Decimal | None
    max: Decimal | None
    recoverable: Decimal
    hint: str


def _names(kind: str, ids: list[int], limit: int = 10) -> list[str]:
    """Display names of the members of a set (person names, staff names, posting titles ...)."""
    from db.models import database

    shown = ids[:limit]
    if not shown or database.database is None or database.is_closed():
        return [f"#{i}" for i in shown]
    marks = ",".join("?" * len(shown))
    sql = {
        "person": f"SELECT id, name FROM person WHERE id IN ({marks})",
        "graduate": "SELECT g.id, p.name FROM graduate g JOIN person p ON p.id = g.person_id "
        f"WHERE g.id IN ({marks})",
        "staff": f"SELECT id, name FROM staff WHERE id IN ({marks})",
        "vacancy": f"SELECT id, title FROM vacancy WHERE id IN ({marks})",
        "household": f"SELECT id, code FROM household WHERE id IN ({marks})",
        "zero_family": "SELECT z.id, '户' || h.code FROM zero_family z "
        "JOIN household h ON h.id = z.household_id "
        f"WHERE z.id IN ({marks})",
    }.get(kind)
    if sql is None:
        return [f"#{i}" for i in shown]
    found = {int(r[0]): str(r[1]) for r in database.execute_sql(sql, tuple(shown)).fetchall()}
    return [found.get(i, f"#{i}") for i in shown]


def _months_text(value: Any) -> str:
    if isinstance(value, list | tuple) and value:
        texts = [v.strftime("%Y-%m") if isinstance(v, dt.date) else str(v) for v in value]
        return "(" + "、".join(texts) + ")"
    return ""


def _lacking_text(value: Any) -> str:
    """“(职业指导缺1次、档案服务缺1次)” for a member's unmet requirements ({requirement: how many short})."""
    if isinstance(value, dict) and value:
        return "(" + "、".join(f"{k}缺{v}次" for k, v in value.items()) + ")"
    return ""


def _set_members(res: Any, expr: str) -> tuple[list[int], str]:
    names = [part.strip() for part in expr.split("-")]
    first = names[0]
    members = set(res.sets.get(first, []))
    for other in names[1:]:
        members -= set(res.sets.get(other, []))
    return sorted(members), res.set_kinds.get(first, "")


def _people_text(res: Any, expr: str) -> tuple[int, str]:
    members, kind = _set_members(res, expr)
    names = _names(kind, members)
    months = res.details.get("months") if isinstance(res.details.get("months"), dict) else {}
    lacking = res.details.get("missing") if isinstance(res.details.get("missing"), dict) else {}
    shown = [
        f"{n}{_months_text(months.get(i))}{_lacking_text(lacking.get(i))}"
        for n, i in zip(names, members, strict=False)
    ]
    text = "、".join(shown)
    if len(members) > len(shown):
        text += f" 等 {len(members)} 人"
    return len(members), text


def _tier_hint(item: Item, result: ItemResult) -> str:
    rule = item.rule
    if rule.kind != "tiers" or not result.indicators or rule.on != "value":
        return ""
    res = result.indicators[0]
    if res.value is None or not res.denominator or res.numerator is None:
        return ""
    for tier in reversed(rule.tiers):  # the nearest better tier first
        if tier.points <= (result.points or ZERO):
            continue
        bound = tier.at.low if tier.at.op == "range" else tier.at.rhs
        if tier.at.op in (">=", ">", "range") and isinstance(bound, Fraction):
            target = bound * res.denominator
            need = (target - res.numerator).__ceil__()
            if tier.at.op == ">" and Fraction(res.numerator + need, res.denominator) <= bound:
                need += 1
            reached = Fraction(res.numerator + need, res.denominator)
            if 0 < need <= res.denominator - res.numerator and matches(tier.at, reached):
                reach = f"{res.numerator + need}/{res.denominator}"
                # With a small denominator one more person may jump past this tier: name the tier the
                # new rate actually falls in (the first match, as the scoring does).
                landed = next((t for t in rule.tiers if matches(t.at, reached)), tier)
                label = landed.text or f"{_threshold_text(landed.at)}{_gain_text(landed.points)}"
                return f"再有 {need} 人（达到 {reach}）可升至“{label}”"
    return ""


def gaps(result: AssessmentResult) -> list[Gap]:
    """Items losing points (score sheets) or not met (condition lists), most recoverable first, each with
    a Chinese hint of what would win the points back."""
    out: list[Gap] = []
    for r in result.items:
        item = r.item
        if result.standard.is_score:
            if r.points is None or item.max is None or r.points >= item.max:
                continue
            recoverable = item.max - r.points
        else:
            if r.met:
                continue
            recoverable = ZERO
        hints: list[str] = []
        if r.status == "needs_input":
            hint = "尚未填写"
            if r.proposed_points is not None and item.mode == "assisted":
                hint += f"，系统建议 {_pts(r.proposed_points)} 分，请核对后确认"
            hints.append(hint)
        by_id = {res.id: res for res in r.indicators}
        for spec in item.gaps:
            res = by_id.get(spec.indicator)
            if res is None:
                continue
            n, people = _people_text(res, spec.set)
            if n:
                hints.append(spec.text.replace("{n}", str(n)).replace("{people}", people))
        tier = _tier_hint(item, r)
        if tier:
            hints.append(tier)
        unticked = [
            e.label
            for rule in item.rule.walk()
            for e in rule.entries
            if e.points > 0 and not e.each and e.key not in r.checked
        ]
        if item.mode != "auto" and unticked and r.status != "needs_input":
            hints.append("未勾选：" + "、".join(unticked))
        if not hints:
            hints.append(r.basis)
        out.append(
            Gap(
                item_id=item.id,
                title=item.title,
                points=r.points,
                max=item.max,
                recoverable=recoverable,
                hint="；".join(hints),
            )
        )
    order = {r.item.id: i for i, r in enumerate(result.items)}
    out.sort(
        key=lambda g: (
            -g.recoverable,
            not any(r.item.required for r in result.items if r.item.id == g.item_id),
            order[g.item_id],
        )
    )
    return out
