"""The station itself: its profile, its staff and its yearly star ratings (乐业空间, seed 000).

Every write runs in one transaction; bad input raises ``FieldErrors`` / ``ValidationError`` with a
Chinese message naming the field, and leaves the database as it was.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from app.core import codes, validators
from app.core import fields as rules
from app.core.dates import age_on, parse_date
from app.core.errors import FieldErrors, ValidationError
from app.core.idcard import is_province_code, normalize_id
from db.models import Staff, StarRating, StationProfile, database

PROFILE_ID = 1
MAX_AREA_M2 = Decimal(100000)
MIN_FULL_TIME_STAFF = 2  # seed 000: at least two full-time staff ...
MIN_EXPERIENCE_YEARS = 2  # ... each with two or more years of related experience

# --------------------------------------------------------------------------- field parsers


def _past_date(label: str) -> Callable[[object], dt.date | None]:
    def parse(value: object) -> dt.date | None:
        d = parse_date(value, label)
        if d is not None and d > dt.date.today():
            raise ValidationError(f"{label} {d.isoformat()} 晚于今天")
        if d is not None and d.year < 1950:
            raise ValidationError(f"{label} {d.isoformat()} 过早，请核对")
        return d

    return parse


def parse_area(value: object) -> Decimal | None:
    """场地面积 in square metres: a positive number with at most two decimals; '' -> None."""
    if isinstance(value, Decimal | int | float) and not isinstance(value, bool):
        v = str(value)
    else:
        v = validators.text(value).replace(",", "").replace("，", "")
    for unit in ("平方米", "平米", "㎡", "m2", "m²"):
        if v.endswith(unit):
            v = v[: -len(unit)].strip()
    if not v:
        return None
    try:
        area = Decimal(v)
    except InvalidOperation:
        raise ValidationError(f"场地面积应为数字（平方米），现为“{v}”") from None
    if not area.is_finite():
        raise ValidationError(f"场地面积应为数字（平方米），现为“{v}”")
    if area <= 0:
        raise ValidationError("场地面积应大于 0 平方米")
    if area > MAX_AREA_M2:
        raise ValidationError(f"场地面积 {v} 平方米过大，请核对（单位是平方米）")
    exponent = area.as_tuple().exponent
    if isinstance(exponent, int) and exponent < -2:
        raise ValidationError("场地面积最多保留两位小数")
    return area


def _count(label: str) -> Callable[[object], int | None]:
    return lambda value: validators.optional_int(value, label, minimum=0)


# Profile fields: model attribute -> (Chinese label, parser). Order is the form's order.
PROFILE_FIELDS: dict[str, tuple[str, Callable[[object], Any]]] = {
    "name": ("站点名称", rules.required_text("站点名称", 60)),
    "kind": ("站点类型", rules.code(codes.STATION_KIND, required=True, list_when_empty=True)),
    "district": ("所在区县", rules.optional_text("所在区县", 30)),
    "street": ("所在街道/镇", rules.optional_text("所在街道/镇", 30)),
    "area_code": ("统计用区划代码", lambda v: parse_area_code(v)),
    "address": ("地址", rules.optional_text("地址", 100)),
    "phone": ("联系电话", lambda v: validators.phone(v, "联系电话")),
    "contact": ("负责人", rules.optional_text("负责人", 30)),
    "opened_on": ("开始运行日期", _past_date("开始运行日期")),
    "venue": ("依托场所", rules.optional_text("依托场所", 100)),
    "area_m2": ("场地面积（平方米）", parse_area),
    "facilities": ("配套设施", rules.free),
    "operator_org": ("运营机构", rules.optional_text("运营机构", 100)),
    "operator_qualification": ("运营机构资质", rules.free),
    "systems": ("管理制度", rules.free),
    "special_functions": ("特色功能", rules.free),
    "working_age_population": ("辖区法定劳动年龄人口数", _count("辖区法定劳动年龄人口数")),
    "household_count": ("辖区户数", _count("辖区户数")),
    "population": ("辖区常住人口", _count("辖区常住人口")),
    "complaint_channel": ("投诉渠道", rules.optional_text("投诉渠道", 200)),
    "note": ("备注", rules.free),
}
PROFILE_REQUIRED = ("name", "kind")


def validate_profile_field(field: str, value: object) -> Any:
    """Parse one profile field; raises ValidationError(field=field). The form calls it as you type."""
    return rules.validate_field(PROFILE_FIELDS, field, value)


def validate_profile(values: Mapping[str, object]) -> dict[str, Any]:
    """Parse the given fields (unknown keys are an error); FieldErrors lists every bad field."""
    unknown = [k for k in values if k not in PROFILE_FIELDS]
    if unknown:
        raise ValidationError(f"站点信息没有这些项目：{'、'.join(unknown)}")
    out: dict[str, Any] = {}
    errors: dict[str, str] = {}
    for field in PROFILE_FIELDS:
        if field not in values:
            continue
        try:
            out[field] = validate_profile_field(field, values[field])
        except ValidationError as exc:
            errors[field] = exc.message
    if errors:
        raise FieldErrors(errors)
    return out


# --------------------------------------------------------------------------- statistical area code

AREA_CODE_LENGTH = 12


def parse_area_code(value: object) -> str:
    """统计用区划代码 of the 村/社区 (12 digits: province 2, city 2, county 2, township 3, village 3);
    '' when not given. The province part must be a GB/T 2260 province and no level may be all zeros
    (a station is a 村/社区, the lowest level)."""
    if isinstance(value, int) and not isinstance(value, bool):
        raise ValidationError("统计用区划代码应按文本填写（12位数字），请勿让 Excel 存成数字")
    v = validators.text(value).replace(" ", "")
    if not v:
        return ""
    if not v.isdigit() or not v.isascii():
        raise ValidationError(f"统计用区划代码只能由数字组成，现为“{v}”")
    if len(v) != AREA_CODE_LENGTH:
        raise ValidationError(f"统计用区划代码应为12位数字，现为{len(v)}位")
    if not is_province_code(v[:2]):
        raise ValidationError(f"统计用区划代码前两位 {v[:2]} 不是有效的省级代码")
    for start, end, level in ((2, 4, "地市"), (4, 6, "区县"), (6, 9, "街道/乡镇"), (9, 12, "村/社区")):
        if set(v[start:end]) == {"0"}:
            raise ValidationError(
                f"统计用区划代码的{level}部分（第{start + 1}—{end}位）不能全为0，请填写村/社区的代码"
            )
    return v


# --------------------------------------------------------------------------- profile


def get_profile() -> StationProfile:
    """The station's profile (row 1), created empty when missing."""
    profile = StationProfile.get_or_none(StationProfile.id == PROFILE_ID)
    if profile is None:
        with database.atomic():
            StationProfile.insert(id=PROFILE_ID).on_conflict_ignore().execute()
        profile = StationProfile.get_by_id(PROFILE_ID)
    return profile


