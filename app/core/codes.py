"""Code lists: the allowed values of every code column — the single source of truth.

The importer validates against these, the window fills its drop-downs from them and the Excel
template writes them as data-validation lists. Nothing else spells these values out.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from enum import Enum


@dataclass(frozen=True)
class CodeList:
    """A closed list of allowed values for one column."""

    name: str
    values: tuple[str, ...]
    # Aliases accepted on input and folded to a canonical value.
    aliases: tuple[tuple[str, str], ...] = ()

    def __contains__(self, value: object) -> bool:
        return value in self.values

    def __iter__(self) -> Iterator[str]:
        return iter(self.values)

    def normalize(self, value: str) -> str | None:
        """The canonical value for ``value``, or None when it is not allowed."""
        v = value.strip()
        if v in self.values:
            return v
        for alias, canonical in self.aliases:
            if v == alias:
                return canonical
        return VALUE_SYNONYMS.get(self.name, {}).get(v)

    def allowed_text(self) -> str:
        return "、".join(self.values)


@dataclass(frozen=True)
class OpenList:
    """Suggested values for a free-text column (六清 facts): anything is accepted."""

    name: str
    values: tuple[str, ...]


# Why a person left the register (人员离开台账): kept with the date, the history stays.
EXIT_STATUS = CodeList("离开原因", ("迁出", "死亡", "退休", "其他"), (("已迁出", "迁出"), ("去世", "死亡")))
RELATION = CodeList("与户主关系", ("户主", "配偶", "子女", "父母", "兄弟姐妹", "祖父母", "孙子女", "其他"))
HUKOU = CodeList("户籍类型", ("本市户籍", "外市户籍"))
EDUCATION = CodeList(
    "文化程度", ("研究生", "大学本科", "大学专科", "中专", "技校", "高中", "初中", "小学及以下")
)
# Rank of education for matching (higher is more).
EDUCATION_RANK = {v: len(EDUCATION.values) - i for i, v in enumerate(EDUCATION.values)}
LABOR_ABILITY = CodeList("劳动能力", ("完全劳动能力", "部分丧失劳动能力", "完全丧失劳动能力"))
LABOR_ABILITY_DEFAULT = "完全劳动能力"
EMPLOYMENT_STATUS = CodeList(
    "就业状态",
    (
        "单位就业",
        "个体经营",
        "创办企业",
        "灵活就业",
        "公益性岗位",
        "未就业",
        "在校学生",
        "服兵役",
        "退休",
        "其他",
    ),
)
EMPLOYED_STATUSES = frozenset({"单位就业", "个体经营", "创办企业", "灵活就业", "公益性岗位"})
UNEMPLOYMENT_REASON = OpenList("失业原因", ("单位裁员", "合同到期", "辞职", "毕业未就业", "返乡", "其他"))
SOCIAL_SECURITY = OpenList("社会保障", ("职工社保", "城乡居民社保", "未参保", "其他"))
FAMILY_SITUATION = OpenList("家庭状况", ("低保家庭", "单亲", "家有病残", "零就业家庭", "一般"))

YES_VALUES = frozenset({"是", "Y", "y", "YES", "yes", "Yes", "1", "√", "✓", "TRUE", "true", "True"})
NO_VALUES = frozenset({"否", "N", "n", "NO", "no", "No", "0", "FALSE", "false", "False", ""})
YES_NO = CodeList("是/否", ("是", "否"))


class CancelClass(Enum):
    """How a cancellation counts in the employment rates (STANDARDS.md, shared definitions)."""

    EMPLOYED = "employed"
    NON_EMPLOYMENT = "non_employment"
    KEPT = "kept"


# 失业登记 注销原因 -> class
REGISTRATION_CANCEL_REASONS: dict[str, CancelClass] = {
    "被用人单位录用": CancelClass.EMPLOYED,
    "从事个体经营或创办企业": CancelClass.EMPLOYED,
    "灵活就业": CancelClass.EMPLOYED,
    "公益性岗位安置": CancelClass.EMPLOYED,
    "享受基本养老保险待遇": CancelClass.NON_EMPLOYMENT,
    "达到法定退休年龄": CancelClass.NON_EMPLOYMENT,
    "完全丧失劳动能力": CancelClass.NON_EMPLOYMENT,
    "入学": CancelClass.NON_EMPLOYMENT,
    "服兵役": CancelClass.NON_EMPLOYMENT,
    "移居境外": CancelClass.NON_EMPLOYMENT,
    "被判刑收监执行": CancelClass.NON_EMPLOYMENT,
    "死亡": CancelClass.NON_EMPLOYMENT,
    "终止求职或拒绝公共就业服务": CancelClass.KEPT,
    "连续6个月未联系": CancelClass.KEPT,
    "其他": CancelClass.KEPT,
}
REGISTRATION_CANCEL = CodeList("注销原因", tuple(REGISTRATION_CANCEL_REASONS))
# The employment reason offered when someone starts work in a given form.
REGISTRATION_CANCEL_FOR_FORM = {
    "单位就业": "被用人单位录用",
    "个体经营": "从事个体经营或创办企业",
    "创办企业": "从事个体经营或创办企业",
    "灵活就业": "灵活就业",
    "公益性岗位": "公益性岗位安置",
}

DIFFICULTY_CATEGORIES = CodeList(
    "认定类别",
    (
        "大龄",
        "残疾",
        "低保",
        "零就业家庭",
        "农村零转移就业贫困家庭",
        "失地农民",
        "连续失业一年以上",
        "戒毒康复",
        "刑满释放",
        "精神障碍康复",
        "退役军人",
        "其他",
    ),
)
SERVICE_LEVEL = CodeList("帮扶等级", ("一级", "二级", "三级"))

# 就业困难认定 取消原因, numbered as in the Guangdong rules (第八条).
_NUMERALS = ("一", "二", "三", "四", "五", "六", "七", "八", "九", "十")
DIFFICULTY_CANCEL_NUMBERED: tuple[tuple[str, str], ...] = (
    ("一", "享受基本养老保险待遇或达到法定退休年龄"),
    ("二", "完全丧失劳动能力"),
    ("三", "入学、服兵役、移居境外"),
    ("四", "拒绝公共就业服务或终止求职"),
    ("五", "实现就业创业"),
    ("六", "零就业家庭已有成员就业"),
    ("七", "被判处刑罚"),
    ("八", "以虚假信息取得认定"),
    ("九", "骗取就业补助资金"),
    ("十", "失联超过6个月"),
)
DIFFICULTY_CANCEL_REASONS: dict[str, CancelClass] = {
    **{
        f"({num}) {text}": (CancelClass.EMPLOYED if num in ("五", "六") else CancelClass.NON_EMPLOYMENT)
        for num, text in DIFFICULTY_CANCEL_NUMBERED
    },
    "死亡": CancelClass.NON_EMPLOYMENT,
    "其他": CancelClass.NON_EMPLOYMENT,
}
DIFFICULTY_CANCEL = CodeList("取消原因", tuple(DIFFICULTY_CANCEL_REASONS))
DIFFICULTY_CANCEL_EMPLOYED = "(五) 实现就业创业"
DIFFICULTY_CANCEL_ZERO_FAMILY = "(六) 零就业家庭已有成员就业"

_NUM_RE = re.compile(r"^[（(]?\s*([一二三四五六七八九十]+)\s*[)）]?\s*(.*)$")


def normalize_difficulty_cancel(value: str) -> str | None:
    """Accept ``实现就业创业``, ``(五)``, ``五``, ``（五）实现就业创业`` …; canonical form or None."""
    v = value.strip()
    if v in DIFFICULTY_CANCEL_REASONS:
        return v
    for num, text in DIFFICULTY_CANCEL_NUMBERED:
        if v == text:
            return f"({num}) {text}"
    m = _NUM_RE.match(v)
    if m:
        num, rest = m.group(1), m.group(2).strip()
        for n, text in DIFFICULTY_CANCEL_NUMBERED:
            if n == num and (not rest or rest == text):
                return f"({n}) {text}"
    return None


EMPLOYMENT_FORM = CodeList("就业形式", ("单位就业", "个体经营", "创办企业", "灵活就业", "公益性岗位"))
DEGREE = CodeList("学历", ("研究生", "大学本科", "大学专科"))
GRADUATE_DESTINATION = CodeList("去向", ("就业", "灵活就业", "自主创业", "升学", "参军", "出国", "其他"))
GRADUATE_EMPLOYED_DESTINATIONS = frozenset({"就业", "灵活就业", "自主创业"})
SERVICE_TYPE = CodeList(
    "服务类型",
    (
        "政策宣介",
        "职业指导",
        "岗位推荐",
        "培训推荐",
        "就业见习推荐",
        "创业服务",
        "档案服务",
        "帮办失业登记",
        "帮办就困认定",
        "帮办补贴申领",
        "跟踪回访",
        "上门走访",
        "其他",
    ),
)
SERVICE_MODE = CodeList("服务方式", ("上门", "电话", "来访", "线上"))
EMPLOYER_TYPE = CodeList(
    "单位类型",
    (
        "企业",
        "个体工商户",
        "家政",
        "民宿",
        "农民专业合作社",
        "平台企业",
        "机关事业单位",
        "社会组织",
        "其他",
    ),
)
VACANCY_KIND = CodeList("岗位类型", ("全日制", "非全日制", "公益性岗位", "零工"))
COLLECT_METHOD = CodeList("收集方式", ("走访企业", "电话", "单位来访", "网络平台", "其他"))
VACANCY_STATUS = CodeList("状态", ("招聘中", "已招满", "已关闭"))
VACANCY_STATUS_DEFAULT = "招聘中"
REFERRAL_OUTCOME = CodeList("推荐结果", ("待反馈", "已面试", "已录用", "未录用", "未到岗"))
REFERRAL_OUTCOME_DEFAULT = "待反馈"
TRAINING_KIND = CodeList("培训类型", ("职业技能培训", "创业培训", "就业见习"))
TRAINING_RESULT = CodeList("培训结果", ("已报名", "已结业", "未参加"))
TRAINING_RESULT_DEFAULT = "已报名"
STAFF_NATURE = CodeList("岗位性质", ("专职", "兼职", "志愿者"))
EVENT_TYPE = CodeList(
    "活动类型", ("招聘会", "政策宣传", "创业活动", "技能培训班", "直播带岗", "专家坐诊", "其他")
)
STATION_KIND = CodeList("站点类型", ("社区", "村"))
RETIRE_BASE_FEMALE = (50, 55)

# ---------------------------------------------------------------------------- the real ledgers' columns
# What the stations' own ledgers and the provincial system carry (REAL_LEDGERS.md, issue 13 item 5).

# 户籍性质, beside 户籍类型 (本市 / 外市): the old 农业 / 非农业 words are accepted.
HUKOU_NATURE = CodeList(
    "户籍性质",
    ("城镇", "农村"),
    (
        ("城镇户籍", "城镇"),
        ("城镇户口", "城镇"),
        ("非农业", "城镇"),
        ("非农业户口", "城镇"),
        ("非农", "城镇"),
        ("农村户籍", "农村"),
        ("农村户口", "农村"),
        ("农业", "农村"),
        ("农业户口", "农村"),
    ),
)
# The 56 nationalities in the order of GB/T 3304; the name without 族 is accepted (汉 -> 汉族).
_ETHNICITIES = (
    "汉族", "蒙古族", "回族", "藏族", "维吾尔族", "苗族", "彝族", "壮族", "布依族", "朝鲜族", "满族", "侗族",
    "瑶族", "白族", "土家族", "哈尼族", "哈萨克族", "傣族", "黎族", "傈僳族", "佤族", "畲族", "高山族",
    "拉祜族", "水族", "东乡族", "纳西族", "景颇族", "柯尔克孜族", "土族", "达斡尔族", "仫佬族", "羌族",
    "布朗族", "撒拉族", "毛南族", "仡佬族", "锡伯族", "阿昌族", "普米族", "塔吉克族", "怒族", "乌孜别克族",
    "俄罗斯族", "鄂温克族", "德昂族", "保安族", "裕固族", "京族", "塔塔尔族", "独龙族", "鄂伦春族", "赫哲族",
    "门巴族", "珞巴族", "基诺族",
)  # fmt: skip
ETHNICITY = CodeList("民族", _ETHNICITIES, tuple((n.removesuffix("族"), n) for n in _ETHNICITIES))
# 职业技能等级 (国家职业资格五级制), with 无 for a person without a certificate.
SKILL_LEVEL = CodeList(
    "技能等级",
    ("无", "五级/初级工", "四级/中级工", "三级/高级工", "二级/技师", "一级/高级技师"),
    (
        ("五级", "五级/初级工"),
        ("初级工", "五级/初级工"),
        ("初级", "五级/初级工"),
        ("四级", "四级/中级工"),
        ("中级工", "四级/中级工"),
        ("中级", "四级/中级工"),
        ("三级", "三级/高级工"),
        ("高级工", "三级/高级工"),
        ("高级", "三级/高级工"),
        ("二级", "二级/技师"),
        ("技师", "二级/技师"),
        ("一级", "一级/高级技师"),
        ("高级技师", "一级/高级技师"),
    ),
)
# 参保情况: several at once, stored in this order joined with 、 (``app.core.fields.code_set``);
# 未参保 stands alone.
INSURANCE = CodeList(
    "参保情况",
    ("职工养老", "城乡居民养老", "职工医疗", "居民医疗", "失业", "工伤", "生育", "未参保"),
    (
        ("职工养老保险", "职工养老"),
        ("城镇职工养老保险", "职工养老"),
        ("城镇职工基本养老保险", "职工养老"),
        ("城乡居民养老保险", "城乡居民养老"),
        ("城乡居民基本养老保险", "城乡居民养老"),
        ("居民养老", "城乡居民养老"),
        ("职工医疗保险", "职工医疗"),
        ("职工医保", "职工医疗"),
        ("城镇职工基本医疗保险", "职工医疗"),
        ("居民医疗保险", "居民医疗"),
        ("居民医保", "居民医疗"),
        ("城乡居民医疗保险", "居民医疗"),
        ("城乡居民基本医疗保险", "居民医疗"),
        ("失业保险", "失业"),
        ("工伤保险", "工伤"),
        ("生育保险", "生育"),
        ("无", "未参保"),
    ),
)
INSURANCE_NONE = "未参保"
# 人员类别: what the station calls the person; suggestions, any text is kept.
PERSON_CATEGORY = OpenList(
    "人员类别", ("城镇登记失业人员", "就业困难人员", "农村转移劳动者", "高校毕业生", "退役军人", "其他")
)
# 失业登记 失业前身份 (城镇登记失业人员期末实有情况表).
PRIOR_STATUS = CodeList(
    "失业前身份",
    (
        "被企业解除或终止劳动关系",
        "从机关事业单位辞退",
        "从各类单位辞职",
        "退出个体经营",
        "私营企业停产",
        "退出灵活就业",
        "退出公益性岗位",
        "承包土地被征用",
        "退役军人未纳入国家统一安置",
        "刑满释放",
        "年满16周岁各类学校毕业或肄业",
        "其他",
    ),
)
# 就业记录: 就业类型 (新就业人员实名制明细表 就业人员类型), 就业渠道 and 所属产业 (新就业人员分类情况表).
EMPLOYMENT_TYPE = CodeList(
    "就业类型",
    ("单位就业", "个体工商户", "公益性岗位", "灵活就业", "失业人员再就业", "就业困难再就业"),
    (("就业困难人员再就业", "就业困难再就业"),),
)
EMPLOYMENT_CHANNEL = CodeList(
    "就业渠道",
    (
        "机关事业单位",
        "公有制企业",
        "非公有制企业",
        "机关事业单位聘用临时",
        "个体经营",
        "灵活就业",
        "公益性岗位",
    ),
)
INDUSTRY = CodeList(
    "所属产业",
    ("第一产业", "第二产业", "第三产业"),
    (("一产", "第一产业"), ("二产", "第二产业"), ("三产", "第三产业")),
)
# 求职登记.
JOB_AREA = CodeList("求职地区", ("本地", "外省市"))
WORK_FORM = CodeList("用工形式", ("长期", "短期", "兼职"), (("长期工", "长期"), ("短期工", "短期")))

# Every closed list by its column title, for the template and the window's drop-downs.
ALL_CODE_LISTS: tuple[CodeList, ...] = (
    RELATION,
    HUKOU,
    EDUCATION,
    LABOR_ABILITY,
    EMPLOYMENT_STATUS,
    YES_NO,
    REGISTRATION_CANCEL,
    DIFFICULTY_CATEGORIES,
    SERVICE_LEVEL,
    DIFFICULTY_CANCEL,
    EMPLOYMENT_FORM,
    DEGREE,
    GRADUATE_DESTINATION,
    SERVICE_TYPE,
    SERVICE_MODE,
    EMPLOYER_TYPE,
    VACANCY_KIND,
    COLLECT_METHOD,
    VACANCY_STATUS,
    REFERRAL_OUTCOME,
    TRAINING_KIND,
    TRAINING_RESULT,
    STAFF_NATURE,
    EVENT_TYPE,
    EXIT_STATUS,
    HUKOU_NATURE,
    ETHNICITY,
    SKILL_LEVEL,
    INSURANCE,
    PRIOR_STATUS,
    EMPLOYMENT_TYPE,
    EMPLOYMENT_CHANNEL,
    INDUSTRY,
    JOB_AREA,
    WORK_FORM,
)


def parse_yes_no(value: object) -> bool | None:
    """是/否, Y/N, 1/0, √/empty -> True/False; None for a value that is neither."""
    if value is None:
        return False
    if isinstance(value, bool):
        return value
    if isinstance(value, int | float):
        if value in (0, 1):
            return bool(value)
        return None
    v = str(value).strip()
    if v in YES_VALUES:
        return True
    if v in NO_VALUES:
        return False
    return None


def split_categories(value: str) -> list[str]:
    """认定类别 cell: values separated by 、 ; ； , or ，."""
    return [p.strip() for p in re.split(r"[、;；,，]", value) if p.strip()]


# ---------------------------------------------------------------------------- synonyms
#
# How the stations' own ledgers (REAL_LEDGERS.md) spell the columns and values of this app's format.
# The importer's header matching (app/workbook/recognise.py), the value parsing (CodeList.normalize) and
# the template's 说明 sheet all read these two tables; nothing else spells a synonym.

# The app's column header -> other headers meaning the same column. A sheet's own header always wins
# (高校毕业生 has its own 学历; only on a sheet without one does 学历 mean 文化程度).
COLUMN_SYNONYMS: dict[str, tuple[str, ...]] = {
    "身份证号": ("身份证号码", "公民身份号码", "公民身份证号码", "证件号码", "身份证", "证件号"),
    "姓名": ("名字", "人员姓名"),
    "联系电话": ("手机号", "手机号码", "电话", "电话号码", "联系方式", "手机"),
    "文化程度": ("学历", "文化", "最高学历"),
    "户籍类型": ("户口类型",),
    "居住地址": ("家庭住址", "住址", "现住址", "家庭地址", "居住地"),
    "职业技能": ("技能特长", "专业技能", "技能"),
    "择业意向": ("求职意向", "就业意向"),
    "登记日期": ("登记时间",),
    "就业日期": ("再就业时间", "登记就业时间", "就业时间", "就业登记日期"),
    "就业单位": ("现就业单位", "工作单位", "就业单位名称"),
    "就业形式": ("就业方式", "就业去向", "就业人员类型"),
    "认定日期": ("认定时间",),
    "认定类别": ("就业困难人员类型", "就业困难人员类别", "困难类别", "人员类别"),
    "是否残疾": ("是否残疾人", "是否是残疾人"),
    "调查日期": ("走访日期", "排摸日期", "调查时间"),
    "毕业院校": ("毕业学校",),
    # The real ledgers' columns of the register (issue 13 item 5).
    "户籍性质": ("户口性质",),
    "就业创业证号": ("就业创业证编号", "就业失业登记证号", "就业创业证"),
    "是否退役军人": ("是否是退役军人",),
    "所学专业": ("专业",),
    "证书": ("技能等级证书", "职业资格证书", "证书名称"),
    "失业时间": ("失业日期",),
    "岗位": ("就业岗位", "岗位名称"),
    "月收入": ("薪资报酬", "月工资", "工资"),
    "劳动合同": ("是否签定劳动合同", "是否签订劳动合同"),
    "所属产业": ("从事产业类型", "从事产业类别", "产业"),
}

# Headers of the real ledgers this app does not store, each with why: read, shown in the preview and
# left out with a warning. 性别, 年龄 and 出生日期 follow from the ID number and are checked against it.
DERIVED_COLUMNS: tuple[str, ...] = ("性别", "年龄", "出生日期")
SKIPPED_COLUMNS: tuple[str, ...] = ("序号", "编号", "行号")

# A code list's name -> a value the ledgers write -> the app's value.
VALUE_SYNONYMS: dict[str, dict[str, str]] = {
    "文化程度": {
        "博士": "研究生",
        "硕士": "研究生",
        "博士研究生": "研究生",
        "硕士研究生": "研究生",
        "本科": "大学本科",
        "大本": "大学本科",
        "大专": "大学专科",
        "专科": "大学专科",
        "高职": "大学专科",
        "中职": "中专",
        "职高": "中专",
        "中技": "技校",
        "技工学校": "技校",
        "普高": "高中",
        "高中及同等学历": "高中",
        "初中及以下": "初中",
        "小学": "小学及以下",
        "文盲": "小学及以下",
        "文盲或半文盲": "小学及以下",
    },
    "学历": {
        "博士": "研究生",
        "硕士": "研究生",
        "本科": "大学本科",
        "大专": "大学专科",
        "专科": "大学专科",
        "高职": "大学专科",
    },
    "户籍类型": {"本市": "本市户籍", "外市": "外市户籍"},
    "就业形式": {
        "单位": "单位就业",
        "企业就业": "单位就业",
        "个体": "个体经营",
        "个体工商户": "个体经营",
        "自主创业": "创办企业",
        "创业": "创办企业",
        "灵活": "灵活就业",
        "公益岗": "公益性岗位",
        "公益性岗位就业": "公益性岗位",
    },
    "就业状态": {"失业": "未就业", "无业": "未就业", "待业": "未就业", "个体工商户": "个体经营"},
    "认定类别": {
        "4050人员": "大龄",
        "4050": "大龄",
        "大龄人员": "大龄",
        "残疾人": "残疾",
        "低保人员": "低保",
        "低保户": "低保",
        "零就业家庭成员": "零就业家庭",
        "长期失业人员": "连续失业一年以上",
        "长期失业": "连续失业一年以上",
        "退役军人": "退役军人",
        "刑释人员": "刑满释放",
        "戒毒康复人员": "戒毒康复",
    },
}
# 性别 as written -> as the ID number tells it (app.core.idcard).
GENDER_SYNONYMS: dict[str, str] = {"男": "男", "男性": "男", "女": "女", "女性": "女", "M": "男", "F": "女"}
