from django.urls import path

from evaluation.views import compare, findings, proposals, readiness, records, results

app_name = "evaluation"
urlpatterns = [
    path("", results.index, name="index"),
    path("results/<fy:year>/", results.organization, name="results"),
    path("results/<fy:year>/strategies/<int:pk>/", results.strategy, name="strategy_results"),
    path("results/<fy:year>/programs/<int:pk>/", results.program, name="program_results"),
    path("results/<fy:year>/projects/<int:pk>/", results.project, name="project_results"),
    path("results/<fy:year>/indicators/<int:pk>/", results.indicator, name="indicator_results"),
    path("evaluations/", records.evaluation_list, name="evaluation_list"),
    path("evaluations/new/", records.evaluation_create, name="evaluation_create"),
    path("evaluations/<int:pk>/", records.evaluation_detail, name="evaluation_detail"),
    path("evaluations/<int:pk>/edit/", records.evaluation_edit, name="evaluation_edit"),
    path("evaluations/<int:pk>/approve/", records.evaluation_approve, name="evaluation_approve"),
    path("findings/", findings.finding_list, name="finding_list"),
    path("findings/new/", findings.finding_create, name="finding_create"),
    path("findings/<int:pk>/", findings.finding_detail, name="finding_detail"),
    path("findings/<int:pk>/edit/", findings.finding_edit, name="finding_edit"),
    path("findings/<int:pk>/follow-up/", findings.follow_up_add, name="follow_up_add"),
    path("readiness/<fy:year>/", readiness.steps, name="readiness"),
    path("readiness/<fy:year>/<int:step>/evidence/", readiness.step_evidence, name="readiness_evidence"),
    path("readiness/files/<int:pk>/", readiness.step_file, name="readiness_file"),
    path("compare/", compare.compare, name="compare"),
    path("proposals/<fy:year>/", proposals.proposals, name="proposals"),
]
