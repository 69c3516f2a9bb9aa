"""Demo accounts: a user per role in five organisations, the secretariat's moderator and
a superuser, all with one published demo password.

The referral loader (`load_demo_referrals`) may rely on these usernames: see DEMO_USERS.
"""

from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group

from partners.models import Membership, Organisation

from .report import LoadReport

DEMO_PASSWORD = "demo-heslo-2026"  # noqa: S105 - published in the README on purpose
# Hashing is deliberately slow (about half a second per account with PBKDF2); the password
# is public, so every demo account shares one hash computed once per run. A fixed salt
# makes that hash reproducible, so a re-run can tell untouched accounts from changed ones
# by comparing strings instead of hashing again.
_DEMO_SALT = "portaldemoaccountssalt2026"

R = Membership.Role
ROLE_SUFFIXES = {
    R.ORG_ADMIN: "admin",
    R.EDITOR: "editor",
    R.SOCIAL_WORKER: "socialni",
    R.CASE_REVIEWER: "komise",
}

# organisation slug, username prefix, names for the roles in ROLE_SUFFIXES order
ORGANISATION_USERS = [
    (
        "statutarni-mesto-prerov",
        "prerov",
        [("Jana", "Vaňková"), ("Tomáš", "Beneš"), ("Lucie", "Horáková"), ("Martin", "Kučera")],
    ),
    (
        "statutarni-mesto-ostrava",
        "ostrava",
        [("Pavla", "Mikulová"), ("Radek", "Novotný"), ("Kateřina", "Šimková"), ("Jiří", "Polášek")],
    ),
    (
        "cssp",
        "cssp",
        [("Eva", "Procházková"), ("Ondřej", "Marek"), ("Barbora", "Veselá"), ("Hana", "Králová")],
    ),
    (
        "mna-praha",
        "mna",
        [
            ("Michal", "Šťastný"),
            ("Veronika", "Dostálová"),
            ("Adéla", "Pokorná"),
            ("Karel", "Růžička"),
        ],
    ),
    (
        "azylovy-dum-praha",
        "azyl",
        [("Zdeňka", "Malá"), ("Filip", "Havel"), ("Tereza", "Černá"), ("Josef", "Urban")],
    ),
    (
        "mesto-kadan",
        "kadan",
        [("Pavel", "Dvořák"), ("Markéta", "Nová"), ("Ivana", "Kovaříková"), ("Roman", "Šebek")],
    ),
    # The debt-counselling service of the agencies (cms.demo.agencies), for the referrals
    # the demo sends there; without the organisation the accounts have no membership.
    (
        "dluhova-poradna-prerov",
        "poradna",
        [("Hana", "Říhová"), ("Lukáš", "Pešek"), ("Dagmar", "Svobodová"), ("Vladimír", "Hrubý")],
    ),
]

SECRETARIAT_ORGANISATION = "sekretariat-partnerstvi"


@dataclass(frozen=True)
class DemoUser:
    username: str
    first_name: str
    last_name: str
    organisation: str | None = None  # slug
    role: str | None = None  # Membership.Role value
    moderator: bool = False
    superuser: bool = False


def _demo_users() -> list[DemoUser]:
    users = []
    for organisation, prefix, names in ORGANISATION_USERS:
        for (role, suffix), (first, last) in zip(ROLE_SUFFIXES.items(), names, strict=True):
            users.append(DemoUser(f"{prefix}-{suffix}", first, last, organisation, role))
    users.append(
        DemoUser(
            "sekretariat",
            "Alena",
            "Bartošová",
            SECRETARIAT_ORGANISATION,
            R.ORG_ADMIN,
            moderator=True,
        )
    )
    users.append(DemoUser("admin", "Správce", "portálu", superuser=True))
    return users


DEMO_USERS = _demo_users()


@dataclass(frozen=True)
class Login:
    username: str
    password: str
    organisation: str
    role: str


def users_ensure(
    organisations: dict[str, Organisation], secretariat: Group, report: LoadReport
) -> list[Login]:
    """Create missing demo accounts and memberships. Existing accounts keep their
    password and names; the login table says when a password is no longer the demo one."""
    User = get_user_model()
    demo_hash = make_password(DEMO_PASSWORD, salt=_DEMO_SALT)
    logins = []
    for spec in DEMO_USERS:
        user = User.objects.filter(username=spec.username).first()
        if user is None:
            user = User(
                username=spec.username,
                first_name=spec.first_name,
                last_name=spec.last_name,
                email=f"{spec.username}@socialnibydleni.example",
                is_staff=spec.superuser,
                is_superuser=spec.superuser,
                password=demo_hash,
            )
            user.save()
            report.created("User")
            shown = DEMO_PASSWORD
        elif user.password == demo_hash or user.check_password(DEMO_PASSWORD):
            shown = DEMO_PASSWORD
        else:
            shown = "(changed, kept)"

        organisation = organisations.get(spec.organisation) if spec.organisation else None
        if organisation is not None and spec.role:
            _membership, created = Membership.objects.get_or_create(
                user=user, organisation=organisation, role=spec.role
            )
            if created:
                report.created("Membership")
        if spec.moderator and not user.groups.filter(pk=secretariat.pk).exists():
            user.groups.add(secretariat)

        if spec.superuser:
            role_label = "superuser"
        elif spec.moderator:
            role_label = "moderator (secretariat) + " + str(spec.role)
        else:
            role_label = str(spec.role)
        logins.append(
            Login(
                username=spec.username,
                password=shown,
                organisation=(organisation.short_name or organisation.name)
                if organisation
                else "–",
                role=role_label,
            )
        )
    return logins
