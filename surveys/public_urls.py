"""The anonymous pages a citizen answers on (under /s/): nothing here needs an account."""

from django.urls import path

from surveys import public

app_name = "survey_public"
urlpatterns = [
    path("<str:token>/", public.answer, name="answer"),
    path("<str:token>/thanks/", public.thanks, name="thanks"),
]
