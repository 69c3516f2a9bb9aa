import pytest

from allocation import services
from allocation.errors import AllocationError, NotPermitted
from allocation.models import MemberScore, WaitingListEntry
from tests.allocation.conftest import en
from tests.allocation.factories import ScoringCriterionFactory

pytestmark = pytest.mark.django_db


def test_final_score_sums_the_criteria_met_and_explains_each(alloc):
    entry = alloc.applicant(household=3)
    entry = alloc.score(entry, "Rodina s nezletilými dětmi", "Náklady na bydlení nad 40 % příjmu")
    total, lines = services.explain_score(entry.score_items)
    assert entry.score == total == 16
    assert [(line["name"], line["points"]) for line in lines] == [
        ("Rodina s nezletilými dětmi", 10),
        ("Náklady na bydlení nad 40 % příjmu", 6),
    ]
    assert lines[0]["evidence"] == "rodné listy dětí"


def test_explanation_keeps_the_points_of_the_day_after_the_table_changes(alloc):
    entry = alloc.score(alloc.applicant(), "Oběť domácího násilí")
    criterion = alloc.criteria[2]
    criterion.points = 3
    criterion.save()
    entry.refresh_from_db()
    assert entry.score == 10
    assert entry.score_items[0]["points"] == 10


def test_each_member_scores_separately_and_rescoring_is_kept_in_history(alloc, orgs):
    entry = alloc.applicant()
    second = orgs.receiver.users["case_reviewer"]
    from partners.models import Membership
    from tests.partners.factories import MembershipFactory, UserFactory

    other = UserFactory(username="mesto-komise-2")
    MembershipFactory(
        user=other, organisation=orgs.receiver.organisation, role=Membership.Role.CASE_REVIEWER
    )
    ids = [c.pk for c in alloc.criteria]
    services.score_record(entry=entry, user=second, criterion_ids=ids[:1], note="Dvě děti.")
    services.score_record(entry=entry, user=other, criterion_ids=ids[:2])
    services.score_record(entry=entry, user=second, criterion_ids=ids[:3])
    scores = {s.member_id: s.total for s in MemberScore.objects.filter(entry=entry)}
    assert scores == {second.pk: 28, other.pk: 18}
    mine = MemberScore.objects.get(entry=entry, member=second)
    totals = [h.total for h in mine.history.order_by("history_date")]
    assert totals == [10, 28]
    assert {h.history_change_reason for h in mine.history.all()} == {"allocation.member_scored"}
    assert {h.history_user_id for h in mine.history.all()} == {second.pk}


def test_final_decision_is_recorded_in_the_entry_history(alloc):
    entry = alloc.applicant()
    alloc.score(entry, "Oběť domácího násilí")
    alloc.score(entry, "Oběť domácího násilí", "Rodina s nezletilými dětmi")
    history = entry.history.order_by("history_date")
    decided = [h for h in history if h.history_change_reason == "allocation.score_decided"]
    assert [h.score for h in decided] == [10, 20]
    assert decided[-1].history_user_id == alloc.commission.pk


@pytest.mark.parametrize(
    "who", ["sender_social_worker", "receiver_social_worker", "third_reviewer", "outsider"]
)
def test_only_the_programmes_commission_may_score(alloc, orgs, who):
    entry = alloc.applicant()
    user = {
        "sender_social_worker": orgs.sender.users["social_worker"],
        "receiver_social_worker": orgs.receiver.users["social_worker"],
        "third_reviewer": orgs.third.users["case_reviewer"],
        "outsider": orgs.outsider,
    }[who]
    with pytest.raises(NotPermitted):
        services.score_record(entry=entry, user=user, criterion_ids=[alloc.criteria[0].pk])
    with pytest.raises(NotPermitted):
        services.score_decide(entry=entry, user=user, criterion_ids=[alloc.criteria[0].pk])
    assert not MemberScore.objects.exists()
    assert WaitingListEntry.objects.get(pk=entry.pk).score == 0


def test_criterion_of_another_programme_is_refused_and_nothing_changes(alloc, affordable_programme):
    foreign = ScoringCriterionFactory(programme=affordable_programme, name="Cizí", points=50)
    entry = alloc.applicant()
    with pytest.raises(AllocationError) as error:
        services.score_decide(
            entry=entry, user=alloc.commission, criterion_ids=[alloc.criteria[0].pk, foreign.pk]
        )
    assert "points table" in en(error.value.message)
    entry.refresh_from_db()
    assert entry.score == 0 and entry.score_items == []
