"""Peewee models for the whole ledger (every sheet of LEDGER_FORMAT.md), the station profile and
settings.

Dates are ``DateField`` (ISO text in SQLite, so comparisons in SQL are correct); decimals are stored as
text by :class:`DecimalField`; yes/no facts are nullable booleans where "unknown" is meaningful.
Natural keys used by the importer are unique indexes, so a re-import can never duplicate a row.
"""

from __future__ import annotations

import datetime as dt
import sqlite3
from collections.abc import Callable
from decimal import Decimal
from typing import Any, ClassVar

import peewee as pw

from db.cipher import KeyedDatabase
from db.engine import ImmediateDatabase
from db.errors import Problem, classify


class StationDatabase(KeyedDatabase, ImmediateDatabase):
    """SQLite with per-connection hooks (the audit trail's functions and triggers, :mod:`db.audit`);
    transactions begin IMMEDIATE and a failed one reports its own error (:mod:`db.engine`).

    An encrypted file is opened with its data key (:class:`db.cipher.KeyedDatabase`)."""

    connection_hooks: ClassVar[list[Callable[[sqlite3.Connection], None]]] = []
    # What a write refused by the audit triggers' read-only check raises instead of the SQLite error
    # (set by app.accounts.session to its Chinese error; db itself knows no language).
    readonly_refusal: ClassVar[Callable[[], Exception] | None] = None

    def _add_conn_hooks(self, conn: sqlite3.Connection) -> None:
        super()._add_conn_hooks(conn)  # type: ignore[misc]
        for hook in self.connection_hooks:
            hook(conn)

    def execute_sql(self, sql: str, params: Any = None) -> Any:
        try:
            return super().execute_sql(sql, params)
        except pw.IntegrityError as exc:
            refusal = type(self).readonly_refusal
            if refusal is not None and classify(exc) is Problem.READ_ONLY_OPERATOR:
                raise refusal() from exc
            raise


database = StationDatabase(None)


class DecimalField(pw.TextField):
    """Exact decimal stored as text."""

    field_type = "TEXT"

    def db_value(self, value: Any) -> str | None:
        if value is None:
            return None
        return str(Decimal(value))

    def python_value(self, value: Any) -> Decimal | None:
        if value is None:
            return None
        return Decimal(value)


class BaseModel(pw.Model):
    # Attributes peewee makes at class creation, declared for the type checker.
    id: int

    class Meta:
        database = database
        legacy_table_names = False


def _now() -> dt.datetime:
    return dt.datetime.now().replace(microsecond=0)


class Setting(BaseModel):
    """Key/value station settings (e.g. ``female_retire_base``, ``working_age_population``)."""

    key = pw.CharField(primary_key=True)
    value = pw.TextField()


class StationProfile(BaseModel):
    """The station itself; a single row with id 1."""

    name = pw.CharField(default="")
    kind = pw.CharField(default="社区")  # 社区 / 村
    district = pw.CharField(default="")  # 区/县
    street = pw.CharField(default="")  # 街道/镇
    address = pw.CharField(default="")
    phone = pw.CharField(default="")
    contact = pw.CharField(default="")  # 负责人
    opened_on = pw.DateField(null=True)  # 开始运行日期
    venue = pw.CharField(default="")  # 依托场所
    area_m2 = DecimalField(null=True)
    facilities = pw.TextField(default="")
    operator_org = pw.CharField(default="")  # 运营机构
    operator_qualification = pw.TextField(default="")
    systems = pw.TextField(default="")  # 管理制度
    special_functions = pw.TextField(default="")  # 特色功能
    working_age_population = pw.IntegerField(null=True)  # 辖区法定劳动年龄人口数 (manual)
    household_count = pw.IntegerField(null=True)  # 辖区户数 (manual, forms)
    population = pw.IntegerField(null=True)  # 辖区常住人口 (manual, forms)
    complaint_channel = pw.CharField(default="")  # 投诉渠道 (empty = not published)
    note = pw.TextField(default="")
    updated_at = pw.DateTimeField(default=_now)
    # Schema v4 (added at the end: ALTER TABLE appends columns).
    area_code = pw.CharField(default="")  # 统计用区划代码 of the 村/社区, 12 digits


