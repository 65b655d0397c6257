from django.urls import path

from orgs import overseers, views

app_name = "orgs"
urlpatterns = [
    path("orgs/", views.choose, name="choose"),
    path("profile/", views.profile, name="profile"),
    path("language/", views.set_language, name="language"),
    path("oversight/people/", overseers.overseers, name="overseers"),
    path("oversight/people/<int:pk>/remove/", overseers.overseer_delete, name="overseer_remove"),
    path("o/<slug:org_slug>/manage/", views.manage, name="manage"),
    path("o/<slug:org_slug>/manage/departments/new/", views.department_edit, name="department_create"),
    path("o/<slug:org_slug>/manage/departments/<int:pk>/", views.department_edit, name="department_edit"),
    path("o/<slug:org_slug>/manage/members/new/", views.member_add, name="member_add"),
    path("o/<slug:org_slug>/manage/members/<int:pk>/remove/", views.member_remove, name="member_remove"),
    path("o/<slug:org_slug>/manage/members/<int:pk>/unlock/", views.member_unlock, name="member_unlock"),
]
