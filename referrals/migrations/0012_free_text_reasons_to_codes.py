"""Existing free-text reasons get a code where one fits, and keep their text: declined
referrals (the note to the sender), transfers down the pathway (the reason for the move),
ended stays (the closing note of an exclusion or a drop-out) and the individual plan's
goals (their topic, which the repayment measure counts). Texts are compared without case
and accents; the first pattern that matches wins; a text no pattern fits stays uncoded."""

import re
import unicodedata

from django.db import migrations


def fold(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", (text or "").casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


DECLINE = [
    ("debts", r"dluh|exeku|splat|nedoplat"),
    ("capacity", r"kapacit|volny|obsazen|poradnik|neni byt"),
    ("cooperation", r"spoluprac|klicov"),
    ("target_group", r"cilov|skupin|trvale bydli|trvaly pobyt|obvod|mistn"),
    ("documents", r"doklad|doloz|informac|podklad"),
]
MOVE_DOWN = [
    ("new_debt", r"dluh|nedoplat|exeku"),
    ("lost_income", r"ztrat\w* (zamestn|prac|prijm)|prisl\w* o prac|nezamestnan"),
    ("house_rules", r"domovni\w* rad|poruso|rusen"),
    ("addiction", r"zavislost|alkohol|drog|gambl"),
    ("health", r"zdravot|nemoc|hospitaliz"),
    ("family_breakup", r"rozpad|rozvod|rozchod"),
    ("neighbour_conflict", r"soused|konflikt"),
]
EXCLUSION = [
    ("repeated_breach", r"domovni|poruso|smlouv"),
    ("non_cooperation", r"spoluprac|nespolupr"),
    ("arrears", r"najem|dluh|neplac"),
    ("crime", r"trestn|polici"),
]
EARLY_END = [
    ("found_housing", r"jine bydleni|nasl|vlastni byt|podnajem"),
    ("moved_away", r"odstehoval|prestehoval"),
    ("left", r"odesl|bez oznameni|nezastiz"),
    ("institution", r"nemocnic|lecebn|vykon trestu|vezen"),
    ("death", r"umrti|zemrel"),
]
GOAL_TOPICS = [
    ("debt_repayment", r"splac|splat|dluh|repay|debt"),
    ("benefits", r"davk|prispev|doplat|urad prace|\bup\b"),
    ("rent_payment", r"najem|najm|prima platba|prime platby"),
    ("work", r"zamestn|prac|brigad"),
]


def first_match(patterns, text):
    folded = fold(text)
    for key, pattern in patterns:
        if re.search(pattern, folded):
            return key
    return None


def convert(apps, schema_editor):
    ReasonCode = apps.get_model("partners", "ReasonCode")
    Referral = apps.get_model("referrals", "Referral")
    Stay = apps.get_model("referrals", "Stay")
    PlanGoal = apps.get_model("referrals", "PlanGoal")
    codes = {(c.code_list, c.code): c for c in ReasonCode.objects.all()}

    def code(code_list, patterns, text):
        key = first_match(patterns, text)
        return codes.get((code_list, key)) if key else None

    declined = []
    for referral in Referral.objects.filter(status="declined", decline_code__isnull=True):
        referral.decline_code = code("decline", DECLINE, referral.status_note)
        if referral.decline_code is not None:
            declined.append(referral)
    Referral.objects.bulk_update(declined, ["decline_code"], batch_size=500)

    moved_down = []
    transfers = Referral.objects.filter(
        previous__isnull=False, move_down_code__isnull=True
    ).select_related("programme__stage", "previous__programme__stage")
    for referral in transfers:
        before, after = referral.previous.programme.stage, referral.programme.stage
        if before is None or after is None or after.level >= before.level:
            continue
        referral.move_down_code = code("move_down", MOVE_DOWN, referral.reason)
        if referral.move_down_code is not None:
            moved_down.append(referral)
    Referral.objects.bulk_update(moved_down, ["move_down_code"], batch_size=500)

    ended = []
    lists = {"excluded": ("exclusion", EXCLUSION), "dropped_out": ("early_end", EARLY_END)}
    stays = Stay.objects.filter(
        end_code__isnull=True, referral__outcome__in=list(lists)
    ).select_related("referral")
    for stay in stays:
        code_list, patterns = lists[stay.referral.outcome]
        stay.end_code = code(code_list, patterns, stay.referral.status_note)
        if stay.end_code is not None:
            ended.append(stay)
    Stay.objects.bulk_update(ended, ["end_code"], batch_size=500)

    goals = []
    for goal in PlanGoal.objects.filter(topic="other"):
        topic = first_match(GOAL_TOPICS, goal.text)
        if topic is not None:
            goal.topic = topic
            goals.append(goal)
    PlanGoal.objects.bulk_update(goals, ["topic"], batch_size=500)


class Migration(migrations.Migration):
    dependencies = [
        ("partners", "0009_reason_code_lists"),
        ("referrals", "0011_conditions_and_coded_reasons"),
    ]

    operations = [migrations.RunPython(convert, migrations.RunPython.noop)]
