"""The world of the stored-XSS sweep (test_xss.py): every swept model filled with
payloads, and the pages and views that show them."""

import datetime
from dataclasses import dataclass

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from wagtail.models import Collection

from cms.models import (
    HomePage,
    NewsIndexPage,
    NewsPage,
    ProjectContact,
    ProjectIndexPage,
    ProjectKeyActivity,
    ProjectOutput,
    ProjectPage,
    StandardPage,
)
from knowledge.models import (
    KnowledgeItemAttachment,
    KnowledgeItemPage,
    LibraryDocument,
    LibraryIndexPage,
    LibrarySectionPage,
    Topic,
)
from partners.models import IntakeCriterion, Organisation, ReasonCode
from referrals import services
from referrals.models import (
    Attachment,
    CaseFlag,
    Client,
    Consent,
    CriterionAnswer,
    HouseholdMember,
    PlanGoal,
    Referral,
    ReviewDecision,
    Stay,
    Visit,
)
from tests.referrals.factories import S, answers_all_yes
from tests.uploads.files import real_pdf
from tests.xss_payloads import Payloads, Rendered, payload, swept_fields


@dataclass
class World:
    payloads: Payloads
    pages: dict
    organisation: Organisation
    referral: Referral
    declined: Referral
    draft: Referral
    client_record: Client
    programme_organisation: Organisation


def add_page(parent, page, payloads: Payloads, slug: str):
    payloads.fill(page)
    page.slug = slug
    parent.add_child(instance=page)
    return page


@pytest.fixture
def world(site_tree, orgs, case, settings) -> World:
    settings.ELASTICSEARCH_URL = None  # the search page answers from the database copy
    payloads = Payloads()

    # Partners first: their names show on library, project and referral pages.
    organisation = orgs.sender.organisation
    payloads.fill(organisation)
    organisation.save()
    payloads.fill(case.programme)
    case.programme.save()
    for criterion in IntakeCriterion.objects.filter(programme=case.programme)[:1]:
        payloads.fill(criterion)
        criterion.save()

    # Fresh from the database: the fixture's copies hold a stale child count, and saving
    # one would cut the tree below it.
    home = HomePage.objects.get(pk=site_tree.home.pk)
    payloads.fill(home)
    home.save()
    library = LibraryIndexPage.objects.get(pk=site_tree.library.pk)
    payloads.fill(library)
    library.save()
    section = LibrarySectionPage.objects.get(organisation=organisation)
    payloads.fill(section)
    section.save()

    standard = add_page(home, StandardPage(), payloads, "o-nas")
    news_index = add_page(home, NewsIndexPage(), payloads, "aktuality")
    news = add_page(news_index, NewsPage(date=datetime.date(2026, 3, 1)), payloads, "zprava")
    projects = add_page(home, ProjectIndexPage(), payloads, "projekty")
    project = ProjectPage(period_start=datetime.date(2025, 1, 1), lead_organisation=organisation)
    for child_model in (ProjectKeyActivity, ProjectOutput, ProjectContact):
        child = child_model()
        payloads.fill(child)
        getattr(
            project,
            {"ProjectKeyActivity": "key_activities", "ProjectOutput": "outputs"}.get(
                child_model.__name__, "contacts"
            ),
        ).add(child)
    add_page(projects, project, payloads, "projekt")
    project.partner_organisations.add(organisation)
    project.save()

    topic = Topic(slug="xss")
    payloads.fill(topic)
    topic.save()
    document = LibraryDocument(collection=Collection.get_first_root_node(), file="library/a.pdf")
    payloads.fill(document)
    document.save()
    item = KnowledgeItemPage(kind="methodology", visibility="public", year=2026)
    attachment = KnowledgeItemAttachment(document=document)
    payloads.fill(attachment)
    item.attachments.add(attachment)
    item.attachments.add(KnowledgeItemAttachment(document=document, label=""))  # by its title
    add_page(section, item, payloads, "polozka")
    item.topics.add(topic)
    item.save()

    # Referral module: what users type goes in through the services (so the history
    # timeline holds it too), then every remaining text field is filled directly.
    referral = case.make(S.PLACED)
    worker = case.programme.organisation.memberships.filter(role="social_worker").first().user
    text = payload("xss900q", Referral._meta.get_field("reason"))
    services.attachment_add(
        referral=referral,
        user=worker,
        uploaded_file=SimpleUploadedFile('"><svg onload=xss901q()>.pdf', real_pdf()),
        description=text,
    )
    stay = Stay.objects.get(referral=referral)
    services.visit_record(stay=stay, user=worker, visited_on=datetime.date.today(), note=text)
    goal = services.plan_goal_add(stay=stay, user=worker, text=text[:300])
    services.plan_goal_update(goal=goal, user=worker, status=goal.status, progress=text)
    declined = services.referral_create(
        user=case.sender,
        client=case.client,
        programme=case.programme,
        reason=text,
        answers=answers_all_yes(case.programme),
    )
    draft = services.referral_create(
        user=case.sender,
        client=case.client,
        programme=case.programme,
        reason=text,
        answers=answers_all_yes(case.programme),
    )
    declined = services.referral_submit(referral=declined, user=case.sender)
    services.referral_flag(
        referral=declined, user=case.sender, kind=CaseFlag.Kind.values[0], reason=text
    )
    services.referral_decide(
        referral=declined,
        user=case.reviewer,
        decision=ReviewDecision.Decision.DECLINE,
        reason=text,  # the free-text note beside the coded reason
        reason_code=ReasonCode.objects.get(code_list="decline", code="capacity"),
        meeting_date=datetime.date.today(),
    )

    client_record = Client.objects.get(pk=case.client.pk)
    for instance in (
        client_record,
        *HouseholdMember.objects.filter(client=client_record),
        *Consent.objects.filter(client=client_record),
        *Referral.objects.filter(client=client_record),
        *CriterionAnswer.objects.filter(referral__client=client_record),
        *Attachment.objects.filter(referral__client=client_record),
        *ReviewDecision.objects.filter(referral__client=client_record),
        *CaseFlag.objects.filter(referral__client=client_record),
        *Stay.objects.filter(referral__client=client_record),
        *PlanGoal.objects.filter(stay__referral__client=client_record),
        *Visit.objects.filter(stay__referral__client=client_record),
    ):
        payloads.fill(instance)
        # update(), not save(): the services' own checks are not what is tested here
        values = {f.attname: getattr(instance, f.attname) for f in swept_fields(type(instance))}
        type(instance).objects.filter(pk=instance.pk).update(**values)

    pages = {
        "home": home,
        "standard": standard,
        "news_index": news_index,
        "news": news,
        "project_index": projects,
        "project": project,
        "library": library,
        "section": section,
        "item": item,
    }
    return World(
        payloads,
        pages,
        organisation,
        referral,
        declined,
        draft,
        client_record,
        case.programme.organisation,
    )


