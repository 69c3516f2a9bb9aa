"""The open directory: every endpoint of the HSDS API answers what its OpenAPI document
says (validated with a JSON Schema validator), shows only public data and pages as HSDS
asks."""

import pytest
from django.urls import reverse
from django.utils import timezone
from jsonschema import Draft202012Validator
from openapi_spec_validator import validate as validate_openapi

from partners.api.ids import row_id, row_pk
from partners.models import Contact, IntakeCriterion, Organisation, RegistryRecord, TargetGroup
from tests.partners.factories import OrganisationFactory, ProgrammeFactory

pytestmark = pytest.mark.django_db

API = "/api/hsds"


@pytest.fixture
def directory(db):
    shelter = OrganisationFactory(
        name="Azylový dům Hradní",
        kind=Organisation.Kind.SHELTER,
        street_address="Hradní 5, 750 02 Přerov",
        email="info@azyl.example",
        phone="581 000 111",
    )
    counselling = OrganisationFactory(
        name="Dluhová poradna Přerov", kind=Organisation.Kind.DEBT_COUNSELLING
    )
    for n in range(3):
        OrganisationFactory(name=f"Obec {n}", kind=Organisation.Kind.MUNICIPALITY)
    families = TargetGroup.objects.get(slug="rodiny-s-detmi")
    housing = ProgrammeFactory(
        organisation=shelter,
        name="Tréninkové byty",
        area_served="Přerov a okolí",
        contact_email="byty@azyl.example",
        contact_phone="581 000 222",
    )
    housing.target_groups.add(families)
    IntakeCriterion.objects.create(programme=housing, text="Spolupráce se sociálním pracovníkem")
    advice = ProgrammeFactory(organisation=counselling, name="Oddlužení", kind="counselling")
    ProgrammeFactory(organisation=shelter, name="Zrušený program", is_active=False)
    Contact.objects.create(
        organisation=counselling,
        programme=advice,
        kind=Contact.Kind.INSOLVENCY_ADMINISTRATOR,
        name="Mgr. Veřejná Správkyně",
        email="spravkyne@poradna.example",
        phone="777 000 111",
        is_public=True,
    )
    Contact.objects.create(
        organisation=counselling, name="Interní Kontakt", email="interni@poradna.example"
    )
    now = timezone.now()
    RegistryRecord.objects.create(
        kind=RegistryRecord.Kind.SERVICE,
        key="7654321",
        name="Navržená služba z registru",
        organisation=shelter,
        last_seen_at=now,
        changed_at=now,
    )
    return {"shelter": shelter, "counselling": counselling, "housing": housing, "advice": advice}


@pytest.fixture
def document(client):
    return client.get(f"{API}/openapi.json").json()


def response_validator(document: dict, path: str, status: int = 200) -> Draft202012Validator:
    schema = dict(
        document["paths"][path]["get"]["responses"][str(status)]["content"]["application/json"][
            "schema"
        ]
    )
    schema["components"] = document["components"]  # "#/components/..." resolves from here
    return Draft202012Validator(schema, format_checker=Draft202012Validator.FORMAT_CHECKER)


def get_valid(client, document, path: str, url: str, status: int = 200):
    response = client.get(url)
    assert response.status_code == status, response.content
    assert response["Content-Type"] == "application/json"
    body = response.json()
    response_validator(document, path, status).validate(body)
    return body


def test_openapi_document_is_valid_openapi_3_1(client, document):
    assert client.get(reverse("hsds:openapi")).status_code == 200
    validate_openapi(document)
    assert document["openapi"] == "3.1.0"
    assert document["servers"][0]["url"] == "http://testserver/api/hsds"


def test_every_path_answers_to_its_schema(client, directory, document):
    """Lists (plain and full) and a detail of each listed object, validated against the
    document; every path of the document is requested."""
    requested = set()
    for path in document["paths"]:
        if "{id}" in path:
            continue
        get_valid(client, document, path, API + path)
        requested.add(path)
        if any(
            p["$ref"].endswith("/full")
            for p in document["paths"][path]["get"].get("parameters", [])
        ):
            body = get_valid(client, document, path, f"{API}{path}?full=true")
            assert body["contents"]
        detail = f"{path}/{{id}}"
        if detail in document["paths"]:
            body = client.get(f"{API}{path}?per_page=100").json()
            assert body["contents"], path
            for item in body["contents"]:
                get_valid(client, document, detail, f"{API}{path}/{item['id']}")
            requested.add(detail)
    assert requested == set(document["paths"])


def test_service_carries_eligibility_area_contacts_and_terms(client, directory, document):
    housing = directory["housing"]
    body = get_valid(
        client, document, "/services/{id}", f"{API}/services/{row_id('service', housing.pk)}"
    )
    assert body["name"] == "Tréninkové byty"
    assert body["organization_id"] == row_id("organization", directory["shelter"].pk)
    assert "Spolupráce se sociálním pracovníkem" in body["eligibility_description"]
    assert "Rodiny s dětmi v bytové nouzi" in body["eligibility_description"]
    assert body["service_areas"][0]["name"] == "Přerov a okolí"
    assert body["phones"][0]["number"] == "581 000 222"
    address = body["service_at_locations"][0]["location"]["addresses"][0]
    assert (address["address_1"], address["postal_code"], address["city"]) == (
        "Hradní 5",
        "750 02",
        "Přerov",
    )
    terms = {a["taxonomy_term"]["code"] for a in body["attributes"]}
    assert {"rodiny-s-detmi", "treninkove", "housing"} <= terms
    # The schemas are closed: a field the document does not name fails validation.
    validator = response_validator(document, "/services/{id}")
    assert not validator.is_valid({**body, "members": []})
    assert not validator.is_valid({**body, "status": "proposed"})


