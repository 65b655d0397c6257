from django.urls import path

from plans import views, views_excel

app_name = "plans"
urlpatterns = [
    path("plans/", views.index, name="index"),
    path("plans/new/", views.plan_create, name="plan_create"),
    path("plans/<int:pk>/", views.plan_detail, name="plan_detail"),
    path("plans/<int:pk>/edit/", views.plan_edit, name="plan_edit"),
    path("plans/<int:pk>/export.xlsx", views_excel.plan_export, name="plan_export"),
    path("plans/<int:pk>/import/", views_excel.plan_import, name="plan_import"),
    path("plans/<int:pk>/revisions/new/", views.revision_create, name="revision_create"),
    path("revisions/<int:pk>/edit/", views.revision_edit, name="revision_edit"),
    path("plans/<int:pk>/strategies/new/", views.strategy_create, name="strategy_create"),
    path("strategies/<int:pk>/", views.strategy_detail, name="strategy_detail"),
    path("strategies/<int:pk>/edit/", views.strategy_edit, name="strategy_edit"),
    path("strategies/<int:pk>/goals/new/", views.goal_create, name="goal_create"),
    path("goals/<int:pk>/", views.goal_detail, name="goal_detail"),
    path("goals/<int:pk>/edit/", views.goal_edit, name="goal_edit"),
    path("goals/<int:pk>/programs/new/", views.program_create, name="program_create"),
    path("programs/<int:pk>/", views.program_detail, name="program_detail"),
    path("programs/<int:pk>/edit/", views.program_edit, name="program_edit"),
    path("programs/<int:pk>/projects/new/", views.project_create, name="project_create"),
    path("projects/", views.project_list, name="project_list"),
    path("projects/<int:pk>/", views.project_detail, name="project_detail"),
    path("projects/<int:pk>/edit/", views.project_edit, name="project_edit"),
    path("move/<str:kind>/<int:pk>/<str:direction>/", views.move, name="move"),
    path("indicators/", views.indicator_list, name="indicator_list"),
    path("indicators/new/", views.indicator_create, name="indicator_create"),
    path("indicators/<int:pk>/", views.indicator_detail, name="indicator_detail"),
    path("indicators/<int:pk>/edit/", views.indicator_edit, name="indicator_edit"),
    path("indicators/<int:pk>/targets/<int:year>/", views.targets_edit, name="targets_edit"),
    path("action-plans/new/", views.action_plan_create, name="action_plan_create"),
    path("action-plans/<int:year>/", views.action_plan_detail, name="action_plan_detail"),
    path("action-plans/<int:year>/edit/", views.action_plan_edit, name="action_plan_edit"),
    path("action-plans/<int:year>/items/", views.action_plan_items, name="action_plan_items"),
    path("action-plans/<int:year>/carry-forward/", views.carry_forward, name="carry_forward"),
]
