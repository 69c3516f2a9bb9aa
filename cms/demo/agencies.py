"""Public bodies and services a case works with besides the coalition's members: the
child-protection office (OSPOD) of Kadaň, the labour office in Přerov and a debt
counselling service in Přerov, with their contacts (one of them an insolvency
administrator). They are not members (`is_member` off).

IČO: the labour office carries the public number of Úřad práce České republiky (its
contact offices act under it); the OSPOD, a department of the town, and the counselling
service get synthetic numbers of the 990010xx range (the town's own number is the town's).
"""

import io
from pathlib import Path

from django.apps import apps
from django.core.management import call_command

from partners.models import Contact, Organisation, Programme, Region

from .report import LoadReport

K = Organisation.Kind

AGENCIES = [
    {
        "slug": "ospod-kadan",
        "name": "OSPOD Kadaň – Městský úřad Kadaň, odbor sociálních věcí",
        "short_name": "OSPOD Kadaň",
        "kind": K.CHILD_PROTECTION,
        "ico": "99001080",
        "street_address": "Jana Švermy 1199, 432 01 Kadaň",
        "municipality": "Kadaň",
        "region": Region.USTECKY,
        "email": "ospod@kadan.example",
        "phone": "474 319 500",
        "is_member": False,
        "description": "Orgán sociálně-právní ochrany dětí pro správní obvod Kadaně.",
    },
    {
        "slug": "up-prerov",
        "name": "Úřad práce ČR – kontaktní pracoviště Přerov",
        "short_name": "ÚP Přerov",
        "kind": K.LABOUR_OFFICE,
        "ico": "72496991",
        "street_address": "Komenského 1611/38, 750 02 Přerov",
        "municipality": "Přerov",
        "region": Region.OLOMOUCKY,
        "email": "podatelna.pr@uradprace.example",
        "phone": "950 146 111",
        "is_member": False,
        "description": (
            "Příspěvek a doplatek na bydlení (i s přímou úhradou pronajímateli) a "
            "mimořádná okamžitá pomoc, např. na úhradu jistoty."
        ),
    },
    {
        "slug": "dluhova-poradna-prerov",
        "name": "Dluhová poradna Přerov, z. ú.",
        "short_name": "Dluhová poradna",
        "kind": K.DEBT_COUNSELLING,
        "ico": "99001098",
        "street_address": "Palackého 1380/19, 750 02 Přerov",
        "municipality": "Přerov",
        "region": Region.OLOMOUCKY,
        "email": "poradna@dluhy-prerov.example",
        "phone": "581 111 222",
        "is_member": False,
        "description": (
            "Bezplatné dluhové poradenství: přehled dluhů, splátkové kalendáře, jednání s "
            "exekutory, návrh na oddlužení."
        ),
    },
]

CONTACTS = [
    ("ospod-kadan", Contact.Kind.SOCIAL_WORKER, "Kurátorka pro rodiny s dětmi", "", True),
    ("up-prerov", Contact.Kind.GENERAL, "Oddělení nepojistných sociálních dávek", "", True),
    ("dluhova-poradna-prerov", Contact.Kind.INTAKE, "Objednání do poradny", "", True),
    (
        "dluhova-poradna-prerov",
        Contact.Kind.INSOLVENCY_ADMINISTRATOR,
        "Insolvenční správce poradny",
        "spravce@dluhy-prerov.example",
        False,
    ),
]


def agencies_ensure(report: LoadReport) -> dict[str, Organisation]:
    """Create the missing agencies and their contacts; existing ones are left alone."""
    agencies = {}
    for data in AGENCIES:
        organisation = Organisation.objects.filter(slug=data["slug"]).first()
        if organisation is None:
            organisation = Organisation(**data)
            organisation.full_clean()
            organisation.save()
            report.created("Organisation")
        agencies[data["slug"]] = organisation
    for order, (slug, kind, name, email, public) in enumerate(CONTACTS):
        organisation = agencies[slug]
        if organisation.contacts.filter(kind=kind, name=name).exists():
            continue
        Contact.objects.create(
            organisation=organisation,
            kind=kind,
            name=name,
            email=email or organisation.email,
            phone=organisation.phone,
            is_public=public,
            sort_order=order,
        )
        report.created("Contact")
    return agencies


# The crisis-intervention centre of CSSP is registered in the sample registry file under
# this (synthetic) identifier, so the demo import links it and proposes the rest.
REGISTERED = [("cssp", "intervencni-centrum", "9100002")]


def registry_sample_import() -> str:
    """Import the sample of the MPSV registry the project ships (partners/mpsv): a linked
    service, proposals for the secretariat in the admin. Idempotent like the import."""
    for organisation, slug, identifier in REGISTERED:
        Programme.objects.filter(organisation__slug=organisation, slug=slug, registry_id="").update(
            registry_id=identifier
        )
    sample = Path(apps.get_app_config("partners").path) / "mpsv" / "sample.json"
    output = io.StringIO()
    call_command("import_mpsv_registry", str(sample), stdout=output)
    return output.getvalue()
