"""Coordinators' CSV export and import of services: the file check and the form
(``forms``), the import itself (``resources``), run in the background (``tasks``) and
followed on its status page (``views``, registered in directory/wagtail_hooks.py). Each
upload's record is the directory's ``CSVImport`` model, and the pages' templates are
directory/templates/directory/admin/import*.html: the sub-package uses the directory, never
the other way round (wagtail_hooks only wires it in)."""
