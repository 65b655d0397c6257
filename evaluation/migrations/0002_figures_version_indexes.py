"""An index on (organization, id) of every table the year's figures come from and on (organization, history
id) of its history: evaluation.memo.versions reads an organization's newest rows with one index probe each,
so that a change in one organization never makes another's figures stale nor slow to check."""

from django.db import migrations

TABLES = [
    ("plans_actionplan", "id"),
    ("plans_actionplanitem", "id"),
    ("plans_project", "id"),
    ("plans_program", "id"),
    ("plans_goal", "id"),
    ("plans_strategy", "id"),
    ("plans_indicator", "id"),
    ("plans_target", "id"),
    ("monitoring_progressreport", "id"),
    ("monitoring_indicatorresult", "id"),
    ("monitoring_reportingperiod", "id"),
    ("monitoring_monitoringpolicy", "id"),
    ("orgs_department", "id"),
]
ALL = TABLES + [(table.replace("_", "_historical", 1), "history_id") for table, _ in TABLES]


def index(table, column):
    name = f"fv_{table}"[:63]
    return migrations.RunSQL(
        f'CREATE INDEX "{name}" ON "{table}" ("organization_id", "{column}")',
        f'DROP INDEX "{name}"',
    )


class Migration(migrations.Migration):
    dependencies = [
        ("evaluation", "0001_initial"),
        ("plans", "0003_indicator_code"),
        ("monitoring", "0002_org_result_review"),
        ("orgs", "0001_initial"),
    ]

    operations = [index(table, column) for table, column in ALL]
