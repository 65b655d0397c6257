from django.urls import path

from dashboard import public, views

app_name = "dashboard"
urlpatterns = [
    path("", views.index, name="index"),
    path("publications/", public.publication_list, name="publications"),
    path("publications/new/", public.publication_create, name="publication_create"),
    path("publications/<int:pk>/", public.publication_detail, name="publication_detail"),
    path("publications/<int:pk>/file/", public.publication_file, name="publication_file"),
    path("publications/<int:pk>/replace/", public.publication_replace, name="publication_replace"),
    path("publications/<int:pk>/publish/", public.publication_publish, name="publication_publish"),
    path("publications/<int:pk>/unpublish/", public.publication_unpublish, name="publication_unpublish"),
    path("publications/<int:pk>/delete/", public.publication_delete, name="publication_delete"),
]
