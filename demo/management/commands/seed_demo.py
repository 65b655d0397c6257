"""``manage.py seed_demo``: load the demo organizations, plans, users and monitoring data.

The plans, KPIs, targets, action plans and users come from ``demo/plans.py``; the reporting periods,
progress reports, KPI results, evidence photos and review timeline of อบต.บ้านแพน from
``demo/monitoring.py``; its FY2569 evaluations, findings and recommendations, annual M&E report record and
M&E steps from ``demo/evaluation.py``; its FY2569 six-month report (built and published) and annual report
(built, a draft) from ``demo/publications.py``; its citizen surveys from ``demo/surveys.py``; its FY2569 form 1
(self-assessment of the planning process) from ``demo/self_assessment.py``; its staff, round 2 of FY2569
(evaluated, final, its raise proposal made) and round 1 of FY2570 (in progress) from ``demo/people.py``. All
run in one transaction and are idempotent: running the command again changes nothing.
"""

from django.core.management.base import BaseCommand
from django.db import transaction

from demo import plan_data
from demo.evaluation import seed_evaluation
from demo.monitoring import seed_monitoring
from demo.people import seed_people
from demo.plans import plan_counts, seed_plans
from demo.publications import seed_publications
from demo.self_assessment import seed_self_assessment
from demo.surveys import seed_surveys
from orgs.models import Organization


class Command(BaseCommand):
    help = (
        "Load the demo organizations, development plans, KPIs, targets, action plans, users and monitoring "
        "reports, evaluations, findings and publications (idempotent)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--if-empty", action="store_true", help="Do nothing when any organization exists already.")
        parser.add_argument(
            "--reset-passwords",
            action="store_true",
            help="Set the demo users' passwords back to settings.TIDTAM_DEMO_PASSWORD.",
        )

    def handle(self, *args, if_empty=False, reset_passwords=False, **options):
        if if_empty and Organization.objects.exists():
            self.stdout.write("Organizations exist already; seed_demo --if-empty did nothing.")
            return
        with transaction.atomic():
            orgs, plans = seed_plans(reset_passwords=reset_passwords)
            monitoring = seed_monitoring(orgs[plan_data.BANPHAEN_ORG["slug"]])
            evaluation = seed_evaluation(orgs[plan_data.BANPHAEN_ORG["slug"]])
            publications = seed_publications(orgs[plan_data.BANPHAEN_ORG["slug"]])
            surveys = seed_surveys(orgs[plan_data.BANPHAEN_ORG["slug"]])
            form1 = seed_self_assessment(orgs[plan_data.BANPHAEN_ORG["slug"]])
            people = seed_people(orgs[plan_data.BANPHAEN_ORG["slug"]])
        for org in orgs.values():
            self.stdout.write(f"{org.slug}: {plan_counts(org)}")
        self.stdout.write(f"{plan_data.BANPHAEN_ORG['slug']} monitoring: {monitoring.summary()}")
        self.stdout.write(f"{plan_data.BANPHAEN_ORG['slug']} evaluation: {evaluation.summary()}")
        self.stdout.write(f"{plan_data.BANPHAEN_ORG['slug']} publications: {publications.summary()}")
        self.stdout.write(f"{plan_data.BANPHAEN_ORG['slug']} surveys: {surveys.summary()}")
        self.stdout.write(f"{plan_data.BANPHAEN_ORG['slug']} self-assessment: {form1.summary()}")
        self.stdout.write(f"{plan_data.BANPHAEN_ORG['slug']} people: {people.summary()}")
        self.stdout.write(f"users: {len(plan_data.USERS)} ({', '.join(row[0] for row in plan_data.USERS)})")
        created = sum(
            sum(part.created.values()) for part in (plans, monitoring, evaluation, publications, surveys, form1, people)
        )
        updated = sum(
            sum(part.updated.values()) for part in (plans, monitoring, evaluation, publications, surveys, form1)
        )
        if created or updated:
            self.stdout.write(self.style.SUCCESS(f"Created {created} rows, updated {updated} rows."))
        else:
            self.stdout.write(self.style.SUCCESS("Demo data already up to date: nothing created or changed."))
