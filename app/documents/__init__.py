"""The documents of 申报与报表: each with its parameters and its PDF (and, where the district wants
Excel, its workbook) builder. The page, the command line (``form``) and the tests use this registry.

Builders are called ``build_pdf(path, *, progress=None, **params) -> Path`` with the parameters named
by the spec: ``period`` (a :class:`~app.indicators.base.Period` or a (from, to) pair; None = the
document's default, :func:`default_period_for`), ``month`` (a date in the month or "2025-03"; None =
last month, the month a station reports), ``standard`` (id),
``assessment`` (saved assessment id or None), ``person`` (person id, or an ID number), ``mask_ids``
(bool). ``progress(done, total, text)`` is called as the work goes on.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import Any

from app.accounts.audit import release_full_ids
from app.core.errors import UserError
from app.core.period import Period


@dataclass(frozen=True)
class ParamSpec:
    name: str  # "period", "month", "standard", "assessment", "person", "mask_ids", "ledger"
    label: str  # Chinese
    kind: str  # "period" | "month" | "standard" | "assessment" | "person" | "bool" | "choice"
    required: bool = True
    choices: tuple[tuple[str, str], ...] = ()  # (value, Chinese label) for "choice"
    default: object = None


@dataclass(frozen=True)
class DocumentSpec:
    kind: str  # CLI name
    title: str  # Chinese
    params: tuple[ParamSpec, ...]
    build_pdf: Callable[..., Path]  # build_pdf(path: Path, *, progress=None, **params) -> Path
    build_xlsx: Callable[..., Path] | None  # same signature, None when there is no Excel form


PERIOD = ParamSpec("period", "报告期", "period", required=False)
MONTH = ParamSpec("month", "月份", "month", required=False)
STANDARD = ParamSpec("standard", "评估标准", "standard")
ASSESSMENT = ParamSpec("assessment", "已保存的自评（可选，选中后按其计分）", "assessment", required=False)
PERSON = ParamSpec("person", "人员", "person")
# Without a chosen assessment the score sheet follows the latest saved one; this asks for the ledgers only.
LIVE = ParamSpec("live", "只按当前台账数据计分（不用已保存的自评）", "bool", required=False, default=False)
MASK_IDS = ParamSpec("mask_ids", "身份证号部分隐藏", "bool", required=False, default=True)
FULL_IDS_PERSON = ParamSpec("mask_ids", "身份证号部分隐藏", "bool", required=False, default=False)
FULL_EMPLOYMENT_STANDARD = ParamSpec(
    "standard", "计分标准", "standard", required=False, default="guangzhou-full-employment-2024"
)


def _score_pdf(path: Path, *, progress: Any = None, **params: Any) -> Path:
    from app.documents import score_sheet

    return score_sheet.build_pdf_document(path, progress=progress, **params)


def _score_xlsx(path: Path, *, progress: Any = None, **params: Any) -> Path:
    from app.documents import score_sheet

    return score_sheet.build_xlsx_document(path, progress=progress, **params)


def _yangpu_pdf(path: Path, *, progress: Any = None, **params: Any) -> Path:
    from app.documents import yangpu_form

    return yangpu_form.build_pdf_document(path, progress=progress, **params)


def _full_employment_pdf(path: Path, *, progress: Any = None, **params: Any) -> Path:
    from app.documents import full_employment_form

    return full_employment_form.build_pdf_document(path, progress=progress, **params)


def _monthly_pdf(path: Path, *, progress: Any = None, **params: Any) -> Path:
    from app.documents import monthly

    return monthly.build_pdf_document(path, progress=progress, **params)


def _monthly_xlsx(path: Path, *, progress: Any = None, **params: Any) -> Path:
    from app.documents import monthly

    return monthly.build_xlsx_document(path, progress=progress, **params)


def _ledger_pdf(kind: str, path: Path, *, progress: Any = None, **params: Any) -> Path:
    from app.documents import ledgers

    return ledgers.build_ledger_pdf(kind, path, progress=progress, **params)


def _ledger_xlsx(kind: str, path: Path, *, progress: Any = None, **params: Any) -> Path:
    from app.documents import ledgers

    return ledgers.build_ledger_xlsx(kind, path, progress=progress, **params)


def _personal_pdf(path: Path, *, progress: Any = None, **params: Any) -> Path:
    from app.documents import personal_file

    return personal_file.build_pdf_document(path, progress=progress, **params)


def _full_ids(builder: Any, kind: str, what: str, *, own_form: bool = False) -> Any:
    """``builder`` that first checks and records a document carrying full ID numbers (mask_ids False)."""

    def build(path: Path, *, progress: Any = None, **params: Any) -> Path:
        if params.get("mask_ids") is False:
            release_full_ids(what, f"{kind}（完整身份证号）：{Path(path).name}", own_form=own_form)
        return builder(path, progress=progress, **params)

    return build


def _ledger(kind: str, title: str, params: tuple[ParamSpec, ...]) -> DocumentSpec:
    return DocumentSpec(
        kind,
        title,
        params,
        _full_ids(partial(_ledger_pdf, kind), kind, "print"),
        _full_ids(partial(_ledger_xlsx, kind), kind, "export"),
    )


DOCUMENTS: tuple[DocumentSpec, ...] = (
    DocumentSpec("score-sheet", "自评打分表", (STANDARD, PERIOD, ASSESSMENT, LIVE), _score_pdf, _score_xlsx),
    DocumentSpec("yangpu-application", "杨浦区乐业空间认定申报表", (PERIOD,), _yangpu_pdf, None),
    DocumentSpec(
        "full-employment-application",
        "充分就业社区(村)申报表",
        (PERIOD, FULL_EMPLOYMENT_STANDARD, ASSESSMENT),
        _full_employment_pdf,
        None,
    ),
    DocumentSpec("monthly-report", "月度工作信息报送表", (MONTH,), _monthly_pdf, _monthly_xlsx),
    _ledger("ledger-labor", "劳动力资源台账", (MASK_IDS,)),
    _ledger("ledger-unemployed", "失业人员台账", (PERIOD, MASK_IDS)),
    _ledger("ledger-difficulty", "就业困难人员帮扶台账", (PERIOD, MASK_IDS)),
    _ledger("ledger-vacancies", "岗位收集台账", (PERIOD,)),
    _ledger("ledger-services", "服务记录台账", (PERIOD, MASK_IDS)),
    DocumentSpec(
        "personal-file",
        "个人就业援助档案",
        (PERSON, FULL_IDS_PERSON),
        _full_ids(_personal_pdf, "personal-file", "print", own_form=True),
        None,
    ),
)


YANGPU_STANDARD = "yangpu-leye-recognition"


def default_period_for(kind: str, standard: str | None = None, today: dt.date | None = None) -> Period:
    """The period a document starts with when none is given (the page shows it, the command line uses
    it): a score-related document (``standard`` given: the self-score sheet, the 充分就业社区 application)
    the standard's default period, e.g. Guangzhou's last completed 1 October–30 September; the Yangpu
    application the year of its recognition standard up to today; the ledgers 1 January to today."""
    from app.documents.common import default_period, standard_period

    if standard:
        return standard_period(standard, today)
    if kind == "yangpu-application":
        return standard_period(YANGPU_STANDARD, today, clip=True)
    return default_period(today)


def get_document(kind: str) -> DocumentSpec:
    """The document named ``kind``; a UserError listing the kinds when unknown."""
    for spec in DOCUMENTS:
        if spec.kind == kind:
            return spec
    listing = "、".join(f"{d.kind}（{d.title}）" for d in DOCUMENTS)
    raise UserError(f"没有名为“{kind}”的文书，可选：{listing}")


__all__ = [
    "DOCUMENTS",
    "DocumentSpec",
    "ParamSpec",
    "default_period_for",
    "get_document",
]
