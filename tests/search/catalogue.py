"""A catalogue of ten items with known facets, searched by one word in every summary;
the `catalogue` fixture (tests/search/conftest.py) publishes it."""

from collections import Counter

from knowledge.selectors import items_visible_to
from partners.models import PathwayStage, TargetGroup
from tests.knowledge.factories import TopicFactory, make_item

WORD = "ověřený"  # in every summary below, in nothing else


def publish_catalogue(orgs, index_now):
    debts = TopicFactory(slug="dluhy", name="Dluhy")
    work = TopicFactory(slug="socialni-prace", name="Sociální práce")
    families = TargetGroup.objects.get(slug="rodiny-s-detmi")
    homeless = TargetGroup.objects.get(slug="bez-domova")
    training = PathwayStage.objects.get(slug="treninkove")
    crisis = PathwayStage.objects.get(slug="krizove")
    plan = [
        # section, kind, year, region, visibility, topics, groups, stages
        ("sender", "methodology", 2016, "", "public", [debts], [families], [training]),
        ("sender", "methodology", 2017, "", "members", [debts, work], [], [training]),
        ("sender", "case_study", 2017, "", "members", [work], [families], [crisis]),
        ("sender", "good_practice", 2018, "plzensky", "public", [], [homeless], [crisis]),
        ("third", "analysis", 2018, "", "public", [debts], [families, homeless], []),
        ("third", "analysis", 2019, "praha", "public", [work], [], [training, crisis]),
        ("third", "concept", 2019, "praha", "members", [], [homeless], [training]),
        ("third", "statistics", 2020, "", "public", [debts, work], [families], []),
        ("receiver", "evaluation", 2016, "", "public", [], [], [crisis]),
        ("receiver", "training", 2020, "", "public", [work], [families], [training]),
    ]
    with index_now():
        for n, (org, kind, year, region, visibility, topics, groups, stages) in enumerate(plan):
            section = getattr(orgs, org).organisation.library_section
            item = make_item(
                section,
                title=f"Položka {n} {kind}",
                summary=f"{WORD.capitalize()} postup číslo {n}.",
                kind=kind,
                year=year,
                region=region,
                visibility=visibility,
                anonymised_confirmed=True,
                live=False,
            )
            item.topics.set(topics)
            item.target_groups.set(groups)
            item.stages.set(stages)
            item.save_revision().publish()
    return plan


def database_counts(user) -> dict[str, Counter]:
    items = list(
        items_visible_to(user)
        .filter(summary__icontains=WORD)
        .prefetch_related("topics", "target_groups", "stages")
    )
    counts = {name: Counter() for name in ("kind", "topic", "target_group", "stage")}
    counts |= {"region": Counter(), "organisation": Counter(), "year": Counter()}
    for item in items:
        counts["kind"][item.kind] += 1
        counts["year"][str(item.year)] += 1
        counts["region"][item.region or item.organisation.region] += 1
        counts["organisation"][item.organisation.slug] += 1
        for topic in item.topics.all():
            counts["topic"][topic.slug] += 1
        for group in item.target_groups.all():
            counts["target_group"][group.slug] += 1
        for stage in item.stages.all():
            counts["stage"][stage.slug] += 1
    return counts


def facet_counts(results) -> dict[str, Counter]:
    return {f.name: Counter({o.value: o.count for o in f.options}) for f in results.facets}