class StarRating(BaseModel):
    """Yearly star rating (一星..五星) of a 乐业空间 (seed 000)."""

    year = pw.IntegerField(unique=True)
    stars = pw.IntegerField()  # 1..5
    note = pw.CharField(default="")


class Household(BaseModel):
    code = pw.CharField(unique=True)  # 户编号
    address = pw.CharField(default="")


class Person(BaseModel):
    household_id: int | None

    id_number = pw.CharField(unique=True, max_length=18)
    name = pw.CharField()
    gender = pw.CharField(max_length=1)  # 男/女, derived from the ID
    birth_date = pw.DateField(index=True)  # derived from the ID
    phone = pw.CharField(default="")
    household = pw.ForeignKeyField(Household, null=True, backref="members", on_delete="SET NULL")
    relation = pw.CharField(default="")
    hukou_type = pw.CharField(default="")
    address = pw.CharField(default="")
    grid = pw.CharField(default="", index=True)
    education = pw.CharField(default="")
    labor_ability = pw.CharField(default="完全劳动能力")
    employment_status = pw.CharField(index=True)
    employer = pw.CharField(default="")
    # 六清
    unemployment_reason = pw.CharField(default="")
    family_situation = pw.CharField(default="")
    job_intention = pw.CharField(default="")
    skills = pw.CharField(default="")
    social_security = pw.CharField(default="")
    wants_work = pw.BooleanField(null=True)
    training_need = pw.BooleanField(null=True, index=True)
    training_intention = pw.CharField(default="")
    disabled = pw.BooleanField(null=True)
    survey_date = pw.DateField(index=True)
    surveyor = pw.CharField(default="")
    note = pw.TextField(default="")
    # Women's retirement base of 55 instead of 50 (职工身份); None = station setting.
    female_retire_base = pw.IntegerField(null=True)
    # Job-seeking wishes used by matching (workbook columns 期望月薪, 期望岗位类型).
    expected_pay = pw.IntegerField(null=True)
    desired_job_kind = pw.CharField(default="")
    created_at = pw.DateTimeField(default=_now)
    updated_at = pw.DateTimeField(default=_now)
    # Left the register (迁出 / 死亡 / 退休 / 其他) on exit_date; "" and None while still here. The
    # person and their history stay; the working-age register and the to-do list drop them from then.
    exit_status = pw.CharField(default="", index=True)
    exit_date = pw.DateField(null=True)
    # Schema v6: the real ledgers' columns (issue 13 item 5).
    employment_card = pw.CharField(default="")  # 就业创业证号
    person_category = pw.CharField(default="")  # 人员类别 (free text, suggestions in codes)
    hukou_nature = pw.CharField(default="")  # 户籍性质 城镇 / 农村
    ethnicity = pw.CharField(default="")  # 民族
    veteran = pw.BooleanField(null=True)  # 是否退役军人
    skill_level = pw.CharField(default="")  # 技能等级 (codes.SKILL_LEVEL)
    certificate = pw.CharField(default="")  # 证书
    insurance = pw.CharField(default="")  # 参保情况: codes.INSURANCE values in list order, joined with 、
    major = pw.CharField(default="")  # 所学专业


class Registration(BaseModel):
    """失业登记."""

    person_id: int

    person = pw.ForeignKeyField(Person, backref="registrations", on_delete="CASCADE")
    registered_on = pw.DateField(index=True)
    cancelled_on = pw.DateField(null=True, index=True)
    cancel_reason = pw.CharField(default="")
    personal_reason = pw.BooleanField(default=False)  # 个人原因未就业 (剔除人员)
    exclusion_note = pw.CharField(default="")
    # Schema v6.
    unemployed_on = pw.DateField(null=True)  # 失业时间
    prior_status = pw.CharField(default="")  # 失业前身份

    class Meta:
        indexes = ((("person", "registered_on"), True),)