def save_profile(values: Mapping[str, object]) -> StationProfile:
    """Validate and save the given profile fields (others are kept). Name and kind must end up set."""
    data = validate_profile(values)
    with database.atomic():
        profile = get_profile()
        for key, value in data.items():
            setattr(profile, key, value)
        missing = {f: f"{PROFILE_FIELDS[f][0]}不能为空" for f in PROFILE_REQUIRED if not getattr(profile, f)}
        if missing:
            raise FieldErrors(missing)
        profile.updated_at = dt.datetime.now().replace(microsecond=0)
        profile.save()
    return profile


def profile_values(profile: StationProfile | None = None) -> dict[str, Any]:
    """The profile as a field -> value dict (the form's initial values)."""
    profile = profile or get_profile()
    return {field: getattr(profile, field) for field in PROFILE_FIELDS}


# --------------------------------------------------------------------------- staff


def _staff_id_number(value: object) -> str:
    if validators.text(value) == "":
        return ""
    return normalize_id(value)


STAFF_FIELDS: dict[str, tuple[str, Callable[[object], Any]]] = {
    "name": ("姓名", validators.name),
    "id_number": ("身份证号", _staff_id_number),
    "nature": ("岗位性质", rules.code(codes.STAFF_NATURE, required=True, list_when_empty=True)),
    "education": ("文化程度", rules.code(codes.EDUCATION)),
    "started_service_on": ("从事就业服务起始日期", _past_date("从事就业服务起始日期")),
    "certificates": ("持证情况", rules.optional_text("持证情况", 100)),
    "last_trained_on": ("最近培训日期", _past_date("最近培训日期")),
}
STAFF_REQUIRED = ("name", "nature")


