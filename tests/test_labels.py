"""Every label a form or a page takes from a model is translatable: field and model verbose names are
marked with gettext_lazy (an auto-generated name such as "Program" would never reach the catalogue)."""

from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.utils.functional import Promise

OUR_APPS = [app for app in apps.get_app_configs() if Path(app.path).parent == settings.BASE_DIR]


def test_every_field_and_model_of_our_apps_has_a_translatable_label():
    missing = []
    for app in OUR_APPS:
        for model in app.get_models():
            if model.__name__.startswith("Historical"):
                continue
            if not isinstance(model._meta.verbose_name, Promise):
                missing.append(f"{model.__name__} (model)")
            for field in model._meta.get_fields():
                if field.auto_created or not field.concrete or field.name in ("id", "organization"):
                    continue
                if not isinstance(field.verbose_name, Promise):
                    missing.append(f"{model.__name__}.{field.name}")
    assert {"orgs", "plans"} <= {app.label for app in OUR_APPS}
    assert missing == []