class Recognition(BaseModel):
    """就业困难认定."""

    person_id: int

    person = pw.ForeignKeyField(Person, backref="recognitions", on_delete="CASCADE")
    recognized_on = pw.DateField(index=True)
    categories = pw.CharField()  # joined with 、
    level = pw.CharField(default="")  # 一级 二级 三级
    cancelled_on = pw.DateField(null=True, index=True)
    cancel_reason = pw.CharField(default="")

    class Meta:
        indexes = ((("person", "recognized_on"), True),)


class Employer(BaseModel):
    name = pw.CharField(unique=True)
    kind = pw.CharField(default="")
    credit_code = pw.CharField(default="")
    contact = pw.CharField(default="")
    phone = pw.CharField(default="")
    address = pw.CharField(default="")


class Vacancy(BaseModel):
    """岗位."""

    employer_id: int

    code = pw.CharField(unique=True)
    employer = pw.ForeignKeyField(Employer, backref="vacancies", on_delete="RESTRICT")
    title = pw.CharField()
    kind = pw.CharField(index=True)
    headcount = pw.IntegerField()
    hours = pw.CharField(default="")
    requirements = pw.TextField(default="")
    pay_text = pw.CharField(default="")
    pay_min = pw.IntegerField(null=True)
    pay_max = pw.IntegerField(null=True)
    contact = pw.CharField(default="")
    phone = pw.CharField(default="")
    location = pw.CharField(default="")
    collected_on = pw.DateField(index=True)
    collect_method = pw.CharField(default="")
    channels = pw.CharField(default="")
    valid_until = pw.DateField(null=True)
    status = pw.CharField(default="招聘中", index=True)


class Employment(BaseModel):
    """就业记录."""

    person_id: int
    vacancy_id: int | None

    person = pw.ForeignKeyField(Person, backref="employments", on_delete="CASCADE")
    started_on = pw.DateField(index=True)
    form = pw.CharField()
    employer = pw.CharField(default="")
    vacancy = pw.ForeignKeyField(Vacancy, null=True, backref="employments", on_delete="SET NULL")
    ended_on = pw.DateField(null=True)
    # Schema v6.
    employment_type = pw.CharField(default="")  # 就业类型
    channel = pw.CharField(default="")  # 就业渠道
    industry = pw.CharField(default="")  # 所属产业
    credit_code = pw.CharField(default="")  # 统一社会信用代码 of the employer
    position = pw.CharField(default="")  # 岗位
    monthly_income = pw.IntegerField(null=True)  # 月收入, yuan
    contract = pw.BooleanField(null=True)  # 劳动合同 是/否
    contract_term = pw.CharField(default="")  # 合同期限

    class Meta:
        indexes = ((("person", "started_on", "form"), True),)


class ZeroFamily(BaseModel):
    """零就业家庭 recognition."""

    household_id: int

    household = pw.ForeignKeyField(Household, backref="zero_family", on_delete="CASCADE")
    recognized_on = pw.DateField(index=True)
    cleared_on = pw.DateField(null=True)

    class Meta:
        indexes = ((("household", "recognized_on"), True),)


class Graduate(BaseModel):
    """离校未就业高校毕业生 on the district's list."""

    person_id: int

    person = pw.ForeignKeyField(Person, backref="graduate_rows", on_delete="CASCADE")
    grad_year = pw.IntegerField(index=True)
    school = pw.CharField(default="")
    major = pw.CharField(default="")
    degree = pw.CharField(default="")
    hardship = pw.BooleanField(default=False)
    wants_work = pw.BooleanField(default=True)
    placed_on = pw.DateField(null=True)
    destination = pw.CharField(default="")

    class Meta:
        indexes = ((("person", "grad_year"), True),)


class ServicePlan(BaseModel):
    """服务计划 (一人一策)."""

    person_id: int

    person = pw.ForeignKeyField(Person, backref="plans", on_delete="CASCADE")
    made_on = pw.DateField(index=True)
    level = pw.CharField(default="")
    goal = pw.TextField()
    measures = pw.TextField()
    responsible = pw.CharField(default="")
    review_on = pw.DateField(null=True)

    class Meta:
        indexes = ((("person", "made_on"), True),)


