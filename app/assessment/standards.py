"""Standards as data: loading and checking the TOML files in ``resources/standards/``.

A standard (评估标准) is one TOML file. The engine in :mod:`app.scoring` knows no province: everything
specific to a sheet is written here as data. The loader checks every file and names the FILE and the
ITEM of any mistake in a Chinese :class:`~app.errors.UserError`.

Schema (how to write a new standard without reading the engine)
===============================================================

Top level::

    id = "guangzhou-full-employment-2024"      # unique, used on the command line
    name = "广州市充分就业社区(村)建设标准(2024年修订版)"
    kind = "score"            # "score" (score sheet) or "conditions" (condition list, 达标/未达标)
    base_max = 100            # score sheets only: sum of the maxima of the non-bonus sections
    bonus_max = 10            # score sheets only: sum of the maxima of the bonus sections (0 if none)
    pass_mark = 90            # optional; omitted = the document sets none (JSON null)

    [period]                  # default reporting period: starts on start_month/start_day, lasts `months`
    start_month = 10          # Guangzhou: 1 October of the previous year .. 30 September
    start_day = 1
    months = 12
    after_end_days = 90       # optional: within this many days after a period ends, that finished
                              # period is the default (self-assessment happens after the period)

    [source]                  # where the standard comes from
    seed = "003_802a087d396963ff.txt"
    part = "附件4"
    title = "..."

    [[sections]]
    id = "1"
    title = "主要就业指标达标情况"
    max = 30                  # score sheets: the item maxima must add up to this ...
    bonus = false             # true = a bonus (加分) section, counted against bonus_max
    items_exceed = false      # ... unless true ("加至满分为止"): then items may add up to more and the
                              # section subtotal is capped at `max`

Items (``[[items]]``; order in the file is the order on the sheet)::

    id = "1.1"                # unique within the file
    section = "1"             # a section id
    title = "登记失业人员就业率达80%"
    max = 8                   # score sheets: points of the item (Decimal, steps of 0.5); omit for conditions
    mode = "auto"             # auto (data decides) | assisted (data proposes, operator confirms) | manual
    required = true           # condition lists: whether the whole needs this item (default true)
    basis = "再就业 {employed} 人 ÷ ... = {percent}，{verdict}"   # optional template, see below
    reading = "..."           # optional: the reading chosen where the document is open; appended to
                              # the basis as “说明：...”
    [[items.inspection]]      # optional, score sheets: a deduction the seed leaves to the inspection
    key = "unclear"           # (抽查); the station enters how many it found in its own check, with a
    label = "底数不清"         # note (Answer.counts[key]); the item loses per × count, floor 0 — also
    per = 4                   # on auto items
    [[items.gaps]]            # optional: people to list in the gap hint (sets of an indicator)
    indicator = "monthly_contact"
    set = "missed"            # a set name, or a difference "base - excluded - employed"
    text = "{n} 名就业困难人员有月份未联系：{people}"
    in_basis = false          # true: the basis names them too when the item loses points / is not met

    [items.rule]              # how the item is decided; `kind` is one of the rule kinds below
    kind = "tiers"
    ...

Basis templates: ``{name}`` placeholders are filled from the rule's (first) indicator: ``numerator``,
``denominator``, ``value`` (n/d), ``percent`` (one decimal, truncated, e.g. 82.0%), every count and set
size by name (``{employed}``), every parameter and scalar detail; ``{indicator_id.name}`` reaches any
other indicator the rule uses; ``{points}`` and ``{verdict}`` (the rule's own sentence, e.g.
“达80%得6分”). Without a template the verdict alone is the basis. Checklist items get their basis
generated from the ticked entries.

Checks (used by pass_fail, condition and the proposals of checklist entries)::

    indicator = "posting_elements"   # an indicator id: a key of app.indicators.INDICATORS (the one
                                     # registry; KNOWN_INDICATORS here); may be inherited
    params = { months = 12 }         # keyword parameters of the indicator; checked when the file is
                                     # read: names the function takes, required ones present, code-list
                                     # values (e.g. 服务类型) spelled as in app.codes
    on = "value"                     # value | numerator | denominator | met | count:<name> | detail:<name>
    test = ">=90%"                   # comparison: >=, >, <=, <, = or != followed by a number, a
                                     # percentage, or count:<name>; for met/detail "true" or "false"

Rule kinds:

``tiers``       indicator value (an exact Fraction) against percentage tiers, first match wins::

                    indicator = "reemployment_rate"
                    tiers = [ { at = ">=90%", points = 8 }, { at = "75%-80%", points = 5 } ]
                    else_points = 0          # default 0
                    else_text = "低于65%不得分"
                    empty_points = 8         # when the denominator is 0 (omitted: item max)
                    empty_text = "报告期内无登记失业人员"

                ``at`` is ">=X%", ">X%", "<=X%", "<X%", "=X%" or "X%-Y%" (X% <= value < Y%).
                An optional ``text`` per tier replaces the generated “达90%得8分”.
``count_tiers`` the same with integer thresholds (no %) on ``on`` (default numerator), e.g. a level or
                a head count; or, for a manual figure, ``input = "带动就业人次"`` instead of an
                indicator: the operator enters the number.
``pass_fail``   ``points`` when every check holds (``checks = [...]`` or one inline check; default
                ``on = "met"``, ``test = "true"``), else ``fail_points`` (default 0); ``empty_points``
                optional for an empty indicator.
``deduction``   ``start`` (default: item max) minus, for each of ``deductions = [{ indicator, count,
                per }]``, per × counts[count]; floor 0.
``components``  ``parts = [ {kind = ..., ...}, ... ]`` each a rule with its own points; the sum is
                capped at the item max. ``empty_indicator`` + ``empty_points``: when that indicator
                is empty (denominator 0) the item scores empty_points instead.
``checklist``   boxes the operator ticks::

                    start = 0                # points before the entries (e.g. 4 for a 4-minus-x item)
                    [[items.rule.entries]]
                    key = "window"           # unique within the item
                    label = "有固定办公台位或服务窗口"
                    points = 2               # may be negative (a deduction box)
                    each = false             # true: the operator enters a count; points × count
                    gate = false             # true: when not ticked the whole item scores 0
                    proposal = { indicator = "staff_trained", on = "numerator", test = ">=1" }
                                             # assisted items: data proposes ticking this box

                Result = start + ticked points, floored at 0 and capped at the item max.
``condition``   condition lists, three forms:

                * data: ``met`` from checks (as pass_fail); ``empty_met`` (default true) decides an
                  indicator with nothing to measure (``empty_text`` says why), ``text`` / ``fail_text``
                  the sentence when met / not met.
                * ``manual = true``: the operator ticks 达标 (answer key ``"met"``); an optional
                  ``proposal`` check proposes the tick. With checks as well (mode assisted) the item is
                  met only when the data checks hold AND the operator ticks 达标 for the rest, e.g. 办公
                  场所不低于50平方米 (``station_area``) 且办公设施完备 (ticked); ``text`` / ``fail_text``
                  then describe the data part.
                * an entered figure: ``input = "满意率"`` (the label; the operator's number goes into
                  ``Answer.numbers["满意率"]``), ``test`` a comparison or range with a number (no count:,
                  no true/false) and ``unit``::

                      input = "满意率"
                      unit = "%"              # "%" (also the default for a percentage test) or a
                                              # word such as "分"; "%" needs a percentage test
                      test = ">=90%"          # entered 90 -> 90% meets it, 89.9 does not

                  The figure is compared exactly (Decimal -> Fraction, a "%" figure divided by 100); it
                  may not be negative, nor above 100 with unit "%". Unanswered: needs_input (未达标).
                  ``input`` excludes indicator, params, checks, manual, proposal, on, empty_met.

Modes: ``auto`` items may not contain checklists or inputs; ``manual`` items must be a checklist, an
input or a manual condition, and use no ledger data; ``assisted`` items combine data with a checklist
or a manual tick (at least one proposal or data part). Unanswered manual/assisted items count 0
(status ``needs_input``). Changing a proposed box or overriding the points of an assisted item needs a
reason.

Points are Decimal in steps of 0.5; an item's maxima and every tier's points must not exceed the item
max, and the item max must be reachable (the best tier, the checklist's boxes ... give at least the max;
more is capped, “加至满分为止”); the item maxima must add up to each section max (unless items_exceed)
and the section maxima to base_max / bonus_max.

Why this module is over 600 lines: most of it is the schema of a standard file, written here once as its
reference, and the loader's checks, each naming the file and the item; they belong together so that a
new rule and its check are written side by side.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from fractions import Fraction
from pathlib import Path
from typing import Any

from app.assessment.indicators import INDICATORS, check_params
from app.core.errors import UserError
from app.core.paths import resources_dir

# Every indicator id a standard may name: the registry of app.indicators (STANDARDS.md's indicators, the
# evidence counts of the condition lists and the data facts of the proposals). There is no other list.
KNOWN_INDICATORS = frozenset(INDICATORS)

RULE_KINDS = ("tiers", "count_tiers", "pass_fail", "deduction", "components", "checklist", "condition")
MODES = ("auto", "assisted", "manual")
KINDS = ("score", "conditions")
STEP = Decimal("0.5")

_CMP_RE = re.compile(r"^(>=|<=|!=|>|<|=)\s*(.+)$")
_RANGE_RE = re.compile(r"^([0-9.]+)(%?)\s*-\s*([0-9.]+)(%?)$")
_NUM_RE = re.compile(r"^-?[0-9]+(\.[0-9]+)?$")
_ON_RE = re.compile(r"^(value|numerator|denominator|met|(count|detail):[A-Za-z0-9_]+)$")


# ------------------------------------------------------------------------------------------ model


@dataclass(frozen=True)
class Threshold:
    """A comparison ``op rhs`` or a range ``low <= v < high``. ``rhs`` is a Fraction, or a
    ``count:<name>`` reference, or a bool for met/detail tests."""

    op: str  # >= > <= < = != range
    rhs: Fraction | str | bool | None = None
    low: Fraction | None = None
    high: Fraction | None = None
    percent: bool = False
    text: str = ""  # the source text, e.g. ">=90%"


@dataclass(frozen=True)
class Check:
    indicator: str | None
    params: dict[str, Any]
    on: str
    test: Threshold


@dataclass(frozen=True)
class Tier:
    at: Threshold
    points: Decimal
    text: str = ""


@dataclass(frozen=True)
class Deduction:
    indicator: str
    params: dict[str, Any]
    count: str
    per: Decimal
    label: str = ""


@dataclass(frozen=True)
class Entry:
    key: str
    label: str
    points: Decimal
    each: bool = False
    gate: bool = False
    proposal: Check | None = None


@dataclass(frozen=True)
class Rule:
    kind: str
    indicator: str | None = None
    params: dict[str, Any] = field(default_factory=dict)
    on: str = "value"
    input: str = ""  # count_tiers over a figure the operator enters
    tiers: tuple[Tier, ...] = ()
    else_points: Decimal = Decimal(0)
    else_text: str = ""
    empty_points: Decimal | None = None
    empty_text: str = ""
    points: Decimal = Decimal(0)  # pass_fail
    fail_points: Decimal = Decimal(0)
    checks: tuple[Check, ...] = ()
    text: str = ""  # pass_fail: the sentence when met
    fail_text: str = ""
    start: Decimal | None = None  # deduction / checklist
    deductions: tuple[Deduction, ...] = ()
    parts: tuple[Rule, ...] = ()
    empty_indicator: str | None = None
    entries: tuple[Entry, ...] = ()
    manual: bool = False  # condition ticked by hand
    proposal: Check | None = None  # condition proposal
    empty_met: bool = True
    test: Threshold | None = None  # condition over an entered figure (``input``)
    unit: str = ""  # the unit of an entered figure; "%" = a percentage (90 means 90%)

    def walk(self) -> list[Rule]:
        out: list[Rule] = [self]
        for p in self.parts:
            out.extend(p.walk())
        return out

    def indicator_ids(self) -> list[str]:
        ids: list[str] = []
        for r in self.walk():
            if r.indicator:
                ids.append(r.indicator)
            ids.extend(c.indicator for c in r.checks if c.indicator)
            ids.extend(d.indicator for d in r.deductions)
            ids.extend(e.proposal.indicator for e in r.entries if e.proposal and e.proposal.indicator)
            if r.proposal and r.proposal.indicator:
                ids.append(r.proposal.indicator)
        return ids

    @property
    def has_manual_input(self) -> bool:
        return any(r.kind == "checklist" or r.input or r.manual for r in self.walk())

    @property
    def has_data(self) -> bool:
        return bool(self.indicator_ids())


@dataclass(frozen=True)
class Inspection:
    """A deduction the seed leaves to the inspection (抽查): the station enters how many it found in its
    own check (with a note) so the self-assessment anticipates it; ``per`` points each."""

    key: str
    label: str
    per: Decimal


@dataclass(frozen=True)
class GapSpec:
    indicator: str
    set: str
    text: str
    in_basis: bool = False  # also name the members in the basis when the item loses points / is not met


@dataclass(frozen=True)
class Item:
    id: str
    section: str
    title: str
    max: Decimal | None
    mode: str
    rule: Rule
    basis: str = ""
    reading: str = ""
    required: bool = True
    gaps: tuple[GapSpec, ...] = ()
    inspection: tuple[Inspection, ...] = ()


@dataclass(frozen=True)
class Section:
    id: str
    title: str
    max: Decimal | None
    bonus: bool = False
    items_exceed: bool = False


@dataclass(frozen=True)
class PeriodRule:
    start_month: int = 1
    start_day: int = 1
    months: int = 12
    after_end_days: int = 0


@dataclass(frozen=True)
class Standard:
    id: str
    name: str
    kind: str
    base_max: Decimal | None
    bonus_max: Decimal | None
    pass_mark: Decimal | None
    period: PeriodRule
    source: dict[str, str]
    sections: tuple[Section, ...]
    items: tuple[Item, ...]
    path: Path | None = None

    @property
    def is_score(self) -> bool:
        return self.kind == "score"

    @property
    def max_points(self) -> Decimal | None:
        if not self.is_score:
            return None
        return (self.base_max or Decimal(0)) + (self.bonus_max or Decimal(0))

    def section(self, section_id: str) -> Section:
        for s in self.sections:
            if s.id == section_id:
                return s
        raise KeyError(section_id)

    def item(self, item_id: str) -> Item:
        for it in self.items:
            if it.id == item_id:
                return it
        raise UserError(f"标准“{self.name}”中没有第 {item_id} 项")


# ------------------------------------------------------------------------------------------ parsing


class _Where:
    """Builds the Chinese error messages naming the file and the item."""

    def __init__(self, path: Path, item: str | None = None) -> None:
        self.path = path
        self.item = item

    def at(self, item: str | None) -> _Where:
        return _Where(self.path, item)

    def error(self, message: str) -> UserError:
        where = f"标准文件 {self.path.name}"
        if self.item is not None:
            where += f" {self.item}" if self.item.startswith("分类") else f" 第 {self.item} 项"
        return UserError(f"{where}：{message}")


def _points(value: Any, what: str, where: _Where) -> Decimal:
    if isinstance(value, bool) or not isinstance(value, int | float | str):
        raise where.error(f"{what}应为数字，现为“{value}”")
    try:
        d = Decimal(str(value))
    except InvalidOperation:
        raise where.error(f"{what}应为数字，现为“{value}”") from None
    if not d.is_finite() or (d / STEP) != (d / STEP).to_integral_value():
        raise where.error(f"{what} {value} 不是 0.5 分的整数倍")
    return d


def _str(table: dict[str, Any], key: str, where: _Where, *, required: bool = True, default: str = "") -> str:
    if key not in table:
        if required:
            raise where.error(f"缺少字段“{key}”")
        return default
    value = table[key]
    if not isinstance(value, str) or (required and not value.strip()):
        raise where.error(f"字段“{key}”应为非空文字")
    return value


def _bool(table: dict[str, Any], key: str, where: _Where, default: bool) -> bool:
    value = table.get(key, default)
    if not isinstance(value, bool):
        raise where.error(f"字段“{key}”应为 true 或 false")
    return value


def _number(text: str, where: _Where, *, percent_allowed: bool) -> tuple[Fraction, bool]:
    text = text.strip()
    is_percent = text.endswith("%")
    if is_percent:
        text = text[:-1].strip()
        if not percent_allowed:
            raise where.error(f"整数档次不能写百分号：“{text}%”")
    if not _NUM_RE.match(text):
        raise where.error(f"阈值“{text}”不是数字")
    value = Fraction(text)
    return (value / 100 if is_percent else value), is_percent


def parse_threshold(text: Any, where: _Where, *, percent: bool | None = None) -> Threshold:
    """Parse ">=90%", "75%-80%", ">=3", "=count:collected", "true". ``percent`` True requires
    percentages, False forbids them, None allows both."""
    if isinstance(text, bool):
        return Threshold(op="=", rhs=text, text=str(text).lower())
    if not isinstance(text, str) or not text.strip():
        raise where.error(f"档次/条件“{text}”格式不对")
    raw = text.strip()
    if raw.lower() in ("true", "false"):
        return Threshold(op="=", rhs=raw.lower() == "true", text=raw.lower())
    m = _RANGE_RE.match(raw)
    if m:
        if bool(m.group(2)) != bool(m.group(4)):
            raise where.error(f"区间“{raw}”两端须同为百分数或同为整数")
        is_pct = bool(m.group(2))
        if percent is True and not is_pct:
            raise where.error(f"百分比档次“{raw}”须写成“X%-Y%”")
        if percent is False and is_pct:
            raise where.error(f"整数档次不能写百分号：“{raw}”")
        low, _ = _number(m.group(1) + m.group(2), where, percent_allowed=True)
        high, _ = _number(m.group(3) + m.group(4), where, percent_allowed=True)
        if low >= high:
            raise where.error(f"区间“{raw}”下限须小于上限")
        return Threshold(op="range", low=low, high=high, percent=is_pct, text=raw)
    m = _CMP_RE.match(raw)
    if not m:
        raise where.error(f"档次/条件“{raw}”格式不对，应写成“>=90%”“75%-80%”“>=3”之类")
    op, rhs_text = m.group(1), m.group(2).strip()
    if rhs_text.startswith("count:"):
        if not re.match(r"^count:[A-Za-z0-9_]+$", rhs_text):
            raise where.error(f"条件“{raw}”的计数名不对")
        return Threshold(op=op, rhs=rhs_text, text=raw)
    value, is_pct = _number(rhs_text, where, percent_allowed=percent is not False)
    if percent is True and not is_pct:
        raise where.error(f"百分比档次“{raw}”须带百分号")
    return Threshold(op=op, rhs=value, percent=is_pct, text=raw)


def _indicator_id(value: Any, where: _Where) -> str:
    if not isinstance(value, str) or value not in KNOWN_INDICATORS:
        known = "、".join(sorted(KNOWN_INDICATORS))
        raise where.error(f"指标“{value}”不认识（可用：{known}）")
    return value


def _params(table: dict[str, Any], where: _Where) -> dict[str, Any]:
    params = table.get("params", {})
    if not isinstance(params, dict):
        raise where.error("字段“params”应为表，例如 { months = 12 }")
    return dict(params)


def _check_params(indicator: str | None, params: dict[str, Any], where: _Where) -> None:
    """The indicator takes these parameters (names, required ones, code-list values)."""
    if indicator is None:
        if params:
            raise where.error("写了 params 却没有写 indicator")
        return
    try:
        check_params(indicator, params)
    except UserError as exc:
        raise where.error(exc.message) from None


_CHECK_KEYS = {"indicator", "params", "on", "test"}


def _check(
    table: Any,
    where: _Where,
    inherited: str | None,
    default_on: str = "met",
    inherited_params: dict[str, Any] | None = None,
) -> Check:
    if not isinstance(table, dict):
        raise where.error('条件应为表，例如 { indicator = "...", on = "met" }')
    extra = set(table) - _CHECK_KEYS
    if extra:
        raise where.error(f"条件中有不认识的字段：{'、'.join(sorted(extra))}")
    indicator = _indicator_id(table["indicator"], where) if "indicator" in table else inherited
    if indicator is None:
        raise where.error("条件缺少字段“indicator”")
    on = table.get("on", default_on)
    if not isinstance(on, str) or not _ON_RE.match(on):
        raise where.error(
            f"条件的“on”不认识：“{on}”（可用 value、numerator、denominator、met、count:名称、detail:名称）"
        )
    test_text = table.get("test", "true" if on == "met" or on.startswith("detail:") else None)
    if test_text is None:
        raise where.error("条件缺少字段“test”")
    test = parse_threshold(test_text, where)
    if (on == "met" or on.startswith("detail:")) != isinstance(test.rhs, bool):
        raise where.error(
            f"条件“{on} {test.text}”不成立：met/detail 只能与 true/false 比较，数值不能与 true/false 比较"
        )
    params = _params(table, where) if "indicator" in table else dict(inherited_params or {})
    _check_params(indicator, params, where)
    return Check(indicator=indicator, params=params, on=on, test=test)


_RULE_KEYS: dict[str, set[str]] = {
    "tiers": {"indicator", "params", "on", "tiers", "else_points", "else_text", "empty_points", "empty_text"},
    "count_tiers": {
        "indicator",
        "params",
        "on",
        "input",
        "tiers",
        "else_points",
        "else_text",
        "empty_points",
        "empty_text",
    },
    "pass_fail": {
        "indicator",
        "params",
        "on",
        "test",
        "checks",
        "points",
        "fail_points",
        "text",
        "fail_text",
        "empty_points",
        "empty_text",
    },
    "deduction": {"start", "deductions"},
    "components": {"parts", "empty_indicator", "empty_points", "empty_text"},
    "checklist": {"start", "entries"},
    "condition": {
        "indicator",
        "params",
        "on",
        "test",
        "checks",
        "manual",
        "proposal",
        "empty_met",
        "text",
        "fail_text",
        "empty_text",
        "input",
        "unit",
    },
}


def _input_condition(table: dict[str, Any], where: _Where, opt_text: Any) -> Rule:
    """A condition over a figure the operator enters: ``input`` (its label), ``test`` and ``unit``."""
    label = _str(table, "input", where)
    mixed = sorted(k for k in ("indicator", "params", "checks", "manual", "proposal", "on") if k in table)
    if mixed:
        raise where.error(f"人工填数的条件（input）不能同时写：{'、'.join(mixed)}")
    for key in ("empty_met", "empty_text"):
        if key in table:
            raise where.error(f"人工填数的条件（input）不用字段“{key}”")
    if "test" not in table:
        raise where.error('人工填数的条件须写 test，例如 test = ">=90%"')
    test = parse_threshold(table["test"], where)
    if isinstance(test.rhs, str | bool):
        raise where.error(f"人工填写的数只能与数字比较，不能写“{test.text}”")
    unit = table.get("unit", "%" if test.percent else "")
    if not isinstance(unit, str):
        raise where.error('字段“unit”应为文字，例如 "%" 或 "分"')
    unit = unit.strip()
    if test.percent and unit != "%":
        raise where.error(f"条件“{test.text}”是百分数，unit 须为“%”（或不写）")
    if unit == "%" and not test.percent:
        raise where.error(f'unit 为“%”时条件须写百分数，例如 ">=90%"，现为“{test.text}”')
    return Rule(
        kind="condition",
        input=label,
        unit=unit,
        test=test,
        text=opt_text("text"),
        fail_text=opt_text("fail_text"),
    )


def _rule(table: Any, where: _Where, item_max: Decimal | None, conditions: bool) -> Rule:
    if not isinstance(table, dict):
        raise where.error("缺少计分规则表 [items.rule]")
    kind = table.get("kind")
    if kind not in RULE_KINDS:
        raise where.error(f"计分规则类型“{kind}”不认识（可用：{'、'.join(RULE_KINDS)}）")
    extra = set(table) - _RULE_KEYS[kind] - {"kind"}
    if extra:
        raise where.error(f"{kind} 规则中有不认识的字段：{'、'.join(sorted(extra))}")
    if conditions and kind != "condition":
        raise where.error(f"条件清单型标准的项目只能用 condition 规则，不能用 {kind}")
    if not conditions and kind == "condition":
        raise where.error("计分型标准的项目不能用 condition 规则")

    def pts(value: Any, what: str) -> Decimal:
        d = _points(value, what, where)
        if item_max is not None and d > item_max:
            raise where.error(f"{what} {d} 超过本项满分 {item_max}")
        return d

    def opt_text(key: str) -> str:
        value = table.get(key, "")
        if not isinstance(value, str):
            raise where.error(f"字段“{key}”应为文字")
        return value

    indicator = _indicator_id(table["indicator"], where) if "indicator" in table else None
    params = _params(table, where)
    _check_params(indicator, params, where)
    empty_points = pts(table["empty_points"], "无统计对象时的得分") if "empty_points" in table else None

    if kind in ("tiers", "count_tiers"):
        input_label = ""
        if kind == "count_tiers" and "input" in table:
            input_label = _str(table, "input", where)
            if indicator is not None:
                raise where.error("count_tiers 规则不能同时写 indicator 和 input")
        elif indicator is None:
            raise where.error(f"{kind} 规则缺少字段“indicator”")
        on = table.get("on", "value" if kind == "tiers" else "numerator")
        if not isinstance(on, str) or not _ON_RE.match(on) or on == "met" or on.startswith("detail:"):
            raise where.error(f"档次规则的“on”不认识：“{on}”")
        raw_tiers = table.get("tiers")
        if not isinstance(raw_tiers, list) or not raw_tiers:
            raise where.error("缺少档次表 tiers")
        tiers = []
        for t in raw_tiers:
            if not isinstance(t, dict) or "at" not in t or "points" not in t:
                raise where.error('每个档次须写成 { at = ">=90%", points = 8 }')
            at = parse_threshold(t["at"], where, percent=(kind == "tiers"))
            if isinstance(at.rhs, str | bool):
                raise where.error(f"档次“{at.text}”须与数字比较")
            text = t.get("text", "")
            if not isinstance(text, str):
                raise where.error("档次的“text”应为文字")
            tiers.append(Tier(at=at, points=pts(t["points"], f"档次“{at.text}”的得分"), text=text))
        return Rule(
            kind=kind,
            indicator=indicator,
            params=params,
            on=on,
            input=input_label,
            tiers=tuple(tiers),
            else_points=pts(table.get("else_points", 0), "其余情况得分"),
            else_text=opt_text("else_text"),
            empty_points=empty_points,
            empty_text=opt_text("empty_text"),
        )

    if kind == "condition" and "input" in table:
        return _input_condition(table, where, opt_text)
    if "unit" in table:
        raise where.error("字段“unit”只用于人工填数的条件（与 input 一起写）")

    if kind in ("pass_fail", "condition"):
        checks: list[Check] = []
        if "checks" in table:
            if not isinstance(table["checks"], list) or not table["checks"]:
                raise where.error("字段“checks”应为非空的条件列表")
            checks = [_check(c, where, indicator, "met", params) for c in table["checks"]]
        elif indicator is not None:
            inline = {k: table[k] for k in ("on", "test") if k in table}
            checks = [_check(inline, where, indicator, "met", params)]
        manual = _bool(table, "manual", where, False) if kind == "condition" else False
        if kind == "pass_fail" and not checks:
            raise where.error("pass_fail 规则缺少字段“indicator”或“checks”")
        if kind == "condition" and not checks and not manual:
            raise where.error("condition 规则须写 indicator/checks、manual = true 或 input")
        proposal = None
        if "proposal" in table:
            if not manual:
                raise where.error("只有人工勾选的条件（manual = true）可以有系统建议 proposal")
            proposal = _check(table["proposal"], where, None)
        if kind == "pass_fail" and "points" not in table:
            raise where.error("pass_fail 规则缺少字段“points”")
        return Rule(
            kind=kind,
            indicator=indicator,
            params=params,
            checks=tuple(checks),
            points=pts(table.get("points", 0), "达标得分"),
            fail_points=pts(table.get("fail_points", 0), "未达标得分"),
            text=opt_text("text"),
            fail_text=opt_text("fail_text"),
            empty_points=empty_points,
            empty_text=opt_text("empty_text"),
            manual=manual,
            proposal=proposal,
            empty_met=_bool(table, "empty_met", where, True),
        )

    if kind == "deduction":
        raw = table.get("deductions")
        if not isinstance(raw, list) or not raw:
            raise where.error("deduction 规则缺少扣分表 deductions")
        deductions = []
        for d in raw:
            if not isinstance(d, dict) or not {"indicator", "count", "per"} <= set(d):
                raise where.error('每条扣分须写成 { indicator = "...", count = "...", per = 0.5 }')
            label = d.get("label", "")
            d_indicator = _indicator_id(d["indicator"], where)
            d_params = _params(d, where)
            _check_params(d_indicator, d_params, where)
            deductions.append(
                Deduction(
                    indicator=d_indicator,
                    params=d_params,
                    count=_str(d, "count", where),
                    per=pts(d["per"], "每次扣分"),
                    label=label if isinstance(label, str) else "",
                )
            )
        start = pts(table["start"], "起始分") if "start" in table else None
        return Rule(kind=kind, start=start, deductions=tuple(deductions))

    if kind == "components":
        raw = table.get("parts")
        if not isinstance(raw, list) or len(raw) < 2:
            raise where.error("components 规则须有两个以上的子规则 parts")
        parts = []
        for p in raw:
            if isinstance(p, dict) and p.get("kind") in ("components", "condition"):
                raise where.error(f"components 的子规则不能是 {p.get('kind')}")
            parts.append(_rule(p, where, item_max, conditions))
        empty_indicator = None
        if "empty_indicator" in table:
            empty_indicator = _indicator_id(table["empty_indicator"], where)
            _check_params(empty_indicator, {}, where)
            if empty_points is None:
                raise where.error("写了 empty_indicator 就须写 empty_points")
        return Rule(
            kind=kind,
            parts=tuple(parts),
            empty_indicator=empty_indicator,
            empty_points=empty_points,
            empty_text=opt_text("empty_text"),
        )

    # checklist
    raw = table.get("entries")
    if not isinstance(raw, list) or not raw:
        raise where.error("checklist 规则缺少勾选项 entries")
    entries = []
    keys: set[str] = set()
    for e in raw:
        if not isinstance(e, dict):
            raise where.error("勾选项应为表")
        extra = set(e) - {"key", "label", "points", "each", "gate", "proposal"}
        if extra:
            raise where.error(f"勾选项中有不认识的字段：{'、'.join(sorted(extra))}")
        key = _str(e, "key", where)
        if key in keys:
            raise where.error(f"勾选项“{key}”重复")
        keys.add(key)
        if "points" not in e:
            raise where.error(f"勾选项“{key}”缺少字段“points”")
        p = _points(e["points"], f"勾选项“{key}”的分值", where)
        if item_max is not None and abs(p) > item_max:
            raise where.error(f"勾选项“{key}”的分值 {p} 超过本项满分 {item_max}")
        entries.append(
            Entry(
                key=key,
                label=_str(e, "label", where),
                points=p,
                each=_bool(e, "each", where, False),
                gate=_bool(e, "gate", where, False),
                proposal=_check(e["proposal"], where, None) if "proposal" in e else None,
            )
        )
    start = pts(table["start"], "起始分") if "start" in table else None
    return Rule(kind=kind, start=start, entries=tuple(entries))


_ITEM_KEYS = {
    "id", "section", "title", "max", "mode", "rule", "basis", "reading", "required", "gaps", "inspection"
}  # fmt: skip
_TOP_KEYS = {
    "id",
    "name",
    "kind",
    "base_max",
    "bonus_max",
    "pass_mark",
    "period",
    "source",
    "sections",
    "items",
}


def parse_standard(data: dict[str, Any], path: Path) -> Standard:
    """Build and check a standard from parsed TOML; ``path`` names the file in messages."""
    where = _Where(path)
    extra = set(data) - _TOP_KEYS
    if extra:
        raise where.error(f"有不认识的字段：{'、'.join(sorted(extra))}")
    sid = _str(data, "id", where)
    name = _str(data, "name", where)
    kind = _str(data, "kind", where)
    if kind not in KINDS:
        raise where.error(f"kind 应为 score（计分表）或 conditions（条件清单），现为“{kind}”")
    score = kind == "score"
    base_max = bonus_max = pass_mark = None
    if score:
        for key in ("base_max", "bonus_max"):
            if key not in data:
                raise where.error(f"计分型标准缺少字段“{key}”")
        base_max = _points(data["base_max"], "基础分满分", where)
        bonus_max = _points(data["bonus_max"], "加分满分", where)
        if "pass_mark" in data:
            pass_mark = _points(data["pass_mark"], "达标分", where)
    else:
        for key in ("base_max", "bonus_max", "pass_mark"):
            if key in data:
                raise where.error(f"条件清单型标准不用字段“{key}”")

    period_table = data.get("period", {})
    if not isinstance(period_table, dict):
        raise where.error("字段“period”应为表")
    try:
        period = PeriodRule(
            start_month=int(period_table.get("start_month", 1)),
            start_day=int(period_table.get("start_day", 1)),
            months=int(period_table.get("months", 12)),
            after_end_days=int(period_table.get("after_end_days", 0)),
        )
    except (TypeError, ValueError):
        raise where.error("报告期设置 period 应为整数") from None
    if not (1 <= period.start_month <= 12 and 1 <= period.start_day <= 28 and period.months >= 1):
        raise where.error("报告期设置 period 不对（月 1-12，日 1-28，月数至少 1）")

    source = data.get("source", {})
    if not isinstance(source, dict) or not all(isinstance(v, str) for v in source.values()):
        raise where.error("字段“source”应为文字表")

    raw_sections = data.get("sections")
    if not isinstance(raw_sections, list) or not raw_sections:
        raise where.error("缺少分类表 [[sections]]")
    sections: list[Section] = []
    for s in raw_sections:
        if not isinstance(s, dict):
            raise where.error("[[sections]] 的每一项应为表")
        sw = where.at(f"分类 {s.get('id', '?')}")
        sec_id = _str(s, "id", sw)
        if any(x.id == sec_id for x in sections):
            raise sw.error("分类编号重复")
        if score and "max" not in s:
            raise sw.error("缺少字段“max”")
        sections.append(
            Section(
                id=sec_id,
                title=_str(s, "title", sw),
                max=_points(s["max"], "分类满分", sw) if score else None,
                bonus=_bool(s, "bonus", sw, False),
                items_exceed=_bool(s, "items_exceed", sw, False),
            )
        )

    raw_items = data.get("items")
    if not isinstance(raw_items, list) or not raw_items:
        raise where.error("缺少项目表 [[items]]")
    items: list[Item] = []
    for raw in raw_items:
        if not isinstance(raw, dict):
            raise where.error("[[items]] 的每一项应为表")
        iw = where.at(str(raw.get("id", "?")))
        extra = set(raw) - _ITEM_KEYS
        if extra:
            raise iw.error(f"有不认识的字段：{'、'.join(sorted(extra))}")
        item_id = _str(raw, "id", iw)
        if any(x.id == item_id for x in items):
            raise iw.error("项目编号重复")
        section_id = _str(raw, "section", iw)
        if not any(x.id == section_id for x in sections):
            raise iw.error(f"所属分类“{section_id}”不存在")
        mode = _str(raw, "mode", iw)
        if mode not in MODES:
            raise iw.error(f"mode 应为 auto、assisted 或 manual，现为“{mode}”")
        item_max: Decimal | None = None
        if score:
            if "max" not in raw:
                raise iw.error("缺少字段“max”")
            item_max = _points(raw["max"], "本项满分", iw)
            if item_max <= 0:
                raise iw.error("本项满分须大于 0")
        elif "max" in raw:
            raise iw.error("条件清单型标准的项目不用字段“max”")
        if "rule" not in raw:
            raise iw.error("缺少计分规则 [items.rule]")
        rule = _rule(raw["rule"], iw, item_max, not score)
        if item_max is not None:
            reachable = _reachable(rule, item_max)
            if reachable is not None and reachable < item_max:
                raise iw.error(f"本项满分 {item_max}，但按计分规则最多只能得 {reachable} 分，两者不符")
        if mode == "auto" and rule.has_manual_input:
            raise iw.error("auto 项目不能含人工勾选或人工填数")
        if mode == "manual" and not rule.has_manual_input:
            raise iw.error("manual 项目须为勾选表、人工填数或人工勾选的条件")
        if mode == "manual" and any(e.proposal for r in rule.walk() for e in r.entries):
            raise iw.error("manual 项目不能有系统建议 proposal（请改为 assisted）")
        if mode == "manual" and rule.has_data:
            raise iw.error("manual 项目不能用台账数据（系统建议或数据条件），请改为 assisted")
        if mode == "assisted" and not (rule.has_manual_input and rule.has_data):
            raise iw.error("assisted 项目须同时有系统建议（数据）和人工确认的部分")
        gaps = []
        for g in raw.get("gaps", []):
            if not isinstance(g, dict):
                raise iw.error("gaps 的每一项应为表")
            gaps.append(
                GapSpec(
                    indicator=_indicator_id(g.get("indicator"), iw),
                    set=_str(g, "set", iw),
                    text=_str(g, "text", iw),
                    in_basis=_bool(g, "in_basis", iw, False),
                )
            )
        inspection: list[Inspection] = []
        for d in raw.get("inspection", []):
            if not isinstance(d, dict) or set(d) - {"key", "label", "per"}:
                raise iw.error("inspection 的每一项应为表，字段为 key、label、per")
            if not score:
                raise iw.error("条件清单型标准的项目不用 inspection（自查扣分）")
            key = _str(d, "key", iw)
            entry_keys = {e.key for r in rule.walk() for e in r.entries}
            if key in entry_keys or any(x.key == key for x in inspection):
                raise iw.error(f"自查扣分“{key}”与勾选项或其他扣分重名")
            per = _points(d.get("per"), "自查扣分分值", iw)
            if per <= 0:
                raise iw.error("自查扣分分值须大于 0")
            inspection.append(Inspection(key=key, label=_str(d, "label", iw), per=per))
        basis = raw.get("basis", "")
        reading = raw.get("reading", "")
        if not isinstance(basis, str) or not isinstance(reading, str):
            raise iw.error("basis 和 reading 应为文字")
        items.append(
            Item(
                id=item_id,
                section=section_id,
                title=_str(raw, "title", iw),
                max=item_max,
                mode=mode,
                rule=rule,
                basis=basis,
                reading=reading,
                required=_bool(raw, "required", iw, True),
                gaps=tuple(gaps),
                inspection=tuple(inspection),
            )
        )

    if score:
        _check_sums(where, sections, items, base_max, bonus_max)
    for s in sections:
        if not any(it.section == s.id for it in items):
            raise where.at(f"分类 {s.id}").error("该分类下没有项目")
    return Standard(
        id=sid,
        name=name,
        kind=kind,
        base_max=base_max,
        bonus_max=bonus_max,
        pass_mark=pass_mark,
        period=period,
        source=dict(source),
        sections=tuple(sections),
        items=tuple(items),
        path=path,
    )


def _reachable(rule: Rule, item_max: Decimal) -> Decimal | None:
    """The most points ``rule`` can give (before the cap at the item max); None when unbounded (a
    checklist entry counted per occurrence). Scores for an empty indicator are not counted: the full
    marks must be reachable from data or ticks."""
    if rule.kind in ("tiers", "count_tiers"):
        return max([t.points for t in rule.tiers] + [rule.else_points])
    if rule.kind == "pass_fail":
        return max(rule.points, rule.fail_points)
    if rule.kind == "deduction":
        return rule.start if rule.start is not None else item_max
    if rule.kind == "components":
        parts = [_reachable(p, item_max) for p in rule.parts]
        if any(p is None for p in parts):
            return None
        return sum((p for p in parts if p is not None), Decimal(0))
    if rule.kind == "checklist":
        if any(e.each and e.points > 0 for e in rule.entries):
            return None
        return (rule.start or Decimal(0)) + sum((e.points for e in rule.entries if e.points > 0), Decimal(0))
    return None


def _check_sums(
    where: _Where,
    sections: list[Section],
    items: list[Item],
    base_max: Decimal | None,
    bonus_max: Decimal | None,
) -> None:
    for s in sections:
        members = [it for it in items if it.section == s.id]
        total = sum((it.max or Decimal(0) for it in members), Decimal(0))
        assert s.max is not None
        if s.items_exceed:
            for it in members:
                if it.max is not None and it.max > s.max:
                    raise where.at(it.id).error(f"本项满分 {it.max} 超过所属分类“{s.title}”的满分 {s.max}")
            if total < s.max:
                raise where.at(f"分类 {s.id}").error(f"各项满分合计 {total} 小于分类满分 {s.max}")
        elif total != s.max:
            raise where.at(f"分类 {s.id}").error(
                f"各项满分合计 {total}，与分类“{s.title}”的满分 {s.max} 不符"
            )
    base = sum((s.max or Decimal(0) for s in sections if not s.bonus), Decimal(0))
    bonus = sum((s.max or Decimal(0) for s in sections if s.bonus), Decimal(0))
    if base != base_max:
        raise where.error(f"基础分各分类满分合计 {base}，与 base_max {base_max} 不符")
    if bonus != bonus_max:
        raise where.error(f"加分各分类满分合计 {bonus}，与 bonus_max {bonus_max} 不符")


# ------------------------------------------------------------------------------------------ loading


def load_standard(path: Path | str) -> Standard:
    """Read and check one standard file."""
    path = Path(path)
    try:
        with path.open("rb") as fh:
            data = tomllib.load(fh)
    except FileNotFoundError:
        raise UserError(f"找不到标准文件：{path}") from None
    except tomllib.TOMLDecodeError as exc:
        raise UserError(f"标准文件 {path.name} 格式有误：{exc}") from None
    except UnicodeDecodeError:
        raise UserError(f"标准文件 {path.name} 不是 UTF-8 编码的文本") from None
    return parse_standard(data, path)


def standards_dir() -> Path:
    return resources_dir() / "standards"


_cache: dict[Path, tuple[float, Standard]] = {}


def shipped_standards(directory: Path | None = None) -> list[Standard]:
    """Every standard in ``directory`` (default: the shipped ones), ordered by file name."""
    directory = directory or standards_dir()
    out: list[Standard] = []
    seen: dict[str, Path] = {}
    for path in sorted(directory.glob("*.toml")):
        mtime = path.stat().st_mtime
        cached = _cache.get(path)
        if cached is None or cached[0] != mtime:
            cached = (mtime, load_standard(path))
            _cache[path] = cached
        std = cached[1]
        if std.id in seen:
            raise UserError(f"标准文件 {path.name} 与 {seen[std.id].name} 的编号 id 相同：{std.id}")
        seen[std.id] = path
        out.append(std)
    return out


def get_standard(standard_id: str, directory: Path | None = None) -> Standard:
    """The standard with this id; a Chinese error listing the ids otherwise."""
    standards = shipped_standards(directory)
    for std in standards:
        if std.id == standard_id:
            return std
    ids = "、".join(s.id for s in standards) or "（无）"
    raise UserError(f"没有编号为“{standard_id}”的评估标准。可用的标准：{ids}")
