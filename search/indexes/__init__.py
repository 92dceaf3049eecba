"""Where the registered indices come from: an app's own ``<app>/search_index.py`` (found in
every installed app, as Django finds admin.py), and, until each app owns its module, the
modules here named after the apps whose content is searchable."""

import importlib

from django.utils.module_loading import autodiscover_modules

MODULES = ["directory", "forum", "guidance"]


def load_all() -> None:
    for name in MODULES:
        try:
            importlib.import_module(f"search.indexes.{name}")
        except ModuleNotFoundError as error:
            if error.name != f"search.indexes.{name}":
                raise
    autodiscover_modules("search_index")
