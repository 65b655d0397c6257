from django.urls import path

from reports import views

app_name = "reports"
urlpatterns = [
    path("", views.index, name="index"),
    path("<slug:slug>/", views.page, name="page"),
    path("<slug:slug>/<str:fmt>/", views.download, name="download"),
]
