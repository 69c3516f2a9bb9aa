"""Demo referrals between the organisations `load_demo` creates (cms.demo).

Every case goes through the real services, as the users would have done it, and is then
dated into the past so that timelines, deadlines and reminders look like a working portal.
The people are fictional. A case is looked up by its client's name in the responsible
organisation and is created only when missing, so the command can run again.
"""

from collections.abc import Callable

from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from ..models import Client, Notification
from .cases import (
    ostrava_declined,
    prague_family_to_rental_agency,
    prague_waiting_for_decision,
    prerov_transfer_down,
    prerov_transfer_up,
)
from .money import money_rules_ensure, parties_ensure
from .money_cases import (
    debt_counselling_referral,
    kadan_ready_to_move_up,
    prerov_deposit_in_arrears,
)
from .rules_cases import (
    kadan_housing_first_and_ready,
    prerov_lease_refused_then_placed,
    referrals_awaiting_decision,
)
from .support import Demo, Missing

CASES: list[tuple[str, str, Callable[[Demo], str]]] = [
    ("Petra", "Kovářová", prague_family_to_rental_agency),
    ("Milan", "Horváth", prerov_transfer_up),
    ("Lenka", "Balážová", ostrava_declined),
    ("Simona", "Kratochvílová", prerov_transfer_down),
    ("Nikola", "Straková", prague_waiting_for_decision),
    # Money and partner agencies (issue 18): demo/money_cases.py.
    ("Renata", "Dudová", prerov_deposit_in_arrears),
    ("Josef", "Červeňák", kadan_ready_to_move_up),
    ("Radek", "Bílý", debt_counselling_referral),
    # The programmes' rules at work (issue 15): demo/rules_cases.py.
    ("Jaroslav", "Pokorný", prerov_lease_refused_then_placed),
    ("Dušan", "Lakatoš", kadan_housing_first_and_ready),
    ("Lucie", "Vondrová", referrals_awaiting_decision),
]


def demo_referrals_load() -> list[str]:
    demo = Demo()
    demo.messages += money_rules_ensure()
    for first, last, build in CASES:
        title = build.__name__.replace("_", " ")
        # A case may have been handed over since, so look in every organisation.
        if Client.objects.filter(first_name=first, last_name=last).exists():
            demo.messages.append(f"kept (exists): {title}")
            continue
        try:
            with transaction.atomic():
                last_pk = Notification.objects.aggregate(last=Max("pk"))["last"] or 0
                demo.messages.append("created: " + build(demo))
                # Demo notifications stay in the app: mark them sent so no e-mail goes out.
                Notification.objects.filter(pk__gt=last_pk, emailed_at__isnull=True).update(
                    emailed_at=timezone.now()
                )
        except Missing as missing:
            demo.messages.append(f"skipped ({missing} not found; run load_demo first): {title}")
    demo.messages += parties_ensure()
    return demo.messages