def validate_staff_field(field: str, value: object) -> Any:
    return rules.validate_field(STAFF_FIELDS, field, value)


def validate_staff(values: Mapping[str, object]) -> dict[str, Any]:
    return rules.validate_fields(STAFF_FIELDS, STAFF_REQUIRED, values)


def list_staff() -> list[Staff]:
    """All staff, full-time first, then by name."""
    order = {v: i for i, v in enumerate(codes.STAFF_NATURE.values)}
    return sorted(Staff.select(), key=lambda s: (order.get(s.nature, 99), s.name))


def save_staff(values: Mapping[str, object], staff_id: int | None = None) -> Staff:
    """Create (staff_id None) or update a staff member. Names and ID numbers are unique."""
    data = validate_staff(values)
    with database.atomic():
        if staff_id is None:
            staff = Staff()
        else:
            found = Staff.get_or_none(Staff.id == staff_id)
            if found is None:
                raise ValidationError("这名工作人员已被删除，请刷新后重试")
            staff = found
        clash = Staff.get_or_none(Staff.name == data["name"])
        if clash is not None and clash.id != staff_id:
            raise FieldErrors({"name": f"已有名为“{data['name']}”的工作人员"})
        number = data.get("id_number")
        if number:
            other = Staff.get_or_none(Staff.id_number == number)
            if other is not None and other.id != staff_id:
                raise FieldErrors({"id_number": f"身份证号已登记为工作人员 {other.name}"})
        for key, value in data.items():
            setattr(staff, key, value)
        staff.save()
    return staff


def delete_staff(staff_id: int) -> None:
    with database.atomic():
        Staff.delete_by_id(staff_id)


def experience_years(staff: Staff, on: dt.date | None = None) -> int | None:
    """Completed years in employment services on ``on`` (today by default); None when the start date
    is unknown, 0 before the first anniversary."""
    start = staff.started_service_on
    if start is None:
        return None
    on = on or dt.date.today()
    if on < start:
        return 0
    return age_on(start, on)


def staffing_notes(on: dt.date | None = None, staff: Iterable[Staff] | None = None) -> list[str]:
    """What the team lacks against seed 000 (at least two full-time staff with two or more years of
    experience); empty when nothing."""
    on = on or dt.date.today()
    members = list(staff) if staff is not None else list_staff()
    full_time = [s for s in members if s.nature == "专职"]
    notes: list[str] = []
    if len(full_time) < MIN_FULL_TIME_STAFF:
        notes.append(f"专职工作人员应至少 {MIN_FULL_TIME_STAFF} 名，现有 {len(full_time)} 名。")
    for s in full_time:
        years = experience_years(s, on)
        if years is None:
            notes.append(f"专职工作人员 {s.name} 未填写从事就业服务起始日期，无法确认是否满两年。")
        elif years < MIN_EXPERIENCE_YEARS:
            notes.append(f"专职工作人员 {s.name} 从事就业服务 {years} 年，不足两年。")
    return notes


# --------------------------------------------------------------------------- star ratings

STAR_NAMES: dict[int, str] = {5: "五星", 4: "四星", 3: "三星", 2: "二星", 1: "一星"}
STAR_GRADES: dict[int, str] = {5: "优秀", 4: "良好", 3: "达标", 2: "不达标", 1: "差"}

# Seed 000, 管理要求 三、退出机制 (shown on the page in full).
EXIT_RULES: tuple[str, ...] = (
    "当年度考核为一星的；",
    "连续两年考核二星的；",
    "存在失信或其他违法违规行为的；",
    "信息变更后经审核不符合认定条件的；",
    "已经连续三个月以上停止运作，且短期内没有可能运作的。",
)
OPERATION_STOP_NOTE = "另：站点连续三个月以上停止运作且短期内没有可能运作的，也将予以摘牌。"