def test_insolvency_administrator_is_a_public_contact_of_the_service(client, directory, document):
    advice = directory["advice"]
    body = get_valid(
        client, document, "/services/{id}", f"{API}/services/{row_id('service', advice.pk)}"
    )
    (contact,) = body["contacts"]
    assert contact["name"] == "Mgr. Veřejná Správkyně"
    assert contact["title"] == str(Contact.Kind.INSOLVENCY_ADMINISTRATOR.label)
    assert contact["phones"][0]["number"] == "777 000 111"


def test_only_public_data_leaves_the_portal(client, directory):
    everything = b"".join(
        client.get(f"{API}{path}?full=true&per_page=100").content
        for path in ("/organizations", "/services", "/service_at_locations")
    )
    organisation = directory["counselling"]
    everything += client.get(
        f"{API}/organizations/{row_id('organization', organisation.pk)}"
    ).content
    text = everything.decode()
    assert "Mgr. Veřejná Správkyně" in text
    assert "Interní Kontakt" not in text and "interni@poradna.example" not in text
    assert "Zrušený program" not in text
    assert "Navržená služba z registru" not in text


def test_inactive_programme_has_no_service_page(client, directory):
    inactive = directory["shelter"].programmes.get(is_active=False)
    assert client.get(f"{API}/services/{row_id('service', inactive.pk)}").status_code == 404


def test_pages_follow_hsds_conventions(client, directory, document):
    total = Organisation.objects.count()
    first = get_valid(client, document, "/organizations", f"{API}/organizations?per_page=2")
    assert (first["total_items"], first["total_pages"], first["size"]) == (total, 3, 2)
    assert first["first_page"] and not first["last_page"] and not first["empty"]
    last = get_valid(client, document, "/organizations", f"{API}/organizations?per_page=2&page=3")
    assert last["size"] == 1 and last["last_page"] and not last["first_page"]
    beyond = get_valid(client, document, "/organizations", f"{API}/organizations?page=9")
    assert beyond["empty"] and beyond["contents"] == []
    seen = {
        o["id"]
        for p in (1, 2, 3)
        for o in client.get(f"{API}/organizations?per_page=2&page={p}").json()["contents"]
    }
    assert len(seen) == total


@pytest.mark.parametrize(
    "query", ["page=0", "page=x", "per_page=101", "per_page=0", "full=maybe", "organization_id=1"]
)
def test_bad_parameters_answer_400_with_the_parameter_named(client, directory, document, query):
    path = "/services"
    body = get_valid(client, document, path, f"{API}{path}?{query}", status=400)
    assert body["parameter"] == query.split("=")[0]


def test_unknown_or_foreign_ids_answer_404(client, directory, document):
    service_id = row_id("service", directory["housing"].pk)
    for url in (
        f"{API}/organizations/{service_id}",  # a service's id is no organization's
        f"{API}/organizations/{row_id('organization', 999_999)}",
        f"{API}/services/not-a-uuid",
        f"{API}/taxonomy_terms/{service_id}",
    ):
        assert client.get(url).status_code == 404, url


def test_row_ids_are_stable_and_reversible():
    value = row_id("service", 42)
    assert row_pk("service", value) == 42
    assert row_pk("organization", value) is None
    assert row_id("service", 42) == value


def test_services_filter_by_organization_and_term(client, directory, document):
    shelter_id = row_id("organization", directory["shelter"].pk)
    body = get_valid(client, document, "/services", f"{API}/services?organization_id={shelter_id}")
    assert [s["name"] for s in body["contents"]] == ["Tréninkové byty"]
    terms = client.get(f"{API}/taxonomy_terms?per_page=100&search=rodiny").json()["contents"]
    (families,) = [t for t in terms if t["code"] == "rodiny-s-detmi"]
    body = get_valid(
        client, document, "/services", f"{API}/services?taxonomy_term_id={families['id']}"
    )
    assert [s["name"] for s in body["contents"]] == ["Tréninkové byty"]
    counselling = [
        t
        for t in client.get(f"{API}/taxonomy_terms?per_page=100").json()["contents"]
        if t["code"] == "debt_counselling"
    ]
    assert counselling, "debt counselling is a term of the organisation kinds"


def test_full_lists_take_a_fixed_number_of_queries(
    client, directory, django_assert_max_num_queries
):
    for n in range(10):
        organisation = OrganisationFactory(
            name=f"Další {n}", street_address=f"Ulice {n}, 750 02 Přerov"
        )
        ProgrammeFactory(organisation=organisation)
    with django_assert_max_num_queries(8):
        assert client.get(f"{API}/organizations?full=true&per_page=100").status_code == 200
    with django_assert_max_num_queries(8):
        assert client.get(f"{API}/services?full=true&per_page=100").status_code == 200
    with django_assert_max_num_queries(8):
        assert client.get(f"{API}/service_at_locations?per_page=100").status_code == 200


def test_partner_page_lists_public_contacts_only(client, directory):
    page = client.get(directory["counselling"].get_absolute_url()).content.decode()
    assert "Mgr. Veřejná Správkyně" in page and "spravkyne@poradna.example" in page
    assert "Interní Kontakt" not in page
