from django.urls import path

from orgs import views

app_name = "orgs"
urlpatterns = [
    path("orgs/", views.choose, name="choose"),
    path("profile/", views.profile, name="profile"),
    path("language/", views.set_language, name="language"),
    path("o/<slug:org_slug>/", views.org_home, name="home"),
]
