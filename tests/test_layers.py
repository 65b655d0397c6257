"""The layers contract covers every app of the project: an app left out of it could import upward unseen."""

import tomllib
from pathlib import Path

from django.apps import apps

ROOT = Path(__file__).resolve().parent.parent


def test_every_app_of_the_project_is_checked_by_the_layers_contract():
    config = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["importlinter"]
    ours = {app.name for app in apps.get_app_configs() if Path(app.path).parent == ROOT}
    layers = {
        name.strip(" ()")
        for contract in config["contracts"]
        for layer in contract.get("layers", [])
        for name in layer.split("|")
    }
    assert ours, "no app of the project found"
    assert ours <= set(config["root_packages"]), ours - set(config["root_packages"])
    assert ours <= layers, ours - layers
