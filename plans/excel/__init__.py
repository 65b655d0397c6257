"""Excel (XLSX) and CSV templates, exports and imports.

``core`` is the shared machinery (safe reading, tolerant cells, errors, results, writers); each shape is
one module: ``plan`` (the development plan's project list, form ผ.02), ``kpis`` (indicators and their
targets); monitoring's period results live in ``monitoring/excel.py`` on the same core.
"""

from core.excel import XLSX, ImportResult, RowError, WorkbookRefused, errors_workbook
from plans.excel.plan import MAIN_SHEET, export_plan, import_plan, plan_for_year

__all__ = [
    "MAIN_SHEET",
    "XLSX",
    "ImportResult",
    "RowError",
    "WorkbookRefused",
    "errors_workbook",
    "export_plan",
    "import_plan",
    "plan_for_year",
]
