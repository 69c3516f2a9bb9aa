"""Demo content of the portal, loaded by `manage.py load_demo`.

The Czech texts are data derived from the seed documents in /work/shared/seeds (Přerov's
training housing, Kadaň's key activities, Ostrava's housing concept, Prague's Konečně
domov and the Plzeň region partnership project). Every step is idempotent: an object is
looked up by its slug, username or title first and is created only when it is missing;
existing objects are never overwritten, so edits made in the admin survive a re-run.
"""
