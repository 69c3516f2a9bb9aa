"""The rows of the referral lists are written in Python (`{% referral_rows %}` over
`selectors.referral_list_page`, docs/decisions/0004): they must give the HTML the table's
template loop gave over the Referral instances, for every column's variants (a transfer, an
open flag, each urgency, a deadline waiting, passed or no longer shown, an organisation
without a short name, names that need escaping), in Czech and in English."""

import datetime
import re
from pathlib import Path

import pytest
from django.db.models import BooleanField, ExpressionWrapper, Q
from django.template import Context, Template
from django.urls import reverse
from django.utils import timezone, translation

from referrals import selectors, workflow
from referrals.models import CaseFlag, Referral
from tests.partners.factories import ProgrammeFactory
from tests.referrals.conftest import S, grant_consent

pytestmark = pytest.mark.django_db

# The former loop of referrals/referral_list.html (former_referral_rows.html), as it was
# before the rows were written in Python; the annotation it read (`is_overdue`) is computed
# by the database again, as it was.
FORMER_LOOP = Template((Path(__file__).parent / "former_referral_rows.html").read_text("utf-8"))


def _former_rows(user, box) -> str:
    overdue = Q(status__in=workflow.AWAITING_DECISION, answer_due_at__lt=timezone.now())
    referrals = selectors.referral_list(user, box).annotate(
        is_overdue=ExpressionWrapper(overdue, output_field=BooleanField())
    )[:25]
    context = {"referrals": referrals, "awaiting": sorted(workflow.AWAITING_DECISION)}
    return FORMER_LOOP.render(Context(context))


def _tbody(html: str) -> str:
    return html.split("<tbody>", 1)[1].split("</tbody>", 1)[0]


def _squeezed(html: str) -> str:
    return re.sub(r">\s+<", "><", html).strip()


@pytest.fixture
def varied(case, third_programme):
    """Referrals of the case in every state a row shows differently."""
    sender_org = case.orgs.sender.organisation
    # The sender has no short name (the row falls back to its name) and a name to escape.
    sender_org.short_name = ""
    sender_org.name = 'Azylový dům "U <mostu>" & spol.'
    sender_org.save()
    case.programme.name = "Byty <b>&</b> podpora"
    case.programme.save()
    waiting = case.make(S.SUBMITTED)
    late = case.make(S.UNDER_REVIEW)
    Referral.objects.filter(pk=late.pk).update(
        answer_due_at=timezone.now() - datetime.timedelta(days=3), urgency="urgent"
    )
    decided = case.make(S.ACCEPTED)  # a deadline it no longer waits for
    Referral.objects.filter(pk=decided.pk).update(
        answer_due_at=timezone.now() - datetime.timedelta(days=3), urgency="normal"
    )
    transfer = case.make(S.SUBMITTED)
    Referral.objects.filter(pk=transfer.pk).update(kind=Referral.Kind.TRANSFER, answer_due_at=None)
    CaseFlag.objects.create(referral=waiting, kind=CaseFlag.Kind.choices[0][0], reason="x")
    resolved = CaseFlag.objects.create(referral=late, kind=CaseFlag.Kind.choices[0][0], reason="y")
    CaseFlag.objects.filter(pk=resolved.pk).update(resolved_at=timezone.now())
    case.make(S.DRAFT)  # the outbox shows drafts, with no deadline
    return case


@pytest.mark.parametrize("language", ["cs", "en"])
@pytest.mark.parametrize(
    "box,who", [("inbox", "reviewer"), ("outbox", "sender"), ("agenda", "reviewer")]
)
def test_rows_are_the_html_the_template_loop_wrote(client, varied, box, who, language):
    user = getattr(varied, who)
    client.force_login(user)
    client.cookies["django_language"] = language
    response = client.get(reverse(f"referrals:{box}"))
    assert response.status_code == 200
    rows = _tbody(response.content.decode())
    with translation.override(language):
        former = _former_rows(user, box)
    assert _squeezed(rows) == _squeezed(former)
    # Not vacuous: the variants are on the page, escaped once.
    assert rows.count("<tr>") >= 3
    assert "&lt;b&gt;&amp;&lt;/b&gt;" in rows and "<b>" not in rows
    if box != "inbox":
        assert "Azylový dům &quot;U &lt;mostu&gt;&quot; &amp; spol." in rows
    if box == "agenda":
        assert rows.count("badge-overdue") == 1 and rows.count("badge-flag") == 1
        assert 'class="badge">' in rows  # the transfer


def test_a_row_shows_the_deadline_only_while_the_decision_is_awaited(varied):
    page = selectors.referral_list_page(varied.reviewer, "inbox", per_page=25)
    by_status = {row.status: row for row in page}
    assert by_status[S.ACCEPTED].answer_due_at is None
    assert not by_status[S.ACCEPTED].is_overdue
    assert by_status[S.UNDER_REVIEW].is_overdue
    late = Referral.objects.get(status=S.UNDER_REVIEW)
    assert by_status[S.UNDER_REVIEW].urgency_label == late.get_urgency_display()
    assert by_status[S.UNDER_REVIEW].url == late.get_absolute_url()


def test_the_outbox_read_ids_first_shows_the_same_pages(case):
    """A case reviewer of the sending organisation (not one of its social workers) gets
    the outbox read ids first: the same rows, pages and next-page links as the one walk."""
    sender_org = case.orgs.sender.organisation
    internal = ProgrammeFactory(organisation=sender_org, name="Vlastní krizové byty")
    grant_consent(case, sender_org)
    for _ in range(3):
        case.make(S.SUBMITTED)
    for _ in range(3):
        case.make(S.SUBMITTED, programme=internal)  # granted to its case reviewers too
    reviewer = case.orgs.sender.users["case_reviewer"]
    assert selectors.lists._reads_ids_first(reviewer, "outbox")
    assert not selectors.lists._reads_ids_first(case.sender, "outbox")
    assert not selectors.lists._reads_ids_first(reviewer, "inbox")
    for user, expected in ((reviewer, 3), (case.sender, 6)):
        shown = []
        for number in (1, 2, 3, 4):
            one_walk = selectors.referral_list_page(
                user, "outbox", page=number, per_page=2, ids_first=False
            )
            ids_first = selectors.referral_list_page(
                user, "outbox", page=number, per_page=2, ids_first=True
            )
            assert list(ids_first) == list(one_walk)
            assert ids_first.has_next() == one_walk.has_next()
            shown += [row.url for row in ids_first]
        assert len(shown) == len(set(shown)) == expected
