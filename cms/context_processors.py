from django.conf import settings


def contacts(request):
    """Who runs the portal and how to reach them (PORTAL_CONTACTS): the footer, the
    accessibility statement and the personal-data note read them, without a query."""
    return {"portal_contacts": settings.PORTAL_CONTACTS}