def star_label(stars: int) -> str:
    return f"{STAR_NAMES[stars]}（{STAR_GRADES[stars]}）"


@dataclass(frozen=True)
class Rating:
    year: int
    stars: int
    note: str = ""


def parse_stars(value: object) -> int:
    """1..5, or 一星..五星 (with or without the grade in brackets)."""
    if isinstance(value, int) and not isinstance(value, bool):
        n = value
    else:
        v = validators.text(value)
        by_name = {name: n for n, name in STAR_NAMES.items()}
        head = v.split("（")[0].split("(")[0].strip()
        if head in by_name:
            n = by_name[head]
        else:
            try:
                n = int(head)
            except ValueError:
                raise ValidationError(f"星级应为一星至五星，现为“{v}”", field="stars") from None
    if n not in STAR_NAMES:
        raise ValidationError(f"星级应为一星至五星，现为 {n}", field="stars")
    return n


def parse_year(value: object, today: dt.date | None = None) -> int:
    today = today or dt.date.today()
    v = validators.text(value).removesuffix("年度").removesuffix("年")
    try:
        year = int(v)
    except ValueError:
        raise ValidationError(f"年度应为四位年份，现为“{v}”", field="year") from None
    if not 2000 <= year <= today.year:
        raise ValidationError(f"年度应在 2000 至 {today.year} 之间，现为 {year}", field="year")
    return year


def list_star_ratings() -> list[Rating]:
    return [Rating(r.year, r.stars, r.note) for r in StarRating.select().order_by(StarRating.year)]


def set_star_rating(year: object, stars: object, note: str = "") -> Rating:
    """Record (or replace) the rating of ``year``."""
    y = parse_year(year)
    n = parse_stars(stars)
    text = validators.text(note)
    if len(text) > 100:
        raise ValidationError(f"说明不能超过100个字，现为{len(text)}个字", field="note")
    with database.atomic():
        StarRating.insert(year=y, stars=n, note=text).on_conflict(
            conflict_target=[StarRating.year], update={StarRating.stars: n, StarRating.note: text}
        ).execute()
    return Rating(y, n, text)


def delete_star_rating(year: int) -> None:
    with database.atomic():
        StarRating.delete().where(StarRating.year == year).execute()


def _as_pairs(ratings: Iterable[Any] | Mapping[int, int]) -> dict[int, int]:
    if isinstance(ratings, Mapping):
        return {int(y): int(s) for y, s in ratings.items()}
    out: dict[int, int] = {}
    r: Any
    for r in ratings:
        if isinstance(r, tuple):
            out[int(r[0])] = int(r[1])
        else:
            out[int(r.year)] = int(r.stars)
    return out


def exit_warnings(ratings: Iterable[Any] | Mapping[int, int]) -> list[str]:
    """Warnings from the exit rules of seed 000 for the given yearly ratings (``{year: stars}``, pairs,
    or objects with ``year``/``stars``), oldest first:

    - a 一星 year leads to 摘牌;
    - two consecutive years of 二星 lead to 摘牌;
    - the latest year at 二星 (the year before it not 二星) is one 二星 year away from 摘牌.

    Consecutive means calendar years next to each other; a year with no rating breaks the run.
    The third rule of operation (stopping for more than three months) is not in the ratings: see
    :data:`OPERATION_STOP_NOTE`.
    """
    by_year = _as_pairs(ratings)
    warnings: list[str] = []
    for year in sorted(by_year):
        stars = by_year[year]
        if stars == 1:
            warnings.append(f"{year}年度考核为一星（差）：按退出机制，当年度考核为一星的乐业空间将予以摘牌。")
        if stars == 2 and by_year.get(year - 1) == 2:
            warnings.append(f"{year - 1}年度、{year}年度连续两年考核为二星（不达标）：按退出机制将予以摘牌。")
    if by_year:
        last = max(by_year)
        if by_year[last] == 2 and by_year.get(last - 1) != 2:
            warnings.append(
                f"{last}年度考核为二星（不达标）：如{last + 1}年度仍为二星，将因连续两年二星予以摘牌。"
            )
    return warnings
