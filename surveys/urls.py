"""Staff pages of the surveys (under /o/<org>/surveys/)."""

from django.urls import path

from surveys.views import results

app_name = "surveys"
urlpatterns = []

# The results side: the results of each survey, and the KPIs that take their result from a survey.
urlpatterns += [
    path("results/", results.results_index, name="results_index"),
    path("<int:pk>/results/", results.results, name="results"),
    path("sources/", results.source_list, name="sources"),
    path("sources/<int:indicator_pk>/", results.source_edit, name="source_edit"),
    path("sources/<int:indicator_pk>/compute/<int:period_pk>/", results.source_compute, name="source_compute"),
]
