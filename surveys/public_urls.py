"""The anonymous pages a citizen answers on (under /s/): nothing here needs an account."""

app_name = "survey_public"
urlpatterns = []