class Service(BaseModel):
    """服务记录 (one-on-one service)."""

    person_id: int

    person = pw.ForeignKeyField(Person, backref="services", on_delete="CASCADE")
    served_on = pw.DateField(index=True)
    kind = pw.CharField()  # 服务类型
    mode = pw.CharField(default="")  # 服务方式
    content = pw.TextField()
    result = pw.CharField(default="")
    staff = pw.CharField(default="")
    next_follow_up = pw.DateField(null=True)

    class Meta:
        # (kind, person, served_on): the services of one type, or of every type grouped by type, read in
        # person order without a sort (the assessment's services_of_type; issue 17).
        indexes = ((("person", "served_on", "kind"), True), (("kind", "person", "served_on"), False))


class Referral(BaseModel):
    """推荐记录 (job referral)."""

    person_id: int
    vacancy_id: int

    person = pw.ForeignKeyField(Person, backref="referrals", on_delete="CASCADE")
    vacancy = pw.ForeignKeyField(Vacancy, backref="referrals", on_delete="CASCADE")
    referred_on = pw.DateField(index=True)
    outcome = pw.CharField(default="待反馈")
    followed_up_on = pw.DateField(null=True)
    note = pw.CharField(default="")

    class Meta:
        indexes = ((("person", "vacancy", "referred_on"), True),)


class TrainingReferral(BaseModel):
    """培训推荐."""

    person_id: int

    person = pw.ForeignKeyField(Person, backref="trainings", on_delete="CASCADE")
    referred_on = pw.DateField(index=True)
    kind = pw.CharField()
    program = pw.CharField()
    result = pw.CharField(default="已报名")
    completed_on = pw.DateField(null=True)

    class Meta:
        indexes = ((("person", "referred_on", "program"), True),)


class Complaint(BaseModel):
    """投诉."""

    date = pw.DateField(index=True)
    content = pw.TextField()
    valid = pw.BooleanField()
    result = pw.CharField(default="")

    class Meta:
        indexes = ((("date", "content"), True),)


class Staff(BaseModel):
    """工作人员."""

    name = pw.CharField(unique=True)
    id_number = pw.CharField(default="")
    nature = pw.CharField()  # 专职 兼职 志愿者
    education = pw.CharField(default="")
    started_service_on = pw.DateField(null=True)
    certificates = pw.CharField(default="")
    last_trained_on = pw.DateField(null=True)


class Event(BaseModel):
    """活动 (events the station ran)."""

    date = pw.DateField(index=True)
    kind = pw.CharField()
    name = pw.CharField()
    participants = pw.IntegerField(null=True)
    note = pw.TextField(default="")

    class Meta:
        indexes = ((("date", "name"), True),)


ALL_MODELS: tuple[type[BaseModel], ...] = (
    Setting,
    StationProfile,
    StarRating,
    Household,
    Person,
    Registration,
    Recognition,
    Employer,
    Vacancy,
    Employment,
    ZeroFamily,
    Graduate,
    ServicePlan,
    Service,
    Referral,
    TrainingReferral,
    Complaint,
    Staff,
    Event,
)


# ---------------------------------------------------------------------------- self-assessments (schema v2)


class Assessment(BaseModel):
    """A saved self-assessment (自评): one standard over one period. Finalised (定稿) assessments keep the
    full result JSON in ``snapshot`` and are read-only."""

    standard_id = pw.CharField(index=True)
    period_from = pw.DateField()
    period_to = pw.DateField()
    title = pw.CharField(default="")
    created_at = pw.DateTimeField(default=_now)
    updated_at = pw.DateTimeField(default=_now)
    finalized_at = pw.DateTimeField(null=True)
    snapshot = pw.TextField(null=True)


class AssessmentAnswer(BaseModel):
    """The operator's answer to one item: ticked entries, counts, figures and note as JSON, and an
    override of the proposed points with its reason."""

    assessment_id: int

    assessment = pw.ForeignKeyField(Assessment, backref="answers", on_delete="CASCADE")
    item_id = pw.CharField()
    data = pw.TextField(default="{}")
    override_points = DecimalField(null=True)
    override_reason = pw.TextField(default="")
    updated_at = pw.DateTimeField(default=_now)

    class Meta:
        indexes = ((("assessment", "item_id"), True),)


