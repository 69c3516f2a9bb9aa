import os

from django.core.wsgi import get_wsgi_application

from core.runtime import freeze_loaded_objects

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings.production")

application = get_wsgi_application()
# Each gunicorn worker imports this after its fork: what it loaded so far stays for good.
freeze_loaded_objects()
