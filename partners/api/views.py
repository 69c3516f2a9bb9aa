"""Read-only HSDS 3.0 endpoints. Lists are paginated as HSDS's API asks (`page`,
`per_page`; `total_items`, `total_pages`, `page_number`, `size`, `first_page`,
`last_page`, `empty`, `contents`); a bad parameter is a 400 with a JSON `detail`, an
unknown id a 404. Every answer is in Czech, whatever language the visitor chose."""

import math
from functools import wraps

from django.http import JsonResponse
from django.urls import reverse
from django.utils import translation
from django.views.decorators.http import require_GET

from core.cache import public_page

from .. import selectors
from ..models import Organisation
from . import serialise
from .ids import row_pk
from .openapi import openapi_document
from .taxonomy import taxonomies, taxonomy_record, taxonomy_terms

HSDS_VERSION = "3.0"
DEFAULT_PER_PAGE = 25
MAX_PER_PAGE = 100
MAX_PAGE = 100_000


class BadParameter(Exception):
    def __init__(self, parameter: str, detail: str):
        super().__init__(detail)
        self.parameter = parameter
        self.detail = detail


def _json(data, status: int = 200) -> JsonResponse:
    return JsonResponse(data, status=status, safe=False, json_dumps_params={"ensure_ascii": False})


def _not_found() -> JsonResponse:
    return _json({"detail": "Not found."}, status=404)


def hsds_view(view):
    """GET only, cached for anonymous visitors like any public page, answered in Czech,
    a bad parameter turned into a 400."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        with translation.override("cs"):
            try:
                return view(request, *args, **kwargs)
            except BadParameter as error:
                return _json({"detail": error.detail, "parameter": error.parameter}, 400)

    return public_page(require_GET(wrapper))


def _integer(request, name: str, default: int, low: int, high: int) -> int:
    raw = request.GET.get(name)
    if raw in (None, ""):
        return default
    try:
        value = int(raw)
    except ValueError:
        raise BadParameter(name, f"{name} must be a whole number.") from None
    if not low <= value <= high:
        raise BadParameter(name, f"{name} must be between {low} and {high}.")
    return value


def _flag(request, name: str) -> bool:
    raw = request.GET.get(name, "").lower()
    if raw in ("", "false", "0"):
        return False
    if raw in ("true", "1"):
        return True
    raise BadParameter(name, f"{name} must be true or false.")


def _row(request, name: str, kind: str) -> int | None:
    raw = request.GET.get(name)
    if not raw:
        return None
    pk = row_pk(kind, raw)
    if pk is None:
        raise BadParameter(name, f"{name} is not an id of this API.")
    return pk


def _term(request) -> tuple[str, str] | None:
    raw = request.GET.get("taxonomy_term_id")
    if not raw:
        return None
    by_taxonomy = {taxonomy.id: taxonomy.key for taxonomy in taxonomies()}
    for term in taxonomy_terms():
        if term["id"] == raw:
            return by_taxonomy[term["taxonomy_id"]], term["code"]
    raise BadParameter("taxonomy_term_id", "Unknown taxonomy term.")


def _page(request, items, render) -> JsonResponse:
    """One page of `items` (a queryset or a list) with HSDS's page fields."""
    page = _integer(request, "page", 1, 1, MAX_PAGE)
    per_page = _integer(request, "per_page", DEFAULT_PER_PAGE, 1, MAX_PER_PAGE)
    total = items.count() if hasattr(items, "count") and not isinstance(items, list) else len(items)
    total_pages = math.ceil(total / per_page)
    start = (page - 1) * per_page
    contents = [render(item) for item in items[start : start + per_page]]
    return _json(
        {
            "total_items": total,
            "total_pages": total_pages,
            "page_number": page,
            "size": len(contents),
            "first_page": page == 1,
            "last_page": page >= total_pages,
            "empty": not contents,
            "contents": contents,
        }
    )


@hsds_view
def meta(request):
    return _json(
        {
            "version": HSDS_VERSION,
            "profile": None,
            "openapi_url": request.build_absolute_uri(reverse("hsds:openapi")),
        }
    )


@hsds_view
def openapi(request):
    return _json(openapi_document(request.build_absolute_uri(reverse("hsds:meta"))))


@hsds_view
def organization_list(request):
    full = _flag(request, "full")
    qs = selectors.hsds_organisations(search=request.GET.get("search", "").strip())
    if full:
        return _page(
            request,
            selectors.hsds_organisations_full(qs),
            lambda o: serialise.organisation_record(o, request),
        )
    return _page(request, qs, lambda o: serialise.organisation_list_record(o, request))


@hsds_view
def organization_detail(request, id):
    pk = row_pk("organization", id)
    qs = selectors.hsds_organisations_full(Organisation.objects.filter(pk=pk))
    organisation = qs.first() if pk is not None else None
    if organisation is None:
        return _not_found()
    return _json(serialise.organisation_record(organisation, request))


def _programmes(request):
    return selectors.hsds_programmes(
        search=request.GET.get("search", "").strip(),
        organisation_id=_row(request, "organization_id", "organization"),
        term=_term(request),
    )


@hsds_view
def service_list(request):
    full = _flag(request, "full")
    qs = selectors.hsds_programmes_full(_programmes(request))
    render = serialise.service_record if full else serialise.service_list_record
    return _page(request, qs, lambda p: render(p, request))


@hsds_view
def service_detail(request, id):
    pk = row_pk("service", id)
    if pk is None:
        return _not_found()
    programme = selectors.hsds_programmes_full(selectors.hsds_programmes().filter(pk=pk)).first()
    if programme is None:
        return _not_found()
    return _json(serialise.service_record(programme, request))


def _located(qs):
    return qs.exclude(organisation__street_address="")


@hsds_view
def service_at_location_list(request):
    qs = selectors.hsds_programmes_full(_located(_programmes(request)))
    return _page(
        request,
        qs,
        lambda p: serialise.service_at_location_record(p, request, with_service=True),
    )


@hsds_view
def service_at_location_detail(request, id):
    pk = row_pk("service_at_location", id)
    if pk is None:
        return _not_found()
    programme = selectors.hsds_programmes_full(
        _located(selectors.hsds_programmes()).filter(pk=pk)
    ).first()
    if programme is None:
        return _not_found()
    return _json(serialise.service_at_location_record(programme, request, with_service=True))


@hsds_view
def taxonomy_list(request):
    return _page(request, taxonomies(), taxonomy_record)


@hsds_view
def taxonomy_detail(request, id):
    for taxonomy in taxonomies():
        if taxonomy.id == id:
            return _json(taxonomy_record(taxonomy))
    return _not_found()


@hsds_view
def taxonomy_term_list(request):
    terms = taxonomy_terms()
    taxonomy_id = request.GET.get("taxonomy_id")
    if taxonomy_id:
        terms = [term for term in terms if term["taxonomy_id"] == taxonomy_id]
    search = request.GET.get("search", "").strip().lower()
    if search:
        terms = [term for term in terms if search in term["name"].lower()]
    return _page(request, terms, lambda term: term)


@hsds_view
def taxonomy_term_detail(request, id):
    for term in taxonomy_terms():
        if term["id"] == id:
            return _json(term)
    return _not_found()