class Evidence(BaseModel):
    """A file attached to an item of an assessment, its bytes kept in the database (one file holds all)."""

    assessment_id: int

    assessment = pw.ForeignKeyField(Assessment, backref="evidence", on_delete="CASCADE")
    item_id = pw.CharField()
    name = pw.CharField()
    size = pw.IntegerField()
    content = pw.BlobField()
    added_at = pw.DateTimeField(default=_now)

    class Meta:
        indexes = ((("assessment", "item_id"), False),)


ALL_MODELS = (*ALL_MODELS, Assessment, AssessmentAnswer, Evidence)


class Operator(BaseModel):
    """An account of the station (操作员): 站长, 工作人员 or 查阅. Passwords are argon2id hashes."""

    name = pw.CharField(unique=True)
    role = pw.CharField()
    password_hash = pw.TextField()
    disabled = pw.BooleanField(default=False)
    created_at = pw.DateTimeField(default=_now)


class AuditEntry(BaseModel):
    """One entry of the audit trail (:mod:`db.audit`): written by triggers or by ``db.audit.append``, never
    changed; ``hash`` chains it to the entry before."""

    at = pw.CharField(index=True)
    operator = pw.CharField(default="")
    kind = pw.CharField(index=True)
    table_name = pw.CharField(default="")
    record_key = pw.CharField(default="")
    person_id = pw.IntegerField(null=True, index=True)
    field = pw.CharField(default="")
    old = pw.TextField(null=True)
    new = pw.TextField(null=True)
    detail = pw.TextField(default="")
    parent_id = pw.IntegerField(null=True, index=True)
    prev_hash = pw.CharField()
    hash = pw.CharField()


ALL_MODELS = (*ALL_MODELS, Operator, AuditEntry)
# The station's data, without the accounts and the audit trail kept about it.
DATA_MODELS = tuple(m for m in ALL_MODELS if m not in (Operator, AuditEntry))


# ---------------------------------------------------------------------------- station key (schema v4)


class StationKey(BaseModel):
    """The station's Ed25519 signing key (a single row, id 1), made on first use. The private key stays in
    this file; only its public key and fingerprint go upward."""

    private_key = pw.BlobField()  # raw 32-byte Ed25519 private key
    public_key = pw.BlobField()  # raw 32-byte public key
    created_at = pw.DateTimeField(default=_now)


ALL_MODELS = (*ALL_MODELS, StationKey)


# ---------------------------------------------------------------------------- 回收站 (schema v5)


class RecycleBin(BaseModel):
    """回收站: persons deleted as entered by mistake, with every record that went with them (JSON of the
    rows, table by table), until restored or emptied."""

    deleted_at = pw.DateTimeField(default=_now, index=True)
    operator = pw.CharField(default="")
    label = pw.CharField()  # 姓名 and masked ID, for the list
    record_count = pw.IntegerField()  # records taken along (besides the person)
    payload = pw.TextField()

    class Meta:
        table_name = "recycle_bin"


ALL_MODELS = (*ALL_MODELS, RecycleBin)
DATA_MODELS = (*DATA_MODELS, RecycleBin)


# ---------------------------------------------------------------------------- 求职登记 (schema v6)


class JobSeeking(BaseModel):
    """求职登记: a person registered as looking for work on a day, with what they look for and how often
    the station gave them 职业指导 and 职业介绍."""

    person_id: int

    person = pw.ForeignKeyField(Person, backref="job_seekings", on_delete="CASCADE")
    registered_on = pw.DateField(index=True)  # 登记日期
    intention = pw.CharField(default="")  # 求职意向
    expected_pay = pw.IntegerField(null=True)  # 期望薪资, yuan per month
    area = pw.CharField(default="")  # 求职地区 本地 / 外省市
    work_form = pw.CharField(default="")  # 用工形式 长期 / 短期 / 兼职
    guidance_count = pw.IntegerField(default=0)  # 职业指导次数
    introduction_count = pw.IntegerField(default=0)  # 职业介绍次数

    class Meta:
        table_name = "job_seeking"
        indexes = ((("person", "registered_on"), True),)


ALL_MODELS = (*ALL_MODELS, JobSeeking)
DATA_MODELS = (*DATA_MODELS, JobSeeking)
