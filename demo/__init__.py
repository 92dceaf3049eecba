"""The demo network for Colchester and north Essex: data files under ``data/``, a loader per
file, and ``manage.py seed_demo``. Nothing else imports this app."""
