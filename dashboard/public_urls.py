"""The public pages, without login: ``/p/<org_slug>/``."""

from django.urls import path

from dashboard import public

app_name = "public"
urlpatterns = [
    path("<slug:org_slug>/", public.org_page, name="org"),
    path("<slug:org_slug>/documents/<int:pk>/", public.document, name="document"),
]
