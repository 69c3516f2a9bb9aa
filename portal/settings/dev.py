from .base import *  # noqa: F403
from .base import env_bool

DEBUG = env_bool("DEBUG", True)

# Whitenoise serves static files straight from the apps in development (runserver --nostatic).
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
