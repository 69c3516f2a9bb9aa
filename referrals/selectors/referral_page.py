"""The referral page: the rows hanging off a referral (loaded once for the page and its
timeline), what the page shows of them, and the library's methodologies for the programme."""

import datetime
from dataclasses import dataclass
from functools import cached_property

from core.cache import content_cached
from knowledge.models import KnowledgeItemPage, KnowledgeKind
from knowledge.selectors import items_visible_to
from partners.models import Programme
from partners.rules import has_visit_schedule, visit_schedule
from partners.selectors import user_is_coalition_member

from .. import permissions
from ..models import Attachment, CaseFlag, Referral, Stay


class ReferralRelated:
    """The rows hanging off a referral that both its page and its timeline show, each
    loaded once per referral instance (see related_of)."""

    def __init__(self, referral: Referral):
        self.referral = referral

    @cached_property
    def stay(self) -> Stay | None:
        return (
            Stay.objects.filter(referral=self.referral)
            .select_related(
                "support_worker", "stage", "programme__stage", "programme__finance_rules"
            )
            .prefetch_related("renewals", "programme__visit_phases")
            .first()
        )

    @cached_property
    def decisions(self) -> list:
        return list(
            self.referral.decisions.select_related("decided_by").prefetch_related("members_present")
        )

    @cached_property
    def flags(self) -> list[CaseFlag]:
        return list(self.referral.flags.select_related("raised_by", "resolved_by"))

    @cached_property
    def attachments(self) -> list[Attachment]:
        return list(self.referral.attachments.select_related("uploaded_by"))


def related_of(referral: Referral) -> ReferralRelated:
    """Requests read these after any change they make (the views redirect after a POST),
    so the instance's copy is never stale within one."""
    related = referral.__dict__.get("_related")
    if related is None:
        related = referral.__dict__["_related"] = ReferralRelated(referral)
    return related


def referral_page_data(user, referral: Referral) -> dict:
    content = permissions.can_see_case_content(user, referral)
    related = related_of(referral)
    stay = related.stay
    data = {
        "content_visible": content,
        "answers": list(referral.answers.all()) if content else [],
        "attachments": related.attachments if content else [],
        "stay": stay,
        "goals": list(stay.goals.all()) if stay and content else [],
        "visits": list(stay.visits.select_related("visited_by")[:20]) if stay and content else [],
        "flags": related.flags,
        "decisions": related.decisions,
        "chain": [
            (node, node.pk == referral.pk or permissions.can_view_referral(user, node))
            for node in referral.chain()
        ],
        "lease_limit": None,
        "renewals": list(stay.renewals.all()) if stay else [],
        "visit_plan": None,
    }
    if stay is not None:
        from ..services.stays import lease_limit

        data["lease_limit"] = lease_limit(stay.programme, stay.lease_start)
        if content:
            data["visit_plan"] = visit_plan(stay, data["visits"])
    return data


@dataclass(frozen=True)
class VisitPlan:
    """The stay's visit schedule as the page shows it: each phase, and the day by which
    the next visit is due under the phase in force (None: no visit required)."""

    phases: tuple[tuple[datetime.date, int | None], ...]
    next_due: datetime.date | None


def visit_plan(stay: Stay, visits: list) -> VisitPlan | None:
    if not has_visit_schedule(stay.programme):
        return None
    schedule = visit_schedule(stay.programme, stay.moved_in_on)
    last = max([visit.visited_on for visit in visits] + [stay.moved_in_on])
    late_from = schedule.overdue_from(last) if stay.ended_on is None else None
    next_due = late_from - datetime.timedelta(days=1) if late_from else None
    return VisitPlan(schedule.phases, next_due)


@dataclass(frozen=True)
class LibraryLink:
    """A knowledge item as the referral page lists it."""

    pk: int
    title: str
    url: str
    kind: str

    def get_kind_display(self) -> str:
        return KnowledgeKind(self.kind).label


def methodologies_for(user, programme: Programme) -> list[LibraryLink]:
    """The coalition's methodologies and templates for the programme's pathway stage.

    Finding them means sorting every item of the stage by title (about 1 200 of 50 000
    at bench scale M, 25 ms), and the answer is the same for every member and every
    referral of that stage until the library changes: the links are cached under the
    page cache's content version (core.cache.content_cached), apart for members and
    for everyone else, as items_visible_to tells them apart."""
    if programme.stage_id is None:
        return []
    member = user_is_coalition_member(user)

    def links() -> list[LibraryLink]:
        items = (
            items_visible_to(user)
            .filter(
                kind__in=[KnowledgeKind.METHODOLOGY, KnowledgeKind.TEMPLATE],
                pk__in=KnowledgeItemPage.stages.through.objects.filter(
                    pathwaystage_id=programme.stage_id
                ).values("knowledgeitempage_id"),
            )
            .order_by("title", "pk")[:12]
        )
        return [LibraryLink(i.pk, i.title, i.get_url(), i.kind) for i in items]

    return content_cached(f"methodologies:{programme.stage_id}:{int(member)}", links)
