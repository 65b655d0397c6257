from django.urls import include, path

from api import views_figures as figures
from api import views_monitoring as monitoring
from api import views_pages as pages
from api import views_plans as plans

app_name = "api"

org_patterns = [
    path("departments/", plans.DepartmentList.as_view(), name="departments"),
    path("plans/", plans.PlanList.as_view(), name="plans"),
    path("plans/<int:pk>/", plans.PlanDetail.as_view(), name="plan"),
    path("action-plans/", plans.ActionPlanList.as_view(), name="action_plans"),
    path("strategies/", plans.StrategyList.as_view(), name="strategies"),
    path("strategies/<int:pk>/", plans.StrategyDetail.as_view(), name="strategy"),
    path("programs/", plans.ProgramList.as_view(), name="programs"),
    path("programs/<int:pk>/", plans.ProgramDetail.as_view(), name="program"),
    path("projects/", plans.ProjectList.as_view(), name="projects"),
    path("projects/<int:pk>/", plans.ProjectDetail.as_view(), name="project"),
    path("indicators/", plans.IndicatorList.as_view(), name="indicators"),
    path("indicators/<int:pk>/", plans.IndicatorDetail.as_view(), name="indicator"),
    path("indicators/<int:pk>/targets/<fy:year>/", plans.YearTargets.as_view(), name="year_targets"),
    path("targets/", plans.TargetList.as_view(), name="targets"),
    path("periods/", monitoring.PeriodList.as_view(), name="periods"),
    path("periods/<int:pk>/", monitoring.PeriodDetail.as_view(), name="period"),
    path("periods/<int:pk>/state/", monitoring.PeriodState.as_view(), name="period_state"),
    path("reports/", monitoring.ReportList.as_view(), name="reports"),
    path("reports/<int:pk>/", monitoring.ReportDetail.as_view(), name="report"),
    path("reports/<int:pk>/submit/", monitoring.ReportSubmit.as_view(), name="report_submit"),
    path("reports/<int:pk>/approve/", monitoring.ReportApprove.as_view(), name="report_approve"),
    path("reports/<int:pk>/return/", monitoring.ReportReturn.as_view(), name="report_return"),
    path("results/", monitoring.ResultList.as_view(), name="results"),
    path("results/<int:pk>/", monitoring.ResultDetail.as_view(), name="result"),
    path("results/<int:pk>/submit/", monitoring.ResultSubmit.as_view(), name="result_submit"),
    path("results/<int:pk>/approve/", monitoring.ResultApprove.as_view(), name="result_approve"),
    path("results/<int:pk>/return/", monitoring.ResultReturn.as_view(), name="result_return"),
    path("figures/<fy:year>/", figures.OrganizationFigures.as_view(), name="figures"),
    path("figures/<fy:year>/strategies/<int:pk>/", figures.StrategyFigures.as_view(), name="strategy_figures"),
    path("figures/<fy:year>/projects/", figures.ProjectFigures.as_view(), name="project_figures"),
    path("figures/<fy:year>/indicators/", figures.KpiFigures.as_view(), name="kpi_figures"),
    path("figures/<fy:year>/indicators/<int:pk>/", figures.KpiPeriodFigures.as_view(), name="kpi_period_figures"),
]

urlpatterns = [
    path("schema/", pages.SchemaView.as_view(), name="schema"),
    path("docs/", pages.docs, name="docs"),
    path("tokens/", pages.token_list, name="tokens"),
    path("v1/orgs/", plans.OrganizationList.as_view(), name="orgs"),
    path("v1/orgs/<slug:org_slug>/", include(org_patterns)),
]
