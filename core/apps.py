from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "core"

    def ready(self):
        from django.urls import register_converter

        from core.converters import FiscalYearConverter

        register_converter(FiscalYearConverter, "fy")
