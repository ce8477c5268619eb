"""Review findings: rules the window's services enforce must hold for the ledger import too, so a row
the import accepts can later be saved unchanged in the window (LEDGER_FORMAT.md, app/jobs.py)."""

from __future__ import annotations

from pathlib import Path

import pytest

from app.core.errors import ValidationError
from app.jobs import vacancies as jobs
from app.workbook import ImportRejected, import_workbook, validate_workbook
from db.models import Employer, Vacancy
from tests.app.workbook.conftest import person, persons, write_book

EMPLOYER_HEADERS = ["单位名称", "联系电话"]
VACANCY_HEADERS = ["岗位编号", "单位名称", "岗位名称", "岗位类型", "招聘人数", "收集日期", "联系电话"]


def _book(tmp_path: Path, employer_phone: object = None, vacancy_phone: object = None) -> Path:
    return write_book(
        tmp_path / "book.xlsx",
        {
            "人员": persons(person()),
            "用人单位": [EMPLOYER_HEADERS, ["广州某某有限公司", employer_phone]],
            "岗位": [
                VACANCY_HEADERS,
                ["G001", "广州某某有限公司", "保洁员", "全日制", 2, "2024-01-05", vacancy_phone],
            ],
        },
    )


@pytest.mark.parametrize("column", ["employer", "vacancy"])
def test_import_refuses_a_phone_the_window_refuses(db: Path, tmp_path: Path, column: str) -> None:
    bad = "1380013800"  # ten digits
    with pytest.raises(ValidationError):
        jobs.validate_employer_field("phone", bad)  # the window's rule
    path = _book(tmp_path, **{f"{column}_phone": bad})
    report = validate_workbook(path)
    assert not report.ok
    (problem,) = report.problems
    assert problem.sheet == ("用人单位" if column == "employer" else "岗位")
    assert problem.column == "联系电话" and "格式不对" in problem.message
    with pytest.raises(ImportRejected):
        import_workbook(path)
    assert Employer.select().count() == 0


def test_import_accepts_the_phones_the_window_accepts(db: Path, tmp_path: Path) -> None:
    # A mobile stored by Excel as a number and a landline, as the window accepts them.
    import_workbook(_book(tmp_path, employer_phone=13800138000, vacancy_phone="020-12345678"))
    employer = Employer.get()
    vacancy = Vacancy.get()
    assert (employer.phone, vacancy.phone) == ("13800138000", "020-12345678")
    # ... and the imported rows can be saved again unchanged through the window's services.
    jobs.save_employer({"name": employer.name, "phone": employer.phone}, employer.id)
    jobs.save_vacancy({"phone": vacancy.phone}, vacancy.id)


def test_import_accepts_an_empty_phone(db: Path, tmp_path: Path) -> None:
    import_workbook(_book(tmp_path))
    assert (Employer.get().phone, Vacancy.get().phone) == ("", "")
