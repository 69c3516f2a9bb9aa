"""Errors of the directory's writes, shown to the user (core.errors.DomainError)."""

from django.utils.translation import gettext_lazy as _

from core.errors import DomainError


class NotSecretariat(DomainError):
    default_message = _("Only the coalition secretariat may decide on registry proposals.")


class ProposalNotOpen(DomainError):
    default_message = _("The proposal has already been decided.")


class ProviderNotInDirectory(DomainError):
    default_message = _("Accept the provider first: the service needs its organisation.")


class RegionUnknown(DomainError):
    default_message = _(
        "The registry names no region the directory knows; add the organisation by hand."
    )
