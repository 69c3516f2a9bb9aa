"""Writes of the referral module (HackSoft style: keyword-only, atomic, domain errors)."""

from .agencies import benefit_end, benefit_record, involvement_end, involvement_record
from .clients import (
    client_create,
    client_reassign_key_worker,
    client_record_read,
    client_update,
    consent_grant,
    consent_withdraw,
)
from .decisions import referral_decide
from .erasure import client_erase, erasure_blockers
from .export import ExportFile, client_export, client_export_data
from .finance import (
    account_refresh,
    account_set,
    breach_record,
    payment_cancel,
    payment_record,
    rent_terms_set,
    suggestion_reason,
    tier_move_start,
)
from .members import member_add, member_deactivate
from .notifications import notification_deliver, notification_mark_read, notify
from .payment_import import (
    ImportResult,
    parse_payment_list,
    payment_import_undo,
    payments_import,
)
from .referrals import (
    attachment_add,
    flag_resolve,
    referral_create,
    referral_flag,
    referral_transfer,
    referral_update,
)
from .reminders import reminders_send
from .retention import client_anonymise, clients_due_for_anonymisation
from .stays import (
    check_council_resolution,
    check_lease,
    plan_goal_add,
    plan_goal_update,
    stay_extend_lease,
    visit_record,
)
from .transitions import (
    referral_accept,
    referral_close,
    referral_decline,
    referral_place,
    referral_request_info,
    referral_start_review,
    referral_submit,
    referral_transition,
    referral_withdraw,
)

__all__ = [
    "ExportFile",
    "ImportResult",
    "account_refresh",
    "account_set",
    "attachment_add",
    "benefit_end",
    "benefit_record",
    "breach_record",
    "check_council_resolution",
    "check_lease",
    "client_anonymise",
    "client_create",
    "client_erase",
    "client_export",
    "client_export_data",
    "client_reassign_key_worker",
    "client_record_read",
    "client_update",
    "clients_due_for_anonymisation",
    "consent_grant",
    "consent_withdraw",
    "erasure_blockers",
    "flag_resolve",
    "involvement_end",
    "involvement_record",
    "member_add",
    "member_deactivate",
    "notification_deliver",
    "notification_mark_read",
    "notify",
    "parse_payment_list",
    "payment_cancel",
    "payment_record",
    "payment_import_undo",
    "payments_import",
    "plan_goal_add",
    "plan_goal_update",
    "referral_accept",
    "referral_close",
    "referral_create",
    "referral_decide",
    "referral_decline",
    "referral_flag",
    "referral_place",
    "referral_request_info",
    "referral_start_review",
    "referral_submit",
    "referral_transfer",
    "referral_transition",
    "referral_update",
    "referral_withdraw",
    "reminders_send",
    "rent_terms_set",
    "stay_extend_lease",
    "suggestion_reason",
    "tier_move_start",
    "visit_record",
]
