from .base import *  # noqa: F403
from .base import env_bool

DEBUG = env_bool("DEBUG", True)

# Whitenoise serves static files straight from the apps in development (runserver --nostatic).
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True

# The demo accounts of `make run` log in with a password alone, so the demo can be tried
# without an authenticator app; production requires 2FA (PORTAL_REQUIRE_2FA=1 turns it on).
PORTAL_REQUIRE_2FA = env_bool("PORTAL_REQUIRE_2FA", False)
