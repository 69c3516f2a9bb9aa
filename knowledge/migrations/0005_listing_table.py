"""The library's listing table and its counts (knowledge.listing, docs/decisions/0003),
filled for the items already there: every live item outside a view restriction, per
audience that may read it (0 anyone, 1 members) and per facet value it carries. Plain SQL
that PostgreSQL and SQLite both run; afterwards KnowledgeItemPage.save keeps it."""

from django.db import migrations, models

FILL = """
INSERT INTO knowledge_listingentry (audience, facet, value, item_id, year, title)
WITH listed AS (
  SELECT k.page_ptr_id AS id, k.kind, k.organisation_id, k.region, k.year, k.visibility,
         p.title
  FROM knowledge_knowledgeitempage k JOIN wagtailcore_page p ON p.id = k.page_ptr_id
  WHERE p.live AND NOT EXISTS (
    SELECT 1 FROM wagtailcore_pageviewrestriction r
    JOIN wagtailcore_page rp ON rp.id = r.page_id
    WHERE p.path LIKE rp.path || '%'
  )
),
keys AS (
  SELECT id, '' AS facet, '' AS value FROM listed
  UNION ALL SELECT id, 'kind', kind FROM listed
  UNION ALL SELECT id, 'org', CAST(organisation_id AS varchar(40)) FROM listed
  UNION ALL SELECT id, 'region', region FROM listed WHERE region <> ''
  UNION ALL SELECT id, 'year', CAST(year AS varchar(40)) FROM listed WHERE year IS NOT NULL
  UNION ALL SELECT knowledgeitempage_id, 'topic', CAST(topic_id AS varchar(40))
    FROM knowledge_knowledgeitempage_topics
  UNION ALL SELECT knowledgeitempage_id, 'group', CAST(targetgroup_id AS varchar(40))
    FROM knowledge_knowledgeitempage_target_groups
  UNION ALL SELECT knowledgeitempage_id, 'stage', CAST(pathwaystage_id AS varchar(40))
    FROM knowledge_knowledgeitempage_stages
),
audiences AS (SELECT 0 AS audience UNION ALL SELECT 1)
SELECT a.audience, keys.facet, keys.value, l.id, l.year, l.title
FROM keys JOIN listed l ON l.id = keys.id
JOIN audiences a ON a.audience = 1 OR l.visibility = 'public'
"""
COUNT = """
INSERT INTO knowledge_listingcount (audience, facet, value, entries)
SELECT audience, facet, value, count(*) FROM knowledge_listingentry
GROUP BY audience, facet, value
"""


class Migration(migrations.Migration):

    dependencies = [
        ('knowledge', '0004_item_region_index'),
    ]

    operations = [
        migrations.CreateModel(
            name='ListingCount',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('audience', models.PositiveSmallIntegerField()),
                ('facet', models.CharField(max_length=8)),
                ('value', models.CharField(blank=True, max_length=40)),
                ('entries', models.IntegerField(default=0)),
            ],
            options={
                'constraints': [models.UniqueConstraint(fields=('audience', 'facet', 'value'), name='knowledge_listing_count_key')],
            },
        ),
        migrations.CreateModel(
            name='ListingEntry',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('audience', models.PositiveSmallIntegerField()),
                ('facet', models.CharField(max_length=8)),
                ('value', models.CharField(blank=True, max_length=40)),
                ('item_id', models.IntegerField()),
                ('year', models.PositiveSmallIntegerField(null=True)),
                ('title', models.CharField(max_length=255)),
            ],
            options={
                'indexes': [models.Index(fields=['audience', 'facet', 'value', '-year', 'title', 'item_id'], name='knowledge_listing_year'), models.Index(fields=['audience', 'facet', 'value', 'title', 'item_id'], name='knowledge_listing_title'), models.Index(fields=['item_id', 'audience', 'facet', 'value'], name='knowledge_listing_item')],
            },
        ),
        migrations.RunSQL(FILL, migrations.RunSQL.noop),
        migrations.RunSQL(COUNT, migrations.RunSQL.noop),
    ]
