"""One module per app whose content is searchable; each registers its indices."""

import importlib

MODULES = ["directory", "forum", "guidance"]


def load_all() -> None:
    for name in MODULES:
        try:
            importlib.import_module(f"search.indexes.{name}")
        except ModuleNotFoundError as error:
            if error.name != f"search.indexes.{name}":
                raise
