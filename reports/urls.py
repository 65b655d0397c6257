from django.urls import path

from reports import views

app_name = "reports"
urlpatterns = [
    path("", views.index, name="index"),
    path("annual/<fy:year>/record/", views.annual_record, name="annual_record"),
    path("<slug:slug>/", views.page, name="page"),
    path("<slug:slug>/<str:fmt>/", views.download, name="download"),
]
