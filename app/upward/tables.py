"""The monthly statistics the upper levels ask for (REAL_LEDGERS.md, “Monthly statistics”): their tables,
rows and the keys the figures JSON uses. One source for the package builder, the hub's checks and
totals, and the hub's Excel in the upper level's table shapes.
"""

from __future__ import annotations

from dataclasses import dataclass

from app.core import codes

# 人社统EP1 就业再就业工作月度进展情况: figures key -> row label.
EP1: tuple[tuple[str, str], ...] = (
    ("new_employment", "城镇新增就业人数"),
    ("new_employment_ytd", "城镇累计新就业人数"),
    ("natural_attrition_ytd", "累计自然减员人数"),
    ("reemployed_ytd", "失业人员实现再就业人数"),
    ("difficulty_employed_ytd", "就业困难人员实现就业人数"),
)

UNKNOWN = "未采集"  # the ledger does not record what this breakdown needs

INDUSTRIES = ("第一产业", "第二产业", "第三产业", UNKNOWN)
CHANNELS = (
    "机关事业单位",
    "公有制企业",
    "非公有制企业",
    "机关事业单位聘用临时",
    "个体经营",
    "灵活就业",
    "公益性岗位",
)
AGE_BANDS = ("16-24岁", "25-45岁", "46-60岁", "其他年龄")
PRIOR_STATUSES = codes.PRIOR_STATUS.values  # one list: the register's 失业前身份 is the table's rows
FLEXIBLE_KINDS = (
    "社区便民服务",
    "家政服务",
    "单位后勤保障",
    "临时用工",
    "无证商贩",
    "种植养殖",
    "家庭自雇式帮工",
    "自由职业者",
    "其他",
)

# Words in the 就业单位 of a 灵活就业 record that name its kind (first match wins; none = 其他).
FLEXIBLE_KEYWORDS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("家政服务", ("家政", "保姆", "月嫂", "育儿嫂")),
    ("社区便民服务", ("便民", "社区服务", "维修", "理发")),
    ("单位后勤保障", ("后勤", "保洁", "保安", "物业")),
    ("临时用工", ("临时", "零工", "日结")),
    ("无证商贩", ("摊", "商贩")),
    ("种植养殖", ("种植", "养殖")),
    ("家庭自雇式帮工", ("帮工",)),
    ("自由职业者", ("自由职业", "网约", "外卖", "快递", "主播", "写手")),
)

# 失业原因 (the ledger's code list) -> 失业前身份.
PRIOR_STATUS_OF_REASON: dict[str, str] = {
    "单位裁员": "被企业解除或终止劳动关系",
    "合同到期": "被企业解除或终止劳动关系",
    "辞职": "从各类单位辞职",
    "毕业未就业": "年满16周岁各类学校毕业或肄业",
}

# 单位类型 of the employer -> 产业 where the type decides it.
INDUSTRY_OF_EMPLOYER_KIND: dict[str, str] = {
    "农民专业合作社": "第一产业",
    "机关事业单位": "第三产业",
    "社会组织": "第三产业",
    "家政": "第三产业",
    "民宿": "第三产业",
    "平台企业": "第三产业",
}

# 注销原因 that count as 自然减员 (retirement, death).
NATURAL_ATTRITION_REASONS = ("达到法定退休年龄", "享受基本养老保险待遇", "死亡")
COLLEGE_EDUCATION = ("研究生", "大学本科", "大学专科")


@dataclass(frozen=True)
class Table:
    """One of the upper level's monthly tables: its title and its columns, each (figures path, label)."""

    key: str
    title: str
    columns: tuple[tuple[str, str], ...]


def _cols(prefix: str, labels: tuple[str, ...]) -> tuple[tuple[str, str], ...]:
    return tuple((f"{prefix}.{label}", label) for label in labels)


MONTHLY_TABLES: tuple[Table, ...] = (
    Table("ep1", "人社统EP1 就业再就业工作月度进展情况", tuple((f"ep1.{k}", label) for k, label in EP1)),
    Table(
        "new_employment",
        "新就业人员分类情况表",
        (
            ("new_employment.total", "新就业人员合计"),
            *_cols("new_employment.by_industry", INDUSTRIES),
            *_cols("new_employment.by_channel", CHANNELS),
            *_cols("new_employment.by_age", AGE_BANDS),
            ("new_employment.college_and_above", "大专及以上"),
            ("new_employment.female", "女性"),
        ),
    ),
    Table(
        "registered_unemployed",
        "城镇登记失业人员期末实有情况表",
        (
            ("registered_unemployed.total", "期末实有登记失业人员"),
            *_cols("registered_unemployed.by_prior_status", PRIOR_STATUSES),
            ("registered_unemployed.female", "女性"),
            ("registered_unemployed.difficulty", "就业困难人员"),
        ),
    ),
    Table(
        "flexible",
        "灵活方式及公益性岗位就业人员情况",
        (
            ("flexible.total", "灵活就业合计"),
            *_cols("flexible.by_kind", FLEXIBLE_KINDS),
            ("flexible.public_posts", "公益性岗位"),
        ),
    ),
)


def get_path(figures: dict, path: str) -> int:
    """The integer at a dotted path of a figures dict (a missing key is 0)."""
    node: object = figures
    for part in path.split("."):
        if not isinstance(node, dict):
            return 0
        node = node.get(part, 0)
    return int(node) if isinstance(node, int) and not isinstance(node, bool) else 0
