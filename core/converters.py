"""URL path converters, registered once (core.apps): ``<fy:year>`` is a fiscal year the system works with.

A year outside FIRST_FISCAL_YEAR..LAST_FISCAL_YEAR does not match, so its URL is not found (404) before a
view could compute dates from it.
"""

from core.calendar import is_fiscal_year


class FiscalYearConverter:
    regex = "[0-9]+"

    def to_python(self, value: str) -> int:
        if len(value) > 4 or not is_fiscal_year(int(value)):
            raise ValueError(value)
        return int(value)

    def to_url(self, value) -> str:
        return str(value)
