from django.urls import path

from reports import views, views_form1, views_people

app_name = "reports"
urlpatterns = [
    path("", views.index, name="index"),
    path("annual/<fy:year>/record/", views.annual_record, name="annual_record"),
    path("self-assessment/items/", views_form1.items, name="form1_items"),
    path("self-assessment/items/<int:pk>/", views_form1.item, name="form1_item"),
    path("self-assessment/items/<int:pk>/move/", views_form1.item_move, name="form1_item_move"),
    path("self-assessment/<fy:year>/", views_form1.assessment, name="form1_assessment"),
    path("people/agreements/<int:pk>/pdf/", views_people.agreement_pdf, name="agreement_pdf"),
    path("people/agreements/<int:pk>/evaluation/pdf/", views_people.evaluation_pdf, name="evaluation_pdf"),
    path("people/rounds/<int:pk>/summary/<str:fmt>/", views_people.round_summary, name="round_summary"),
    path("people/rounds/<int:pk>/raises/<str:fmt>/", views_people.raise_proposal, name="raise_proposal"),
    path("<slug:slug>/", views.page, name="page"),
    path("<slug:slug>/<str:fmt>/", views.download, name="download"),
]
