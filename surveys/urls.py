"""Staff pages of the surveys (under /o/<org>/surveys/)."""

app_name = "surveys"
urlpatterns = []
