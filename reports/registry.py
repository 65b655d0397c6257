"""The reports the system makes. Each is one builder module (``reports/builders/``) that turns the
organization, the person's access and the parameters into a ``Report``; the shared renderers make it a
page, an XLSX and a PDF. A report marked ``background`` is built by a background job when downloaded."""

import importlib
import pkgutil
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache

from django.utils.translation import gettext_lazy as _

REPORTS: dict[str, "ReportType"] = {}


@dataclass(frozen=True)
class ReportType:
    slug: str
    title: str
    description: str
    build: Callable  # build(org, access, params) -> Report
    fields: tuple[str, ...] = ("year", "upto", "department")  # the filters the page offers
    capability: str = "plan.view"
    background: bool = False  # XLSX and PDF built in a background job
    needs_project: bool = False
    needs_survey: bool = False

    def ready(self, params) -> bool:
        """Whether the parameters say enough to build the report (a year; the project or survey it needs)."""
        if params.year is None:
            return False
        return (params.project or not self.needs_project) and (params.survey or not self.needs_survey)


def register(slug, *, title, description, fields=("year", "upto", "department"), **options):
    def decorator(build):
        REPORTS[slug] = ReportType(
            slug=slug, title=title, description=description, build=build, fields=fields, **options
        )
        return build

    return decorator


def get(slug: str) -> ReportType | None:
    _load()
    return REPORTS.get(slug)


def all_reports() -> list[ReportType]:
    _load()
    return list(REPORTS.values())


@cache
def _load():
    """Import every builder once (each registers itself)."""
    from reports import builders

    for module in pkgutil.iter_modules(builders.__path__):
        importlib.import_module(f"reports.builders.{module.name}")


GROUP_LABELS = {"strategy": _("By strategy"), "department": _("By department")}
