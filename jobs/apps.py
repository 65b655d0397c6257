from django.apps import AppConfig
from django.utils.module_loading import autodiscover_modules
from django.utils.translation import gettext_lazy as _


class JobsConfig(AppConfig):
    name = "jobs"
    verbose_name = _("Background work")

    def ready(self):
        # every app's tasks.py registers its background tasks
        autodiscover_modules("tasks")
