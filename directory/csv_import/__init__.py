"""Coordinators' CSV export and import of services: the file check and the form
(``forms``), the import itself (``resources``), run in the background (``tasks``) and
followed on its status page (``views``, registered in directory/wagtail_hooks.py), with
each upload's record (``models.CSVImport``, part of the directory app). The pages'
templates are directory/templates/directory/admin/import*.html."""