def render(client, name: str, url: str, *, expect_html=True) -> Rendered:
    response = client.get(url)
    assert response.status_code == 200, f"{name}: {url} answered {response.status_code}"
    body = (
        b"".join(response.streaming_content) if response.streaming else response.content
    ).decode()
    return Rendered(
        name,
        body,
        response.get("Content-Type", ""),
        response.get("X-Content-Type-Options") == "nosniff",
    )


def public_views(world: World) -> dict[str, str]:
    urls = {name: page.url for name, page in world.pages.items()}
    urls.update(
        {
            "directory": reverse("partners:directory"),
            "organisation": reverse("partners:organisation", args=[world.organisation.slug]),
            "programme_organisation": reverse(
                "partners:organisation", args=[world.programme_organisation.slug]
            ),
            "api_items": reverse("knowledge:api-items"),
            "sitemap": "/sitemap.xml",
        }
    )
    return urls


def referral_views(world: World) -> dict[str, str]:
    ref = world.client_record.reference
    urls = {
        "client_list": reverse("referrals:client_list"),
        "client": reverse("referrals:client", args=[ref]),
        "client_history": reverse("referrals:client_history", args=[ref]),
        "inbox": reverse("referrals:inbox"),
        "outbox": reverse("referrals:outbox"),
        "caseload": reverse("referrals:caseload"),
        "agenda": reverse("referrals:agenda"),
        "notifications": reverse("referrals:notifications"),
    }
    urls["client_edit"] = reverse("referrals:client_edit", args=[ref])
    urls["consent_create"] = reverse("referrals:consent_create", args=[ref])
    urls["draft_edit"] = reverse("referrals:edit", args=[world.draft.public_id])
    for label, referral in (
        ("placed", world.referral),
        ("declined", world.declined),
        ("draft", world.draft),
    ):
        urls[f"{label}_detail"] = reverse("referrals:detail", args=[referral.public_id])
        urls[f"{label}_history"] = reverse("referrals:history", args=[referral.public_id])
    return urls
