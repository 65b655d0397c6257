"""The people pages (under /o/<org>/people/)."""

from django.urls import path

from people import views

app_name = "people"
urlpatterns = [
    path("", views.index, name="index"),
    path("rounds/new/", views.round_create, name="round_create"),
    path("rounds/<int:pk>/", views.round_detail, name="round_detail"),
    path("rounds/<int:pk>/open-all/", views.round_open_all, name="round_open_all"),
    path("rounds/<int:pk>/cascade/", views.cascade, name="cascade"),
    path("rounds/<int:round_pk>/people/<int:person_pk>/open/", views.agreement_open, name="agreement_open"),
    path("plan-kpis/<int:pk>/", views.kpi_tree, name="kpi_tree"),
    path("rules/", views.rules_list, name="rules_list"),
    path("rules/new/", views.rules_create, name="rules_create"),
    path("staff/", views.staff_list, name="staff_list"),
    path("staff/new/", views.person_create, name="person_create"),
    path("staff/import/", views.staff_import, name="staff_import"),
    path("staff/template.xlsx", views.staff_template, name="staff_template"),
    path("staff/<int:pk>/", views.person_detail, name="person_detail"),
    path("staff/<int:pk>/edit/", views.person_edit, name="person_edit"),
    path("positions/", views.position_list, name="position_list"),
    path("positions/<int:pk>/edit/", views.position_edit, name="position_edit"),
    path("competencies/", views.competency_list, name="competency_list"),
    path("competencies/defaults/", views.competency_defaults, name="competency_defaults"),
    path("competencies/<int:pk>/edit/", views.competency_edit, name="competency_edit"),
    path("positions/<int:pk>/competencies/", views.position_competencies, name="position_competencies"),
    path("agreements/<int:pk>/", views.agreement_detail, name="agreement_detail"),
    path("agreements/<int:pk>/evaluation/", views.evaluation_detail, name="evaluation_detail"),
    path("agreements/<int:pk>/evaluation/rate/", views.evaluation_rate, name="evaluation_rate"),
    path("agreements/<int:pk>/evaluation/review/", views.evaluation_review, name="evaluation_review"),
    path("agreements/<int:pk>/evaluation/acknowledge/", views.evaluation_acknowledge, name="evaluation_acknowledge"),
    path("agreements/<int:pk>/development/", views.development, name="development"),
    path("development/<int:pk>/edit/", views.development_edit, name="development_edit"),
    path("rounds/<int:pk>/results/", views.round_results, name="round_results"),
    path("rounds/<int:pk>/finalize/", views.round_finalize, name="round_finalize"),
    path("agreements/<int:pk>/kpis/new/", views.kpi_create, name="kpi_create"),
    path("agreements/<int:pk>/sign/", views.agreement_sign, name="agreement_sign"),
    path("kpis/<int:pk>/edit/", views.kpi_edit, name="kpi_edit"),
    path("kpis/<int:pk>/delete/", views.kpi_delete, name="kpi_delete"),
    path("kpis/<int:pk>/check-in/", views.checkin_create, name="checkin_create"),
]
