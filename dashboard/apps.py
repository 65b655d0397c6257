from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DashboardConfig(AppConfig):
    name = "dashboard"
    verbose_name = _("Dashboard")

    def ready(self):
        from django.db.models.signals import post_delete, post_save

        from core.tenancy import bulk_written
        from dashboard import summaries
        from evaluation.memo import SOURCES

        for model in SOURCES:
            post_save.connect(summaries.on_source_saved, sender=model, dispatch_uid=f"figures-save-{model.__name__}")
            post_delete.connect(summaries.on_source_saved, sender=model, dispatch_uid=f"figures-del-{model.__name__}")
        bulk_written.connect(summaries.on_bulk_written, dispatch_uid="figures-bulk")
