"""用人单位 form: 单位名称 (unique), 单位类型, 统一社会信用代码 (checked as you type: 18 characters and the
GB 32100 check character, the message beside the field), 联系人, 联系电话, 地址."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from app.core import codes
from app.jobs import vacancies as jobs
from db.models import Employer
from ui.dialogs.jobs_formbase import RecordForm
from ui.widgets.screen import fit_size


class EmployerForm(RecordForm):
    """Create (employer_id None) or edit one employer."""

    def __init__(self, employer_id: int | None = None, parent: QWidget | None = None) -> None:
        super().__init__("新增用人单位" if employer_id is None else "用人单位", parent)
        self.employer_id = employer_id
        self.add_line("name", "单位名称＊", "与营业执照一致", width=320)
        self.add_combo("kind", "单位类型", codes.EMPLOYER_TYPE.values)
        code = self.add_line("credit_code", "统一社会信用代码", "18位，如 91440101MA5C0XXXXX", width=240)
        code.setMaxLength(24)
        self.add_line("contact", "联系人")
        self.add_line("phone", "联系电话", "手机或座机，如 020-12345678")
        self.add_line("address", "地址", width=360)
        fit_size(self, 720, 360)
        if employer_id is not None:
            e = Employer.get_by_id(employer_id)
            self.load_values({name: getattr(e, name) for name in self.fields})
            self.setWindowTitle(f"用人单位 — {e.name}")

    def check_field(self, name: str, value: object) -> None:
        jobs.validate_employer_field(name, value)

    def write(self) -> int:
        return jobs.save_employer(self.values(), self.employer_id).id
