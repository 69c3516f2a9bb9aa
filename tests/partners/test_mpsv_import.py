"""The import of the MPSV registry of social-service providers, on the sample file the
project ships: matching by IČO and service identifier, proposals that are not published,
member edits never overwritten, and a second run that changes nothing."""

import copy
import json
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.forms.models import model_to_dict

from core.access import SECRETARIAT_GROUP
from partners.errors import NotSecretariat, ProposalNotOpen
from partners.models import Organisation, Programme, RegistryRecord
from partners.mpsv import importer, proposals, reader
from tests.partners.factories import OrganisationFactory, ProgrammeFactory, UserFactory

pytestmark = pytest.mark.django_db

SAMPLE = Path(importer.__file__).parent / "sample.json"
Status = RegistryRecord.Status


@pytest.fixture
def directory():
    cssp = OrganisationFactory(
        name="Centrum sociálních služeb Praha", ico="70883858", street_address="", phone=""
    )
    kadan = OrganisationFactory(
        name="Město Kadaň",
        ico="00261238",
        kind=Organisation.Kind.MUNICIPALITY,
        email="socialni@kadan.example",  # a member's own address
    )
    crisis_centre = ProgrammeFactory(
        organisation=cssp,
        name="Intervenční centrum (naše jméno)",
        registry_id="9100002",
        capacity=None,
        description="",
        area_served="",
    )
    return {"cssp": cssp, "kadan": kadan, "crisis_centre": crisis_centre}


@pytest.fixture
def secretary(db):
    from django.contrib.auth.models import Group

    user = UserFactory(username="sekretarka")
    user.groups.add(Group.objects.get_or_create(name=SECRETARIAT_GROUP)[0])
    return user


def run(path=SAMPLE) -> importer.ImportReport:
    return importer.registry_import(providers=reader.read_registry(path))


def state() -> dict:
    """Everything the import may touch, without the time a record was last seen."""
    return {
        "organisations": [model_to_dict(o) for o in Organisation.objects.order_by("pk")],
        "programmes": [
            model_to_dict(p, exclude=["target_groups"]) for p in Programme.objects.order_by("pk")
        ],
        "records": [
            (
                r.kind,
                r.key,
                r.status,
                r.organisation_id,
                r.programme_id,
                r.values,
                r.applied,
                r.changed_at,
            )
            for r in RegistryRecord.objects.order_by("pk")
        ],
    }


def test_sample_file_reads_with_the_documented_fields():
    providers = reader.read_registry(SAMPLE)
    assert [p.ico for p in providers] == ["70883858", "00261238", "99001128"]
    cssp = providers[0]
    assert cssp.values["street_address"] == "Žilinská 2, 141 00 Praha"
    assert cssp.region == "praha"
    services = {s.identifier: s for p in providers for s in p.services}
    assert services["9100001"].values["kind"] == Programme.Kind.SHELTER
    assert services["9100001"].values["capacity"] == 40
    assert services["9100003"].values["kind"] == Programme.Kind.FIELD_WORK
    assert services["9100005"].ended_on.isoformat() == "2020-12-31"


def test_first_import_matches_fills_blanks_and_proposes_the_rest(directory):
    report = run()
    programme = Programme.objects.get(pk=directory["crisis_centre"].pk)
    # Matched by the identifier a member set: blanks filled, the member's name kept.
    assert programme.name == "Intervenční centrum (naše jméno)"
    assert (programme.capacity, programme.area_served) == (12, "Hlavní město Praha")
    assert programme.contact_email == "ic@cssp.example"
    assert [(k.field, k.registry_value) for k in report.kept if k.field == "name"] == [
        ("name", "Intervenční centrum Praha")
    ]
    # Providers matched by IČO: empty fields filled, a member's e-mail kept.
    assert Organisation.objects.get(pk=directory["cssp"].pk).phone == "222 333 444"
    assert Organisation.objects.get(pk=directory["kadan"].pk).email == "socialni@kadan.example"
    # New services and the unknown provider are proposals, not programmes.
    proposed = RegistryRecord.objects.filter(status=Status.PROPOSED)
    assert sorted(proposed.values_list("kind", "key")) == [
        ("provider", "99001128"),
        ("service", "9100001"),
        ("service", "9100003"),
        ("service", "9100004"),
    ]
    assert not Programme.objects.filter(registry_id__in=["9100001", "9100003", "9100004"])
    assert not Organisation.objects.filter(ico="99001128").exists()
    # A service the registry lists as ended is not proposed.
    assert not RegistryRecord.objects.filter(key="9100005").exists()
    assert (report.services_linked, report.services_proposed, report.providers_proposed) == (
        1,
        3,
        1,
    )


