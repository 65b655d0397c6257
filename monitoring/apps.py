from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MonitoringConfig(AppConfig):
    name = "monitoring"
    verbose_name = _("Monitoring")

    def ready(self):
        from monitoring.periods import policy_for
        from orgs.access import grantable
        from orgs.models import Role

        grantable("result.org", role=Role.PLANNER, granted=lambda org: policy_for(org).planner_enters_org_results)
