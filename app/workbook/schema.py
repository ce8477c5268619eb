"""The ledger workbook's sheets and columns, described once as data (LEDGER_FORMAT.md).

The importer parses and checks cells from these descriptions, the exporter writes them and the
template builds its header rows, drop-downs and 说明 sheet from them. Code lists come from
:mod:`app.codes`, the single source of allowed values.

Why this module is over 600 lines: it is one table, as data, of the 16 sheets and their columns
(LEDGER_FORMAT.md plus the real ledgers' columns); split, the description of one workbook would be
scattered over several files.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from enum import Enum
from typing import Any

from app.core import codes, fields, validators
from app.core.errors import ValidationError
from db.models import (
    BaseModel,
    Complaint,
    Employer,
    Employment,
    Event,
    Graduate,
    JobSeeking,
    Person,
    Recognition,
    Referral,
    Registration,
    Service,
    ServicePlan,
    Staff,
    TrainingReferral,
    Vacancy,
    ZeroFamily,
)


class Kind(Enum):
    TEXT = "text"
    DATE = "date"
    YES_NO = "yes-no"
    CODE = "code"  # one value of a code list
    CODES = "codes"  # one or more values of a code list, separated by 、 or ;
    ID = "id"  # a resident ID number (身份证号)
    INT = "int"
    REFERENCE = "reference"  # the natural key of a row of another sheet (or of the database)


class Ref(Enum):
    """What a reference column points at: the referenced sheet and the key column there."""

    PERSON = ("人员", "身份证号")
    HOUSEHOLD = ("人员", "户编号")
    EMPLOYER = ("用人单位", "单位名称")
    VACANCY = ("岗位", "岗位编号")

    @property
    def sheet(self) -> str:
        return self.value[0]

    @property
    def header(self) -> str:
        return self.value[1]


@dataclass(frozen=True)
class Column:
    header: str
    field: str  # model field
    kind: Kind = Kind.TEXT
    required: bool = False
    codes: codes.CodeList | None = None
    # Canonical form of a code value (None = not allowed); default: ``codes.normalize``.
    normalize: Callable[[str], str | None] | None = None
    ref: Ref | None = None
    # The value stored when the cell is empty (for optional columns).
    default: Any = None
    # Extra rule on the parsed value: returns the value to store or raises ValidationError.
    check: Callable[[Any], Any] | None = None
    minimum: int | None = None  # for INT
    width: int = 12  # export / template column width (characters)
    note: str = ""  # shown in the template's 说明 sheet

    def canonical(self, value: str) -> str | None:
        if self.normalize is not None:
            return self.normalize(value)
        assert self.codes is not None
        return self.codes.normalize(value)


@dataclass(frozen=True)
class Sheet:
    name: str
    model: type[BaseModel]
    columns: tuple[Column, ...]
    key: tuple[str, ...]  # natural key fields (a unique index of the model)
    # (start field, end field): end may not be before start.
    date_order: tuple[tuple[str, str], ...] = ()
    # (field, condition field): field is required when the condition field is set / true, and
    # must stay empty when it is not (``only_with``).
    required_with: tuple[tuple[str, str], ...] = ()
    only_with: tuple[tuple[str, str], ...] = ()
    # (start field, end field) of spans that may not overlap for one person.
    spans: tuple[str, str] | None = None
    span_label: str = ""
    # (low field, high field): low <= high (numbers).
    ranges: tuple[tuple[str, str], ...] = ()
    # Date fields checked by ``app.daterules.check_event_date`` as the windows check them: not after
    # today (``not_future``), not before the birth of the row's person (``not_before_birth``).
    not_future: tuple[str, ...] = ()
    not_before_birth: tuple[str, ...] = ()
    required_sheet: bool = False
    description: str = ""
    by_field: dict[str, Column] = field(init=False, repr=False, compare=False)
    by_header: dict[str, Column] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "by_field", {c.field: c for c in self.columns})
        object.__setattr__(self, "by_header", {c.header: c for c in self.columns})

    @property
    def headers(self) -> list[str]:
        return [c.header for c in self.columns]

    def label(self, field_name: str) -> str:
        return self.by_field[field_name].header


def _name(value: str) -> str:
    return validators.name(value)


def _phone(value: str) -> str:
    return validators.phone(value)


def _contact_phone(value: str) -> str:
    return validators.contact_phone(value)


def _credit(value: str) -> str:
    return validators.credit_code(value)


_insurance = fields.code_set(codes.INSURANCE, alone=(codes.INSURANCE_NONE,))


def _count(header: str, name: str) -> Column:
    return Column(header, name, Kind.INT, minimum=0, default=0, width=12, note="整数，空 = 0")


def _female_base(value: int) -> int:
    if value not in codes.RETIRE_BASE_FEMALE:
        raise ValidationError("女性退休年龄只能填 50 或 55")
    return value


def _year(value: int) -> int:
    if not 1950 <= value <= 2100:
        raise ValidationError(f"毕业年份 {value} 不合理，应填四位年份，如 2024")
    return value


def _person_ref(header: str = "身份证号") -> Column:
    return Column(header, "person", Kind.REFERENCE, required=True, ref=Ref.PERSON, default="", width=21)


def _date(header: str, name: str, required: bool = False, note: str = "") -> Column:
    return Column(header, name, Kind.DATE, required=required, width=12, note=note)


def _code(header: str, name: str, lst: codes.CodeList, required: bool = False, **kw: Any) -> Column:
    kw.setdefault("default", "")
    return Column(header, name, Kind.CODE, required=required, codes=lst, **kw)


def _text(header: str, name: str, required: bool = False, width: int = 14, **kw: Any) -> Column:
    kw.setdefault("default", "")
    return Column(header, name, Kind.TEXT, required=required, width=width, **kw)


def _yes_no(header: str, name: str, default: bool | None, required: bool = False) -> Column:
    return Column(header, name, Kind.YES_NO, required=required, codes=codes.YES_NO, default=default, width=8)


PERSONS = Sheet(
    "人员",
    Person,
    (
        Column("身份证号", "id_number", Kind.ID, required=True, width=21, note="18位，设为文本格式"),
        _text("姓名", "name", required=True, width=10, check=_name, note="2至30个字"),
        _text("联系电话", "phone", width=14, check=_phone, note="11位手机或 020-12345678"),
        Column(
            "户编号",
            "household",
            Kind.REFERENCE,
            ref=Ref.HOUSEHOLD,
            default="",
            width=10,
            note="同一户编号为一户",
        ),
        _code("与户主关系", "relation", codes.RELATION),
        _code("户籍类型", "hukou_type", codes.HUKOU),
        _text("居住地址", "address", width=24),
        _text("网格", "grid", width=10),
        _code("文化程度", "education", codes.EDUCATION),
        _code(
            "劳动能力", "labor_ability", codes.LABOR_ABILITY, default=codes.LABOR_ABILITY_DEFAULT, width=16
        ),
        _code("就业状态", "employment_status", codes.EMPLOYMENT_STATUS, required=True),
        _text("就业单位", "employer", width=18),
        _text("失业原因", "unemployment_reason", note="如 " + "、".join(codes.UNEMPLOYMENT_REASON.values)),
        _text("家庭状况", "family_situation", note="如 " + "、".join(codes.FAMILY_SITUATION.values)),
        _text("择业意向", "job_intention"),
        _text("职业技能", "skills"),
        _text("社会保障", "social_security", note="如 " + "、".join(codes.SOCIAL_SECURITY.values)),
        _yes_no("就业意愿", "wants_work", None),
        _yes_no("培训需求", "training_need", None),
        _text("培训意向", "training_intention"),
        _yes_no("是否残疾", "disabled", None),
        _date("调查日期", "survey_date", required=True, note="排摸走访日期"),
        _text("调查人", "surveyor", width=10),
        _text("备注", "note", width=20),
        Column("期望月薪", "expected_pay", Kind.INT, minimum=0, width=10, note="元/月，整数"),
        _code("期望岗位类型", "desired_job_kind", codes.VACANCY_KIND),
        Column("女性退休年龄", "female_retire_base", Kind.INT, check=_female_base, width=12, note="50 或 55"),
        _code("离开原因", "exit_status", codes.EXIT_STATUS, note="已离开台账的人：迁出、死亡、退休或其他"),
        _date("离开日期", "exit_date", note="填了离开原因时必填"),
        _text("就业创业证号", "employment_card", width=20),
        _text("人员类别", "person_category", note="如 " + "、".join(codes.PERSON_CATEGORY.values)),
        _code(
            "户籍性质", "hukou_nature", codes.HUKOU_NATURE, width=10, note="城镇 或 农村（农业、非农业亦可）"
        ),
        _code("民族", "ethnicity", codes.ETHNICITY, width=10, note="56个民族，可省略“族”字"),
        _yes_no("是否退役军人", "veteran", None),
        _code(
            "技能等级", "skill_level", codes.SKILL_LEVEL, note="国家职业资格等级；可填 初级、中级、技师 等"
        ),
        _text("证书", "certificate", width=18, note="职业资格或技能等级证书名称"),
        Column(
            "参保情况",
            "insurance",
            Kind.CODES,
            codes=codes.INSURANCE,
            default="",
            check=_insurance,
            width=20,
            note="可填多个，用 、 分隔；“未参保”不能与其他项同填",
        ),
        _text("所学专业", "major"),
    ),
    key=("id_number",),
    required_with=(("exit_date", "exit_status"), ("exit_status", "exit_date")),
    not_future=("exit_date",),
    not_before_birth=("exit_date",),
    required_sheet=True,
    description="每人一行；性别和出生日期由身份证号得出",
)

REGISTRATIONS = Sheet(
    "失业登记",
    Registration,
    (
        _person_ref(),
        _date("登记日期", "registered_on", required=True),
        _date("注销日期", "cancelled_on", note="空 = 仍在登记"),
        _code("注销原因", "cancel_reason", codes.REGISTRATION_CANCEL, width=22),
        _yes_no("个人原因未就业", "personal_reason", False),
        _text("剔除说明", "exclusion_note", width=18),
        _date("失业时间", "unemployed_on", note="不得晚于登记日期"),
        _code("失业前身份", "prior_status", codes.PRIOR_STATUS, width=24),
    ),
    key=("person", "registered_on"),
    date_order=(("registered_on", "cancelled_on"), ("unemployed_on", "registered_on")),
    not_before_birth=("unemployed_on",),
    required_with=(("cancel_reason", "cancelled_on"), ("exclusion_note", "personal_reason")),
    only_with=(("cancel_reason", "cancelled_on"),),
    spans=("registered_on", "cancelled_on"),
    span_label="失业登记",
    description="每次失业登记一行；同一人同一时间最多一条未注销的登记，登记时间不得重叠",
)

RECOGNITIONS = Sheet(
    "就业困难认定",
    Recognition,
    (
        _person_ref(),
        _date("认定日期", "recognized_on", required=True),
        Column(
            "认定类别",
            "categories",
            Kind.CODES,
            required=True,
            codes=codes.DIFFICULTY_CATEGORIES,
            width=18,
            note="可填多个，用 、 或 ; 分隔",
        ),
        _code("帮扶等级", "level", codes.SERVICE_LEVEL),
        _date("取消日期", "cancelled_on"),
        _code(
            "取消原因",
            "cancel_reason",
            codes.DIFFICULTY_CANCEL,
            normalize=codes.normalize_difficulty_cancel,
            width=26,
            note="可填原因、序号（如 五）或两者",
        ),
    ),
    key=("person", "recognized_on"),
    date_order=(("recognized_on", "cancelled_on"),),
    required_with=(("cancel_reason", "cancelled_on"),),
    only_with=(("cancel_reason", "cancelled_on"),),
    spans=("recognized_on", "cancelled_on"),
    span_label="就业困难认定",
    description="每次认定一行；同一人的认定时间不得重叠",
)

EMPLOYMENTS = Sheet(
    "就业记录",
    Employment,
    (
        _person_ref(),
        _date("就业日期", "started_on", required=True),
        _code("就业形式", "form", codes.EMPLOYMENT_FORM, required=True),
        _text("就业单位", "employer", width=18),
        Column(
            "岗位编号", "vacancy", Kind.REFERENCE, ref=Ref.VACANCY, default="", note="岗位来自本站岗位时填写"
        ),
        _date("离职日期", "ended_on"),
        _code("就业类型", "employment_type", codes.EMPLOYMENT_TYPE, width=14),
        _code("就业渠道", "channel", codes.EMPLOYMENT_CHANNEL, width=16),
        _code("所属产业", "industry", codes.INDUSTRY, width=10),
        _text("统一社会信用代码", "credit_code", width=20, check=_credit, note="18位，单位就业时填写"),
        _text("岗位", "position", width=14),
        Column("月收入", "monthly_income", Kind.INT, minimum=0, width=10, note="元/月，整数"),
        _yes_no("劳动合同", "contract", None),
        _text("合同期限", "contract_term", width=14, note="签了劳动合同时填写，如 3年"),
    ),
    key=("person", "started_on", "form"),
    date_order=(("started_on", "ended_on"),),
    only_with=(("contract_term", "contract"),),
    # The window allows a start of work to come (a plain record) but never one before birth.
    not_before_birth=("started_on",),
    description="每次就业一行；就业日期不得早于出生日期",
)

ZERO_FAMILIES = Sheet(
    "零就业家庭",
    ZeroFamily,
    (
        Column("户编号", "household", Kind.REFERENCE, required=True, ref=Ref.HOUSEHOLD, default=""),
        _date("认定日期", "recognized_on", required=True),
        _date("清零日期", "cleared_on", note="空 = 由家庭成员最早就业日期推算"),
    ),
    key=("household", "recognized_on"),
    date_order=(("recognized_on", "cleared_on"),),
    description="每次认定一行；户编号须在人员表或已有数据中",
)

GRADUATES = Sheet(
    "高校毕业生",
    Graduate,
    (
        _person_ref(),
        Column("毕业年份", "grad_year", Kind.INT, required=True, check=_year, width=10, note="如 2024"),
        _text("毕业院校", "school", width=18),
        _text("专业", "major"),
        _code("学历", "degree", codes.DEGREE),
        _yes_no("困难家庭", "hardship", False),
        _yes_no("就业意愿", "wants_work", True),
        _date("去向落实日期", "placed_on", note="空 = 未落实"),
        _code("去向", "destination", codes.GRADUATE_DESTINATION),
    ),
    key=("person", "grad_year"),
    required_with=(("destination", "placed_on"),),
    description="离校未就业高校毕业生名单",
)

PLANS = Sheet(
    "服务计划",
    ServicePlan,
    (
        _person_ref(),
        _date("制定日期", "made_on", required=True),
        _code("帮扶等级", "level", codes.SERVICE_LEVEL),
        _text("帮扶目标", "goal", required=True, width=20),
        _text("帮扶措施", "measures", required=True, width=24),
        _text("责任人", "responsible", width=10),
        _date("复核日期", "review_on"),
    ),
    key=("person", "made_on"),
    date_order=(("made_on", "review_on"),),
    not_future=("made_on",),
    not_before_birth=("made_on",),
    description="一人一策，每人每个制定日期一行；制定日期不得晚于今天，不得早于出生日期",
)

SERVICES = Sheet(
    "服务记录",
    Service,
    (
        _person_ref(),
        _date("服务日期", "served_on", required=True),
        _code("服务类型", "kind", codes.SERVICE_TYPE, required=True),
        _code("服务方式", "mode", codes.SERVICE_MODE, width=10),
        _text("服务内容", "content", required=True, width=24),
        _text("服务结果", "result", width=16),
        _text("经办人", "staff", width=10),
        _date("下次跟进日期", "next_follow_up"),
    ),
    key=("person", "served_on", "kind"),
    date_order=(("served_on", "next_follow_up"),),
    not_future=("served_on",),
    not_before_birth=("served_on",),
    description="一对一服务记录；服务日期不得晚于今天，不得早于出生日期",
)

EMPLOYERS = Sheet(
    "用人单位",
    Employer,
    (
        _text("单位名称", "name", required=True, width=24),
        _code("单位类型", "kind", codes.EMPLOYER_TYPE),
        _text("统一社会信用代码", "credit_code", width=20, check=_credit),
        _text("联系人", "contact", width=10),
        _text("联系电话", "phone", check=_contact_phone, note="11位手机或 020-12345678，可带“转分机”"),
        _text("地址", "address", width=24),
    ),
    key=("name",),
    description="单位名称不得重复",
)

VACANCIES = Sheet(
    "岗位",
    Vacancy,
    (
        _text("岗位编号", "code", required=True),
        Column("单位名称", "employer", Kind.REFERENCE, required=True, ref=Ref.EMPLOYER, default="", width=24),
        _text("岗位名称", "title", required=True, width=16),
        _code("岗位类型", "kind", codes.VACANCY_KIND, required=True),
        Column("招聘人数", "headcount", Kind.INT, required=True, minimum=1, width=10),
        _text("工作时间", "hours", width=16),
        _text("招聘要求", "requirements", width=20),
        _text("薪酬待遇", "pay_text", width=16, note="如 4500-6000元/月"),
        Column("薪酬下限", "pay_min", Kind.INT, minimum=0, width=10, note="元/月"),
        Column("薪酬上限", "pay_max", Kind.INT, minimum=0, width=10, note="元/月"),
        _text("联系人", "contact", width=10),
        _text("联系电话", "phone", check=_contact_phone, note="11位手机或 020-12345678，可带“转分机”"),
        _text("工作地点", "location", width=18),
        _date("收集日期", "collected_on", required=True),
        _code("收集方式", "collect_method", codes.COLLECT_METHOD),
        _text("发布渠道", "channels", note="空 = 未发布"),
        _date("有效期至", "valid_until"),
        _code("状态", "status", codes.VACANCY_STATUS, default=codes.VACANCY_STATUS_DEFAULT, width=10),
    ),
    key=("code",),
    date_order=(("collected_on", "valid_until"),),
    ranges=(("pay_min", "pay_max"),),
    description="岗位编号不得重复；单位名称须在用人单位表或已有数据中",
)

REFERRALS = Sheet(
    "推荐记录",
    Referral,
    (
        _person_ref(),
        Column("岗位编号", "vacancy", Kind.REFERENCE, required=True, ref=Ref.VACANCY, default=""),
        _date("推荐日期", "referred_on", required=True),
        _code("推荐结果", "outcome", codes.REFERRAL_OUTCOME, default=codes.REFERRAL_OUTCOME_DEFAULT),
        _date("回访日期", "followed_up_on"),
        _text("备注", "note", width=20),
    ),
    key=("person", "vacancy", "referred_on"),
    date_order=(("referred_on", "followed_up_on"),),
    description="岗位推荐及回访",
)

TRAININGS = Sheet(
    "培训推荐",
    TrainingReferral,
    (
        _person_ref(),
        _date("推荐日期", "referred_on", required=True),
        _code("培训类型", "kind", codes.TRAINING_KIND, required=True),
        _text("培训项目", "program", required=True, width=18),
        _code("培训结果", "result", codes.TRAINING_RESULT, default=codes.TRAINING_RESULT_DEFAULT),
        _date("结业日期", "completed_on"),
    ),
    key=("person", "referred_on", "program"),
    date_order=(("referred_on", "completed_on"),),
    description="培训、见习推荐",
)

JOB_SEEKINGS = Sheet(
    "求职登记",
    JobSeeking,
    (
        _person_ref(),
        _date("登记日期", "registered_on", required=True),
        _text("求职意向", "intention", width=18, note="想找的工作、工种"),
        Column("期望薪资", "expected_pay", Kind.INT, minimum=0, width=10, note="元/月，整数"),
        _code("求职地区", "area", codes.JOB_AREA, width=10),
        _code("用工形式", "work_form", codes.WORK_FORM, width=10),
        _count("职业指导次数", "guidance_count"),
        _count("职业介绍次数", "introduction_count"),
    ),
    key=("person", "registered_on"),
    not_future=("registered_on",),
    not_before_birth=("registered_on",),
    description="求职人员登记，每人每个登记日期一行；登记日期不得晚于今天，不得早于出生日期",
)

COMPLAINTS = Sheet(
    "投诉",
    Complaint,
    (
        _date("日期", "date", required=True),
        _text("内容", "content", required=True, width=30),
        _yes_no("有效投诉", "valid", None, required=True),
        _text("处理结果", "result", width=20),
    ),
    key=("date", "content"),
    description="服务对象投诉",
)

STAFF = Sheet(
    "工作人员",
    Staff,
    (
        _text("姓名", "name", required=True, width=10, check=_name),
        Column("身份证号", "id_number", Kind.ID, default="", width=21),
        _code("岗位性质", "nature", codes.STAFF_NATURE, required=True),
        _code("文化程度", "education", codes.EDUCATION),
        _date("从事就业服务起始日期", "started_service_on", note="用于计算从业年限"),
        _text("持证情况", "certificates", width=16, note="如 职业指导师"),
        _date("最近培训日期", "last_trained_on"),
    ),
    key=("name",),
    description="站点工作人员，姓名不得重复",
)

EVENTS = Sheet(
    "活动",
    Event,
    (
        _date("日期", "date", required=True),
        _code("活动类型", "kind", codes.EVENT_TYPE, required=True),
        _text("名称", "name", required=True, width=24),
        Column("参与人数", "participants", Kind.INT, minimum=0, width=10),
        _text("说明", "note", width=24),
    ),
    key=("date", "name"),
    description="站点举办的活动",
)

# In the order the spec lists them and the importer writes them (referenced sheets first where
# it matters: 人员 before history, 用人单位 before 岗位 before 就业记录/推荐记录).
SHEETS: tuple[Sheet, ...] = (
    PERSONS,
    REGISTRATIONS,
    RECOGNITIONS,
    EMPLOYMENTS,
    ZERO_FAMILIES,
    GRADUATES,
    PLANS,
    SERVICES,
    EMPLOYERS,
    VACANCIES,
    REFERRALS,
    TRAININGS,
    JOB_SEEKINGS,
    COMPLAINTS,
    STAFF,
    EVENTS,
)
SHEETS_BY_NAME: dict[str, Sheet] = {s.name: s for s in SHEETS}
WRITE_ORDER: tuple[Sheet, ...] = (
    PERSONS,
    EMPLOYERS,
    VACANCIES,
    REGISTRATIONS,
    RECOGNITIONS,
    EMPLOYMENTS,
    ZERO_FAMILIES,
    GRADUATES,
    PLANS,
    SERVICES,
    REFERRALS,
    TRAININGS,
    JOB_SEEKINGS,
    COMPLAINTS,
    STAFF,
    EVENTS,
)

# Sheets the app itself adds to a workbook (template, error report); the importer skips them quietly.
HELP_SHEET = "说明"
CODES_SHEET = "代码表"
ERRORS_SHEET = "错误清单"
AUXILIARY_SHEETS = frozenset({HELP_SHEET, CODES_SHEET, ERRORS_SHEET})
# The optional key/value sheet of the station's own settings (app/workbook/station_sheet.py).
STATION_SHEET = "站点"
