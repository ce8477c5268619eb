"""The ledger workbook (LEDGER_FORMAT.md): import, export, the empty template and the error report."""

from app.workbook.exporter import export_workbook
from app.workbook.importer import import_workbook, validate_workbook
from app.workbook.report import (
    ImportRejected,
    ImportReport,
    ImportSummary,
    Problem,
    Progress,
    SheetResult,
)
from app.workbook.template import write_template

__all__ = [
    "ImportRejected",
    "ImportReport",
    "ImportSummary",
    "Problem",
    "Progress",
    "SheetResult",
    "export_workbook",
    "import_workbook",
    "validate_workbook",
    "write_template",
]
