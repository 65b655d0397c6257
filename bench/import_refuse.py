"""How long an import takes to refuse a file of far too many rows (400,000; the limit is
TIDTAM_IMPORT_MAX_ROWS, 5,000 by default), through the upload page as a person would send it.

    .venv/bin/python bench/import_refuse.py

The workbooks are written straight into a zip (about 3 MB each): one that declares its true size in
its <dimension ref>, one without that element, and one whose element claims 10 rows; then the same
rows as CSV. Prints the seconds until the page answered and the message it gave.
"""

import io
import time

from common import member, start, synthetic_org
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from plans.excel import MAIN_SHEET, export_plan
from plans.models import DevelopmentPlan
from plans.tests.tall import tall_workbook

ROWS = 400_000


def refuse(client, url, name, data):
    began = time.perf_counter()
    response = client.post(url, {"file": SimpleUploadedFile(name, data)})
    seconds = time.perf_counter() - began
    result = response.context["result"] if response.context and "result" in response.context else None
    message = result.errors[0].message if result is not None and result.errors else f"status {response.status_code}"
    print(f"{name:<28}{len(data) / 1e6:>6.1f} MB{seconds:>8.2f} s   {message[:90]}")


def main():
    client = start(seed_demo=False)
    org = synthetic_org(12)
    member(client, org)
    plan = DevelopmentPlan.objects.for_org(org).get()
    header = [c.value for c in load_workbook(io.BytesIO(export_plan(plan)), read_only=True)[MAIN_SHEET][1]]
    url = reverse("plans:plan_import", args=[org.slug, plan.pk])
    print(f"{ROWS:,} rows, limit {__import__('django.conf').conf.settings.TIDTAM_IMPORT_MAX_ROWS:,}")
    refuse(client, url, "declared.xlsx", tall_workbook(MAIN_SHEET, header, ROWS))
    refuse(client, url, "no-dimension.xlsx", tall_workbook(MAIN_SHEET, header, ROWS, declared=None))
    refuse(client, url, "lying-dimension.xlsx", tall_workbook(MAIN_SHEET, header, ROWS, declared="A1:C10"))
    lines = [",".join(str(h or "") for h in header)] + [f"{n},{n * 7}" for n in range(ROWS)]
    refuse(client, url, "rows.csv", "\n".join(lines).encode("utf-8-sig"))


if __name__ == "__main__":
    main()
