"""Staff pages of the surveys (under /o/<org>/surveys/)."""

from django.urls import path

from surveys.views import designer, paper, poster, results

app_name = "surveys"
urlpatterns = [
    path("", designer.survey_list, name="survey_list"),
    path("new/", designer.survey_create, name="survey_create"),
    path("<int:pk>/", designer.survey_detail, name="survey_detail"),
    path("<int:pk>/edit/", designer.survey_edit, name="survey_edit"),
    path("<int:pk>/new-version/", designer.survey_new_version, name="survey_new_version"),
    path("<int:pk>/delete/", designer.survey_delete, name="survey_delete"),
    path("<int:pk>/sections/new/", designer.section_create, name="section_create"),
    path("<int:pk>/sections/<int:section_id>/edit/", designer.section_edit, name="section_edit"),
    path("<int:pk>/questions/new/", designer.question_create, name="question_create"),
    path("<int:pk>/questions/<int:question_id>/edit/", designer.question_edit, name="question_edit"),
    path("<int:pk>/questions/<int:question_id>/delete/", designer.question_delete, name="question_delete"),
    path("<int:pk>/questions/<int:question_id>/move/", designer.question_move, name="question_move"),
    path("<int:pk>/paper/", paper.paper_entry, name="paper_entry"),
    path("<int:pk>/paper/template.xlsx", paper.responses_template, name="responses_template"),
    path("<int:pk>/paper/import/", paper.responses_import, name="responses_import"),
    path("<int:pk>/qr.svg", poster.qr_svg, name="qr_svg"),
    path("<int:pk>/qr.png", poster.qr_png, name="qr_png"),
    path("<int:pk>/poster.pdf", poster.poster_pdf, name="poster_pdf"),
    # The results side: the results of each survey, and the KPIs that take their result from a survey.
    path("results/", results.results_index, name="results_index"),
    path("<int:pk>/results/", results.results, name="results"),
    path("sources/", results.source_list, name="sources"),
    path("sources/<int:indicator_pk>/", results.source_edit, name="source_edit"),
    path("sources/<int:indicator_pk>/compute/<int:period_pk>/", results.source_compute, name="source_compute"),
]
