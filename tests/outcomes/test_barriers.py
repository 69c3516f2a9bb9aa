"""The barriers report: declined referrals counted by reason, and its publication as a
draft knowledge item that goes through the secretariat's moderation."""

import datetime
import re

import pytest
from django.apps import apps
from django.urls import reverse
from django.utils import translation
from hypothesis import given
from hypothesis import strategies as st
from wagtail.models import WorkflowState

from knowledge.models import KnowledgeItemPage, LibrarySectionPage
from outcomes.barriers import (
    BarriersPublishError,
    barriers_report,
    barriers_report_draft,
    suppressed_lines,
)
from outcomes.permissions import OUTCOME_ROLES
from outcomes.protection import COMPLEMENTARY, SMALL, Hidden, protect_counts
from partners.models import Membership, ReasonCode
from referrals.models import CriterionAnswer, Referral
from referrals.workflow import Status
from tests.partners.factories import MembershipFactory

pytestmark = pytest.mark.django_db

START, END = datetime.date(2025, 1, 1), datetime.date(2025, 12, 31)
# (the decline's code, its note): the report counts the codes and never reads the notes
# (the capacity one speaks of a debt, the uncoded one of a flat).
NOTES = [
    ("debts", "Dluh vůči městu bez splátkového kalendáře."),
    ("debts", "Nedoplatek na nájemném z minulého bytu."),
    ("debts", "Exekuce, žádost doplnit."),
    ("capacity", "Momentálně nemáme volný byt, dluh by nevadil."),
    ("cooperation", "Chybí spolupráce s klíčovým pracovníkem."),
    (None, "Nemáme volný byt; rodina se odstěhovala."),
]


@pytest.fixture
def declined(dataset):
    hr = dataset.programmes["hr"]
    made = []
    for i, (code, note) in enumerate(NOTES):
        referral = dataset.referral(
            f"d{i}",
            hr,
            submitted="2025-04-01",
            decided="2025-04-10",
            status=Status.DECLINED,
            status_note=note,
        )
        if code:
            decline = ReasonCode.objects.get(code_list="decline", code=code)
            Referral.objects.filter(pk=referral.pk).update(decline_code=decline)
        made.append(referral)
    CriterionAnswer.objects.create(
        referral=made[0],
        criterion_text="Žádné dluhy u dodavatele energií",
        required=True,
        answer=CriterionAnswer.Answer.NO,
    )
    CriterionAnswer.objects.create(
        referral=made[1],
        criterion_text="Žádné dluhy u dodavatele energií",
        required=True,
        answer=CriterionAnswer.Answer.NO,
    )
    CriterionAnswer.objects.create(
        referral=made[1],
        criterion_text="Doporučení",
        required=False,
        answer=CriterionAnswer.Answer.NO,
    )
    return made


def counts(report):
    return {line.label: line.count for line in report.by_category}


def label(code: str) -> str:
    return ReasonCode.objects.get(code_list="decline", code=code).label


def test_declined_referrals_are_counted_by_their_coded_reason(
    declined, django_assert_max_num_queries
):
    with django_assert_max_num_queries(5), translation.override("en"):
        report = barriers_report(start=START, end=END)
    # r3 of the dataset was declined without a code, like the last of NOTES.
    assert report.declined_total == 7
    by_label = counts(report)
    assert by_label[label("debts")] == 3
    assert by_label[label("capacity")] == 1
    assert by_label[label("cooperation")] == 1
    assert by_label["Without a coded reason"] == 2
    assert by_label[label("documents")] == 0  # every code in use is listed, also at zero
    assert [(line.label, line.count) for line in report.by_unmet_criterion] == [
        ("Žádné dluhy u dodavatele energií", 2)
    ]


def test_a_renamed_code_counts_under_its_new_label_and_one_out_of_use_still_counts(declined):
    ReasonCode.objects.filter(code_list="decline", code="capacity").update(
        label="Nedostatek bytů", is_active=False
    )
    by_label = counts(barriers_report(start=START, end=END))
    assert by_label["Nedostatek bytů"] == 1
    ReasonCode.objects.filter(code_list="decline", code="documents").update(is_active=False)
    assert label("documents") not in counts(barriers_report(start=START, end=END))


