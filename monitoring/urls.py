from django.urls import path

from monitoring import views, views_excel

app_name = "monitoring"
P = "<fy:year>/<int:number>/"
urlpatterns = [
    path("", views.index, name="index"),
    path("settings/", views.policy_edit, name="settings"),
    path("<fy:year>/set-up/", views.year_set_up, name="year_set_up"),
    path(P, views.period_detail, name="period"),
    path(P + "state/", views.period_state, name="period_state"),
    path(P + "exceptions/new/", views.exception_create, name="exception_create"),
    path(P + "review/approve/", views.reports_approve, name="reports_approve"),
    path(P + "results/", views.org_results, name="org_results"),
    path(P + "results/<int:indicator_id>/review/", views.org_result_review, name="org_result_review"),
    path(P + "departments/<int:department_id>/", views.department_entry, name="entry"),
    path(P + "departments/<int:department_id>/export.xlsx", views_excel.results_export, name="results_export"),
    path(P + "departments/<int:department_id>/import/", views_excel.results_import, name="results_import"),
    path(P + "projects/<int:project_id>/", views.report_detail, name="report"),
    path(P + "projects/<int:project_id>/save/", views.report_save, name="report_save"),
    path(P + "projects/<int:project_id>/review/", views.report_review, name="report_review"),
    path(P + "projects/<int:project_id>/evidence/", views.evidence_upload, name="evidence_upload"),
    path("evidence/<int:pk>/", views.evidence_file, name="evidence_file"),
    path("evidence/<int:pk>/thumbnail/", views.evidence_thumbnail, name="evidence_thumbnail"),
    path("evidence/<int:pk>/delete/", views.evidence_delete, name="evidence_delete"),
]