def test_second_run_on_the_same_file_changes_nothing(directory):
    run()
    before = state()
    report = run()
    assert state() == before
    assert (report.fields_updated, report.records_changed) == (0, 0)
    assert report.services_proposed == 3  # still open, not proposed twice
    assert RegistryRecord.objects.count() == 7


def test_member_edits_survive_a_newer_registry_file(directory, tmp_path):
    run()
    programme = Programme.objects.get(pk=directory["crisis_centre"].pk)
    programme.contact_phone = "800 123 456"  # a member's change after the import
    programme.save()
    data = json.loads(SAMPLE.read_text(encoding="utf-8"))
    newer = copy.deepcopy(data)
    service = newer["poskytovatele"][0]["sluzby"][0]
    service["kontakt"]["telefon"] = "281 000 000"
    service["kapacita"]["pocet"] = 15
    newer_file = tmp_path / "newer.json"
    newer_file.write_text(json.dumps(newer, ensure_ascii=False), encoding="utf-8")

    report = run(newer_file)

    programme.refresh_from_db()
    assert programme.contact_phone == "800 123 456"  # edited by a member: kept
    assert programme.capacity == 15  # untouched since the last import: updated
    record = RegistryRecord.objects.get(key="9100002")
    assert record.values["contact_phone"] == "281 000 000"
    assert any(k.field == "contact_phone" for k in report.kept)


def test_accepting_proposals_publishes_them_and_the_next_import_links(directory, secretary):
    run()
    provider = RegistryRecord.objects.get(kind="provider", key="99001128")
    proposals.registry_record_accept(record=provider, user=secretary)
    organisation = Organisation.objects.get(ico="99001128")
    assert (organisation.is_member, organisation.region) == (False, "olomoucky")
    assert organisation.street_address == "Komenského 12, 750 02 Přerov"
    service = RegistryRecord.objects.get(key="9100004")
    assert service.organisation == organisation
    proposals.registry_record_accept(record=service, user=secretary)
    programme = Programme.objects.get(registry_id="9100004")
    assert programme.is_active and programme.organisation == organisation
    assert programme.kind == Programme.Kind.COUNSELLING

    kadan_service = RegistryRecord.objects.get(key="9100003")
    proposals.registry_record_dismiss(record=kadan_service, user=secretary)
    with pytest.raises(ProposalNotOpen):
        proposals.registry_record_accept(record=kadan_service, user=secretary)

    before = state()
    report = run()
    assert state() == before
    assert report.services_proposed == 1  # only the shelter of CSSP is still open
    assert RegistryRecord.objects.get(key="9100003").status == Status.DISMISSED


def test_accepting_into_an_existing_programme_links_it(directory, secretary):
    run()
    shelter = ProgrammeFactory(organisation=directory["cssp"], name="Azylový dům", capacity=30)
    record = RegistryRecord.objects.get(key="9100001")
    proposals.registry_record_accept(record=record, user=secretary, programme=shelter)
    shelter.refresh_from_db()
    assert shelter.registry_id == "9100001"
    assert (shelter.name, shelter.capacity) == ("Azylový dům", 30)  # the member's values stay
    assert shelter.contact_email == "azyl@cssp.example"  # blanks filled


def test_only_the_secretariat_decides_on_proposals(directory, orgs_free_user):
    run()
    record = RegistryRecord.objects.get(key="9100001")
    with pytest.raises(NotSecretariat):
        proposals.registry_record_accept(record=record, user=orgs_free_user)
    assert RegistryRecord.objects.get(key="9100001").status == Status.PROPOSED


@pytest.fixture
def orgs_free_user(db):
    return UserFactory(username="obycejny")


@pytest.mark.parametrize(
    "change, message",
    [
        (lambda d: d["poskytovatele"][2].update(ico="99001129"), "not a valid IČO"),
        (
            lambda d: d["poskytovatele"][1]["sluzby"][0].update(identifikator="9100002"),
            "appears more than once",
        ),
        (lambda d: d["poskytovatele"][0]["sluzby"][0].update(identifikator="12"), "7 digits"),
    ],
)
def test_a_bad_file_is_refused_whole(directory, tmp_path, change, message):
    data = json.loads(SAMPLE.read_text(encoding="utf-8"))
    change(data)
    path = tmp_path / "bad.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(CommandError, match=message):
        call_command("import_mpsv_registry", str(path), stdout=StringIO())
    assert not RegistryRecord.objects.exists()


def test_command_dry_run_changes_nothing_and_reports(directory):
    out = StringIO()
    call_command("import_mpsv_registry", str(SAMPLE), "--dry-run", stdout=out)
    assert "services proposed (not published): 3" in out.getvalue()
    assert not RegistryRecord.objects.exists()
    call_command("import_mpsv_registry", str(SAMPLE), stdout=StringIO())
    assert RegistryRecord.objects.count() == 7