def test_refused_offers_come_from_the_allocation_app_when_installed(declined):
    report = barriers_report(start=START, end=END)
    assert report.offers_available == apps.is_installed("allocation")
    assert report.refused_offers_total == 0


def test_report_page_shows_counts_and_no_case(client, orgs, declined):
    client.force_login(orgs.sender.users["case_reviewer"])
    response = client.get(
        reverse("outcomes:barriers"), {"start": "2025-01-01", "end": "2025-12-31"}
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "Exekuce" not in html and "R-T-" not in html  # notes and references stay private
    assert "<caption>" in html


@pytest.fixture
def secretariat_member(moderator, orgs):
    MembershipFactory(user=moderator, organisation=orgs.third.organisation, role="editor")
    return moderator


def test_secretariat_drafts_a_knowledge_item_for_moderation(secretariat_member, orgs, declined):
    item = barriers_report_draft(user=secretariat_member, start=START, end=END)
    item.refresh_from_db()
    assert not item.live
    section = LibrarySectionPage.objects.get(organisation=orgs.third.organisation)
    assert item.get_parent().pk == section.pk
    assert item.organisation_id == orgs.third.organisation.pk
    state = WorkflowState.objects.get(base_content_type__isnull=False, object_id=str(item.pk))
    assert state.status == WorkflowState.STATUS_IN_PROGRESS
    body = item.get_latest_revision_as_object().body
    # 7 declined in all; debts 3, capacity 1, cooperation 1, uncoded 2: all small → hidden.
    assert "×" in body
    for number in ("3", "2", "1"):
        assert f"<td>{number}</td>" not in body
    assert "<td>7</td>" in body
    assert "Exekuce" not in body


def test_member_outside_the_secretariat_cannot_draft(client, orgs, declined):
    user = orgs.third.users["org_admin"]  # sees the report, may not publish it
    with pytest.raises(BarriersPublishError):
        barriers_report_draft(user=user, start=START, end=END)
    client.force_login(user)
    response = client.post(
        reverse("outcomes:barriers_publish"), {"start": "2025-01-01", "end": "2025-12-31"}
    )
    assert response.status_code == 302
    assert not KnowledgeItemPage.objects.filter(kind="statistics").exists()


def test_publish_view_redirects_the_secretariat_to_the_draft(client, secretariat_member, declined):
    client.force_login(secretariat_member)
    response = client.post(
        reverse("outcomes:barriers_publish"), {"start": "2025-01-01", "end": "2025-12-31"}
    )
    item = KnowledgeItemPage.objects.get(kind="statistics")
    assert response["Location"] == reverse("wagtailadmin_pages:edit", args=[item.pk])


# Who may see the report (issue 18 review, point 5): the roles that see the outcome
# dashboard (issue 15, point 5), generated over every membership role.
ROLE_CASES = [(role, role in OUTCOME_ROLES) for role in Membership.Role.values]


@pytest.mark.parametrize(("role", "allowed"), ROLE_CASES)
def test_barriers_report_is_for_the_roles_that_evaluate(client, orgs, declined, role, allowed):
    client.force_login(orgs.sender.users[role])
    total = f"<td>{barriers_report(start=START, end=END).declined_total}</td>"
    page = client.get(reverse("outcomes:barriers"), {"start": "2025-01-01", "end": "2025-12-31"})
    published = client.post(
        reverse("outcomes:barriers_publish"), {"start": "2025-01-01", "end": "2025-12-31"}
    )
    if allowed:
        assert page.status_code == 200
        html = page.content.decode()
        assert total in html[html.find("<tfoot") : html.find("</tfoot>")]  # declined in all
        assert published.status_code == 302  # back to the report: not the secretariat
    else:
        assert page.status_code == 403
        assert total not in page.content.decode()
        assert published.status_code == 403
    assert not KnowledgeItemPage.objects.filter(kind="statistics").exists()


def test_the_secretariat_sees_the_barriers_report(client, moderator, declined):
    client.force_login(moderator)
    page = client.get(reverse("outcomes:barriers"), {"start": "2025-01-01", "end": "2025-12-31"})
    assert page.status_code == 200
    assert "<caption>" in page.content.decode()


def test_barriers_report_refuses_anonymous_outsiders_and_non_member_organisations(
    client, orgs, declined
):
    url = reverse("outcomes:barriers")
    assert reverse("login") in client.get(url)["Location"]
    client.force_login(orgs.outsider)
    assert client.get(url).status_code == 403
    organisation = orgs.third.organisation
    organisation.is_member = False
    organisation.save()
    client.force_login(orgs.third.users["case_reviewer"])
    assert client.get(url).status_code == 403


def test_the_drafted_item_is_titled_with_czech_dates_on_one_line(secretariat_member, declined):
    item = barriers_report_draft(user=secretariat_member, start=START, end=END)
    # The dates as the templates write them (issue 17): no-break spaces inside each date.
    assert "1.\xa01.\xa02025 – 31.\xa012.\xa02025" in item.title


# --- The small-cell rule of the outcome dashboard, on the page and the item (issue 18) ---


def _cells(html: str, caption: str) -> dict[str, str]:
    table = html[html.index(caption) :]
    table = table[: table.index("</table>")]
    rows = re.findall(r'<th scope="row">(.*?)</th><td>(.*?)</td>', table)
    return dict(rows)


def test_report_page_hides_small_counts_as_the_dashboard_does(client, orgs, declined, dataset):
    hr = dataset.programmes["hr"]
    debts = ReasonCode.objects.get(code_list="decline", code="debts")
    for i in range(5):
        referral = dataset.referral(
            f"more{i}", hr, submitted="2025-05-01", decided="2025-05-10", status=Status.DECLINED
        )
        Referral.objects.filter(pk=referral.pk).update(decline_code=debts)
    client.force_login(orgs.sender.users["case_reviewer"])
    html = client.get(
        reverse("outcomes:barriers"), {"start": "2025-01-01", "end": "2025-12-31"}
    ).content.decode()
    cells = _cells(html, "Zamítnutá předání podle důvodu")
    assert cells[debts.label] == "8"  # 3 + 5: shown
    for code in ("capacity", "cooperation", "documents"):  # 1, 1 and 0: hidden as small
        assert cells[label(code)] == "méně než 5"
    assert cells["Bez kódovaného důvodu"] == "méně než 5"  # 2
    assert cells["Celkem"] == "12"
    assert not re.search(r"<td>[0-4]</td>", html)
    criteria = _cells(html, "Nesplněné podmínky přijetí u zamítnutých předání")
    assert criteria == {"Žádné dluhy u dodavatele energií": "méně než 5"}  # 2
    assert "méně než 5“ = počet menší než 5" in html  # the note says what the marks mean


def test_a_lone_small_count_takes_a_complementary_one_with_it():
    values, total = protect_counts([8, 3])
    assert values == [Hidden(COMPLEMENTARY), Hidden(SMALL)]
    assert total == 11  # 3 cannot be worked out: 8 is hidden too
    assert protect_counts([3]) == ([Hidden(SMALL)], Hidden(SMALL))
    assert protect_counts([5, 7]) == ([5, 7], 12)


@given(st.lists(st.integers(min_value=0, max_value=40), min_size=1, max_size=8))
def test_no_count_below_five_is_shown_or_derivable_from_the_total(counts):
    values, total = protect_counts(counts)
    shown = [v for v in values if not isinstance(v, Hidden)]
    assert all(v >= 5 for v in shown)
    assert isinstance(total, Hidden) or total >= 5
    hidden = [c for c, v in zip(counts, values, strict=True) if isinstance(v, Hidden)]
    # With the total published, one hidden count alone would be the total less the others.
    assert isinstance(total, Hidden) or len(hidden) != 1
    for count, value in zip(counts, values, strict=True):
        if isinstance(value, Hidden):
            assert value.reason == (SMALL if count < 5 else COMPLEMENTARY)


def test_the_page_and_the_drafted_item_show_the_same_protected_lines(
    client, secretariat_member, declined
):
    report = barriers_report(start=START, end=END)
    lines, total = suppressed_lines(report.by_category)
    client.force_login(secretariat_member)
    page = client.get(reverse("outcomes:barriers"), {"start": "2025-01-01", "end": "2025-12-31"})
    assert page.context["categories"] == lines and page.context["declined_total"] == total
    item = barriers_report_draft(user=secretariat_member, start=START, end=END)
    body = item.get_latest_revision_as_object().body
    for label_, value in lines:
        assert f'<th scope="row">{label_}</th><td>{value}</td>' in body
    assert not re.search(r"<td>[0-4]</td>", body)
