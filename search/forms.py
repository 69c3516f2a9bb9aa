from django import forms
from django.core.validators import RegexValidator
from django.utils.translation import gettext_lazy as _

from .backends import SORT_DATE, SORT_RELEVANCE
from .facets import FACETS
from .query import MAX_QUERY_LENGTH

facet_value = RegexValidator(r"^[\w-]{1,100}$", _("Unknown filter value."))


class SearchForm(forms.Form):
    """The search page's and the API's parameters: text, one value per facet, sort, page."""

    SORT_CHOICES = [(SORT_RELEVANCE, _("Relevance")), (SORT_DATE, _("Newest first"))]

    q = forms.CharField(label=_("Search for"), required=False, max_length=MAX_QUERY_LENGTH)
    sort = forms.ChoiceField(label=_("Sort by"), required=False, choices=SORT_CHOICES)
    page = forms.IntegerField(required=False, min_value=1, max_value=10_000)
    page_size = forms.IntegerField(required=False, min_value=1, max_value=50)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for facet in FACETS:
            self.fields[facet.name] = forms.CharField(
                label=facet.label,
                required=False,
                validators=[facet_value],
                widget=forms.HiddenInput,
            )

    def filters(self) -> dict[str, str]:
        return {f.name: self.cleaned_data[f.name] for f in FACETS if self.cleaned_data[f.name]}

    def search_kwargs(self, *, default_page_size: int) -> dict:
        data = self.cleaned_data
        return {
            "query": data["q"],
            "filters": self.filters(),
            "sort": data["sort"] or SORT_RELEVANCE,
            "page": data["page"] or 1,
            "page_size": data["page_size"] or default_page_size,
        }

    def has_search(self) -> bool:
        return bool(self.cleaned_data["q"].strip() or self.filters())
