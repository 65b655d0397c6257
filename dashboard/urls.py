from django.urls import path

from dashboard import publications, views

app_name = "dashboard"
urlpatterns = [
    path("", views.index, name="index"),
    path("publications/", publications.publication_list, name="publications"),
    path("publications/new/", publications.publication_create, name="publication_create"),
    path("publications/<int:pk>/", publications.publication_detail, name="publication_detail"),
    path("publications/<int:pk>/file/", publications.publication_file, name="publication_file"),
    path("publications/<int:pk>/replace/", publications.publication_replace, name="publication_replace"),
    path("publications/<int:pk>/publish/", publications.publication_publish, name="publication_publish"),
    path("publications/<int:pk>/unpublish/", publications.publication_unpublish, name="publication_unpublish"),
    path("publications/<int:pk>/delete/", publications.publication_delete, name="publication_delete"),
]
