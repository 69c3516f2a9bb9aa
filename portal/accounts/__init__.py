"""Account security: login lockout, password reset and two-factor authentication."""
