"""Reads of the referral module. Each returns only what the user may see; a view that gets
None answers 404, so nobody learns that a case they may not see exists. Other code asks
here (`from referrals import selectors`); the modules split the reads by subject."""

from .clients import (
    ClientView,
    client_referrals_for,
    client_view_for,
    clients_of,
    consents_shown_to,
)
from .conditions import (
    AnswerCheck,
    ConditionFailure,
    client_facts,
    programme_conditions,
    referral_answer_checks,
    unmet_conditions,
)
from .dataprotection import (
    DataProtectionAccess,
    client_for_data_protection,
    events_for,
    processing_record_numbers,
    processing_record_settings,
)
from .finance import (
    AccountView,
    PaymentRecordRow,
    account_statement,
    account_view_for,
    accounts_loaded,
    payment_record_for,
    tier_suggestion,
)
from .lists import (
    BOXES,
    ListFilters,
    ReferralRow,
    programmes_for_filter,
    programmes_for_transfer,
    programmes_open_to,
    referral_list,
    referral_list_page,
)
from .members import case_reviewers_of, members_of, social_workers_of
from .notifications import forget_unread_counts, notifications_for, unread_notifications_count
from .records import attachment_for, client_for, consent_for, referral_for
from .referral_page import (
    LibraryLink,
    ReferralRelated,
    methodologies_for,
    referral_page_data,
    related_of,
)
from .sharing import (
    SharingSummary,
    open_referrals_to,
    referrals_waiting_on,
    sharing_summary,
)

__all__ = [
    "AnswerCheck",
    "ConditionFailure",
    "client_facts",
    "programme_conditions",
    "referral_answer_checks",
    "unmet_conditions",
    "BOXES",
    "AccountView",
    "ClientView",
    "DataProtectionAccess",
    "LibraryLink",
    "ListFilters",
    "PaymentRecordRow",
    "ReferralRelated",
    "ReferralRow",
    "SharingSummary",
    "open_referrals_to",
    "referrals_waiting_on",
    "sharing_summary",
    "account_statement",
    "account_view_for",
    "accounts_loaded",
    "attachment_for",
    "case_reviewers_of",
    "client_for",
    "client_for_data_protection",
    "client_referrals_for",
    "client_view_for",
    "clients_of",
    "consent_for",
    "consents_shown_to",
    "events_for",
    "forget_unread_counts",
    "members_of",
    "methodologies_for",
    "notifications_for",
    "payment_record_for",
    "processing_record_numbers",
    "processing_record_settings",
    "programmes_for_filter",
    "programmes_for_transfer",
    "programmes_open_to",
    "referral_for",
    "referral_list",
    "referral_list_page",
    "referral_page_data",
    "related_of",
    "social_workers_of",
    "tier_suggestion",
    "unread_notifications_count",
]
