"""The benchmark generator (bench/generate.py) at its smallest scale: deterministic from the
seed, and the rows it bulk-inserts are the ones the services would have left behind."""

import pytest
from django.db import connection, transaction
from wagtail.models import Page

from bench.generate import Table, generate
from bench.scenarios import scenarios
from knowledge.listing import listing_differences
from knowledge.models import (
    KnowledgeItemAttachment,
    KnowledgeItemPage,
    LibrarySectionPage,
    Topic,
)
from partners.models import Membership, Organisation, TargetGroup
from referrals import permissions, selectors
from referrals.models import (
    Client,
    ClientGroupObjectPermission,
    ClientUserObjectPermission,
    Consent,
    CriterionAnswer,
    FinanceRules,
    HouseholdMember,
    Payment,
    Referral,
    ReferralGroupObjectPermission,
    ReferralUserObjectPermission,
    RentTerms,
    Stay,
    StayAccount,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def private_media(settings, tmp_path):
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"
    settings.ELASTICSEARCH_URL = None


def quiet(*_args):
    pass


class Rollback(Exception):
    pass


def generated_once(seed: int, writer: str = "copy"):
    """Generate in a savepoint, read what came out and roll it back."""
    try:
        with transaction.atomic():
            counts = generate("XS", seed, out=quiet, writer=writer)
            references = list(
                Referral.objects.filter(sender_organisation__slug__startswith=f"bench-{seed}-")
                .order_by("reference")
                .values_list("reference", "status", "public_id", "client__reference")
            )
            raise Rollback(counts, references)
    except Rollback as result:
        return result.args


def test_same_seed_same_dataset(site_tree):
    counts, references = generated_once(1)
    assert counts["organisations"] == 3
    assert counts["clients"] == 10
    assert counts["referrals"] == 20
    assert counts["knowledge items"] == 10
    assert len(references) == 20
    assert (counts, references) == generated_once(1)
    _other_counts, other_references = generated_once(2)
    assert [r[2] for r in other_references] != [r[2] for r in references]


def member(organisation_id, role):
    return (
        Membership.objects.filter(organisation_id=organisation_id, role=role)
        .order_by("pk")
        .first()
        .user
    )


def test_referrals_visible_to_their_organisations_only(site_tree):
    generate("XS", 3, out=quiet)
    bench = list(Organisation.objects.filter(slug__startswith="bench-3-"))
    referral = (
        Referral.objects.filter(sender_organisation__in=bench)
        .exclude(status="draft")
        .order_by("pk")
        .first()
    )
    third = next(
        o
        for o in bench
        if o.pk not in (referral.sender_organisation_id, referral.receiver_organisation_id)
    )
    reviewer = member(referral.receiver_organisation_id, "case_reviewer")
    sender = member(referral.sender_organisation_id, "social_worker")

    assert selectors.referral_for(reviewer, referral.public_id) == referral
    assert referral in selectors.referral_list(reviewer, "inbox")
    assert selectors.referral_for(sender, referral.public_id) == referral
    for role in ("social_worker", "case_reviewer", "org_admin"):
        outsider = member(third.pk, role)
        assert selectors.referral_for(outsider, referral.public_id) is None
        assert referral not in selectors.referral_list(outsider, "inbox")


def guardian_rows(client):
    referral_ids = list(client.referrals.values_list("pk", flat=True))
    return (
        set(
            ClientGroupObjectPermission.objects.filter(content_object=client).values_list(
                "group_id", "permission__codename"
            )
        ),
        set(
            ClientUserObjectPermission.objects.filter(content_object=client).values_list(
                "user_id", "permission__codename"
            )
        ),
        set(
            ReferralGroupObjectPermission.objects.filter(
                content_object_id__in=referral_ids
            ).values_list("content_object_id", "group_id", "permission__codename")
        ),
        set(
            ReferralUserObjectPermission.objects.filter(
                content_object_id__in=referral_ids
            ).values_list("content_object_id", "user_id", "permission__codename")
        ),
    )


def test_bulk_permissions_match_a_real_sync(site_tree):
    generate("XS", 4, out=quiet)
    clients = Client.objects.filter(responsible_organisation__slug__startswith="bench-4-")
    assert clients.exists()
    for client in clients:
        before = guardian_rows(client)
        permissions.client_sync_perms(client)
        assert guardian_rows(client) == before, client.reference


def test_history_and_references_like_the_services(site_tree):
    generate("XS", 5, out=quiet)
    referral = (
        Referral.objects.filter(sender_organisation__slug__startswith="bench-5-")
        .exclude(status="draft")
        .order_by("pk")
        .first()
    )
    reasons = list(
        referral.history.order_by("history_date").values_list("history_change_reason", flat=True)
    )
    assert reasons[0] == "referral.created"
    assert reasons[1] == "referral.submit"
    assert referral.history.order_by("history_date").last().status == referral.status
    assert referral.reference.startswith("P-")
    assert referral.answers.exists()


GENERATED = [
    Client,
    Client.history.model,
    HouseholdMember,
    Referral,
    Referral.history.model,
    CriterionAnswer,
    Consent,
    Consent.history.model,
    ReferralGroupObjectPermission,
    ReferralUserObjectPermission,
    ClientGroupObjectPermission,
    ClientUserObjectPermission,
    FinanceRules,
    Stay,
    Stay.history.model,
    StayAccount,
    StayAccount.history.model,
    RentTerms,
    Payment,
    KnowledgeItemPage,
    KnowledgeItemPage.topics.through,
    KnowledgeItemPage.target_groups.through,
    KnowledgeItemPage.stages.through,
    KnowledgeItemAttachment,
]


def sequences():
    with connection.cursor() as cursor:
        cursor.execute("SELECT schemaname || '.' || sequencename, last_value FROM pg_sequences")
        return cursor.fetchall()


def restore(saved):
    """Sequences do not roll back with the savepoint: put them back by hand."""
    with connection.cursor() as cursor:
        for name, last_value in saved:
            if last_value is None:
                cursor.execute("SELECT setval(%s, 1, false)", [name])
            else:
                cursor.execute("SELECT setval(%s, %s)", [name, last_value])


def every_row(writer: str):
    try:
        with transaction.atomic():
            generate("XS", 6, out=quiet, writer=writer)
            rows = {
                model.__name__: list(
                    model._base_manager.order_by("pk").values_list(*Table.of(model).attnames)
                )
                for model in GENERATED
            }
            # Sections and the demo tree come from add_child with random translation keys.
            rows["Page"] = list(
                Page.objects.filter(slug__startswith="polozka-6-")
                .order_by("pk")
                .values_list(*Table.of(Page).attnames)
            )
            raise Rollback(rows)
    except Rollback as result:
        return result.args[0]


def test_copy_writes_the_rows_bulk_create_writes(site_tree):
    saved = sequences()
    by_orm = every_row("orm")
    restore(saved)
    by_copy = every_row("copy")
    assert len(by_orm["Referral"]) == 20
    assert len(by_orm["HistoricalReferral"]) > 20
    assert len(by_orm["ReferralGroupObjectPermission"]) > 20
    assert len(by_orm["KnowledgeItemAttachment"]) >= 10
    assert len(by_orm["Page"]) == 10
    for name, rows in by_orm.items():
        assert by_copy[name] == rows, name


def test_bulk_pages_are_a_valid_tree_and_served(site_tree, client):
    counts = generate("XS", 7, out=quiet)
    assert counts["knowledge items"] == 10
    assert counts["search entries (database)"] >= 10
    # The listing table is what the items' own saves would have written.
    assert counts["library listing entries"] > 10
    assert listing_differences() == 0
    items = KnowledgeItemPage.objects.filter(slug__startswith="polozka-7-")
    assert items.count() == 10
    assert Page.find_problems() == ([], [], [], [], [])
    for section in LibrarySectionPage.objects.filter(organisation__slug__startswith="bench-7-"):
        children = section.get_children()
        assert section.numchild == children.count()
        for child in children:
            assert child.url_path == f"{section.url_path}{child.slug}/"
            assert child.get_parent().pk == section.pk
    item = items.filter(visibility="public").order_by("pk").first()
    response = client.get(item.url)
    assert response.status_code == 200
    assert item.title in response.content.decode()
    assert item.attachments.get().document.url in response.content.decode()
    assert item.topics.count() == min(2, Topic.objects.count())
    assert item.target_groups.count() == min(2, TargetGroup.objects.count())
    assert item.stages.count() == 1


def test_library_top_up_adds_items_after_the_existing_ones(site_tree):
    """`--library-only`: a seed generated with few items gets the rest of its scale's
    library later, numbered after the items it has, in a valid tree."""
    import dataclasses

    from bench.generate import SCALES, Generator

    generate("XS", 8, out=quiet)
    bigger = dataclasses.replace(SCALES["XS"], items=16)
    counts = Generator(bigger, 8, out=quiet).run_library()
    assert counts["knowledge items"] == 6
    slugs = set(
        KnowledgeItemPage.objects.filter(slug__startswith="polozka-8-").values_list(
            "slug", flat=True
        )
    )
    assert slugs == {f"polozka-8-{n}" for n in range(1, 17)}
    assert Page.find_problems() == ([], [], [], [], [])
    topped_up = KnowledgeItemPage.objects.get(slug="polozka-8-16")
    assert topped_up.organisation.slug.startswith("bench-8-")
    assert topped_up.attachments.get().document.file.name.startswith("library/bench-8-")


def test_the_management_command_generates_once_per_seed(site_tree):
    """`manage.py bench_generate` is the same generator; a second run of the seed is
    refused with a clear error and changes nothing."""
    from io import StringIO

    from django.core.management import CommandError, call_command

    output = StringIO()
    call_command("bench_generate", "--scale", "XS", "--seed", "11", stdout=output)
    assert "Counts:" in output.getvalue()
    assert Organisation.objects.filter(slug__startswith="bench-11-").count() == 3
    referrals = Referral.objects.count()
    with pytest.raises(CommandError):
        call_command("bench_generate", "--scale", "XS", "--seed", "11", stdout=StringIO())
    assert Referral.objects.count() == referrals


def test_stays_with_a_year_of_rent_and_payments_like_the_services(site_tree, monkeypatch, client):
    """Every accepted referral decided early enough moves in (PLACED_SHARE 1): its stay,
    account, rent and twelve months of payments are what the services would have left, the
    arrears flag is where account_refresh puts it, and the permissions match a real sync."""
    import bench.stays
    from bench.generate import Generator, Scale
    from cms.models import ProjectIndexPage
    from referrals import services

    monkeypatch.setattr(bench.stays, "PLACED_SHARE", 1.0)
    site_tree.home.add_child(instance=ProjectIndexPage(title="Projekty", slug="projekty"))
    scale = Scale(organisations=3, users=12, clients=40, referrals=160, items=2)
    generator = Generator(scale, 6, out=quiet)
    counts = generator.run()
    stays = Stay.objects.filter(referral__sender_organisation__slug__startswith="bench-6-")
    assert counts["stays"] == stays.count() >= 5
    assert counts["payments"] == Payment.objects.filter(account__stay__in=stays).count()
    day = generator.now.date()
    flags = []
    for stay in stays.select_related("referral", "account"):
        referral = stay.referral
        assert referral.status == "placed"
        assert stay.programme_id == referral.programme_id and stay.moved_in_on < day
        assert referral.decided_at.date() < stay.moved_in_on
        assert [h.history_change_reason for h in referral.history.order_by("history_date")][
            -1
        ] == "referral.place"
        assert stay.history.get().history_change_reason == "stay.started"
        account = stay.account
        assert account.organisation_id == referral.receiver_organisation_id
        assert account.history.get().history_change_reason == "account.opened"
        statement = selectors.account_statement(
            selectors.accounts_loaded(StayAccount.objects.filter(pk=account.pk)).get(), on=day
        )
        assert len([m for m in statement.months if m.rent and m.due]) == 12
        assert account.payments.filter(paid_on__gt=day).count() == 0
        flags.append(account.arrears_flag_since)
        services.account_refresh(account, today=day)
        account.refresh_from_db()
        assert account.arrears_flag_since == flags[-1]  # the generator's flag holds
    assert None in flags and day in flags  # some tenants in arrears, some not
    assert Payment.objects.filter(account__stay__in=stays, payer="labour_office").exists()
    for owner in Client.objects.filter(referrals__stay__in=stays).distinct():
        before = guardian_rows(owner)
        permissions.client_sync_perms(owner)
        assert guardian_rows(owner) == before, owner.reference

    # The benchmark's two new pages: a stay's money and the project report over it all.
    planned = {scenario.name: scenario for scenario in scenarios(3, 1)}
    money_page = planned["referral_detail_money"].requests[0]
    client.force_login(money_page.user)
    page = client.get(money_page.path, secure=True).content.decode()
    assert 'id="penize"' in page and 'data-testid="payment-form"' in page
    report = planned["project_report"].requests[0]
    client.force_login(report.user)
    response = client.get(report.path, secure=True)
    supported = response.context["report"].rows[0]
    assert supported.code == "6 00 00" and supported.cumulative > 0
