"""Writes on a referral's content: drafts and their intake answers, attachments, transfers
and flags. State changes are in transitions.py."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.history import save_with_history
from partners.models import Programme, ReasonCode

from .. import permissions, workflow
from ..conditions import RECORD_ANSWERS, ClientFacts, contradicts, evaluate, names
from ..errors import (
    ActionNotPermitted,
    AttachmentInvalid,
    ConditionsUnmet,
    ReasonRequired,
    ReferralError,
)
from ..models import (
    Attachment,
    CaseFlag,
    Client,
    CriterionAnswer,
    Direction,
    Notification,
    Referral,
    Urgency,
)
from ..selectors.conditions import client_facts
from ..validators import EXTENSIONS, validate_upload
from .common import (
    check_action,
    lock_referral,
    next_reference,
    programme_check,
    reason_code_check,
)
from .notifications import notify, receiving_reviewers, sending_workers

Action = workflow.Action


# --- Drafts, answers, attachments --------------------------------------------------------


def _set_answers(referral: Referral, answers: dict | None) -> None:
    """Keep one answer row per condition of the programme, with what the client record
    says of it. A new row takes the record's answer where it has one; a worker may answer
    "met" against the record only with a note saying why."""
    answers = answers or {}
    existing = {a.criterion_id: a for a in referral.answers.all()}
    criteria = list(referral.programme.intake_criteria.select_related("service"))
    kinds = {criterion.kind for criterion in criteria}
    facts = ClientFacts()
    if kinds:  # only the facts these conditions read
        facts = client_facts([referral.client_id], kinds).get(referral.client_id, facts)
    today = timezone.localdate()
    contradicted = []
    for criterion in criteria:
        evaluation = evaluate(criterion, facts, today)
        row = existing.get(criterion.pk) or CriterionAnswer(
            referral=referral,
            criterion=criterion,
            criterion_text=str(criterion.label)[:300],
            required=criterion.required,
            answer=RECORD_ANSWERS.get(evaluation.verdict, ""),
        )
        given = answers.get(criterion.pk) or answers.get(str(criterion.pk))
        if given is not None:
            answer = given.get("answer", "")
            if answer and answer not in CriterionAnswer.Answer.values:
                raise ReferralError(_("Unknown answer to an intake criterion."))
            row.answer = answer
            row.note = (given.get("note") or "")[:500]
            if contradicts(row.answer, evaluation.verdict) and not row.note.strip():
                contradicted.append(row.criterion_text)
        row.system_verdict = evaluation.verdict
        row.system_reason = evaluation.reason[:300]
        row.save()
    if contradicted:
        raise ConditionsUnmet(
            _(
                "The client record shows these conditions as not met: %(names)s. Answer "
                "“met” only with a note saying why."
            )
            % {"names": names(contradicted)}
        )


@transaction.atomic
def referral_create(
    *,
    user,
    client: Client,
    programme: Programme,
    reason: str = "",
    urgency: str = Urgency.NORMAL,
    answers: dict | None = None,
) -> Referral:
    """A draft referral from the client's responsible organisation to a programme."""
    client = Client.objects.select_for_update().get(pk=client.pk)
    if not permissions.can_refer(user, client):
        raise ActionNotPermitted()
    programme_check(programme)
    # Usually another organisation's programme; within one (Přerov: the key worker proposes
    # a client to the town's own case-review group) no consent is needed for the decision.
    referral = Referral(
        reference=next_reference("P"),
        client=client,
        sender_organisation_id=client.responsible_organisation_id,
        created_by=user,
        programme=programme,
        receiver_organisation_id=programme.organisation_id,
        reason=reason,
        urgency=urgency,
    )
    save_with_history(referral, user=user, reason="referral.created")
    _set_answers(referral, answers)
    permissions.referral_sync_perms(referral)
    return referral


@transaction.atomic
def referral_update(
    *,
    referral: Referral,
    user,
    reason: str,
    urgency: str,
    answers: dict | None = None,
) -> Referral:
    referral = lock_referral(referral.pk)
    check_action(referral, user, Action.EDIT)
    referral.reason = reason
    referral.urgency = urgency
    save_with_history(referral, user=user, reason="referral.edited")
    _set_answers(referral, answers)
    return referral


@transaction.atomic
def attachment_add(*, referral: Referral, user, uploaded_file, description: str = "") -> Attachment:
    referral = lock_referral(referral.pk)
    check_action(referral, user, Action.ATTACH)
    try:
        content_type = validate_upload(uploaded_file)
    except ValidationError as error:
        raise AttachmentInvalid(error.messages[0]) from error
    original_name = (uploaded_file.name or "soubor").rsplit("/", 1)[-1][:200]
    attachment = Attachment(
        referral=referral,
        original_name=original_name,
        content_type=content_type,
        size=uploaded_file.size,
        description=description[:200],
        uploaded_by=user,
    )
    attachment.file.save(f"file{EXTENSIONS[content_type]}", uploaded_file, save=False)
    attachment.save()
    return attachment


# --- Transfers and flags ------------------------------------------------------------------


@transaction.atomic
def referral_transfer(
    *,
    referral: Referral,
    user,
    programme: Programme,
    reason: str,
    urgency: str = Urgency.NORMAL,
    move_down_code=None,
) -> Referral:
    """Start a transfer up or down the pathway: a draft referral to the next programme,
    linked to this one. The case is handed over when the client moves in there. A move
    down keeps its coded reason (new debt, house rules, lost income...) beside the text."""
    referral = lock_referral(referral.pk)
    check_action(referral, user, Action.TRANSFER)
    programme_check(programme)
    if programme.pk == referral.programme_id:
        raise ReferralError(_("Choose a different programme for the transfer."))
    if referral.next_referrals.exclude(status__in=workflow.TERMINAL).exists():
        raise ReferralError(_("A transfer of this case is already under way."))
    if not reason.strip():
        raise ReasonRequired(_("Describe why the client should move."))
    transfer = Referral(
        reference=next_reference("P"),
        client=referral.client,
        kind=Referral.Kind.TRANSFER,
        previous=referral,
        sender_organisation_id=referral.receiver_organisation_id,
        created_by=user,
        programme=programme,
        receiver_organisation_id=programme.organisation_id,
        reason=reason,
        urgency=urgency,
    )
    if transfer.direction == Direction.DOWN:
        transfer.move_down_code = reason_code_check(
            move_down_code, ReasonCode.List.MOVE_DOWN, required=True
        )
    save_with_history(transfer, user=user, reason="referral.transfer_created")
    _set_answers(transfer, None)
    permissions.client_sync_perms(referral.client)
    return transfer


@transaction.atomic
def referral_flag(*, referral: Referral, user, kind: str, reason: str) -> CaseFlag:
    referral = lock_referral(referral.pk)
    check_action(referral, user, Action.FLAG)
    if kind not in CaseFlag.Kind.values:
        raise ReferralError(_("Choose the kind of flag."))
    if not reason.strip():
        raise ReasonRequired()
    flag = CaseFlag.objects.create(referral=referral, kind=kind, reason=reason, raised_by=user)
    others = receiving_reviewers(referral) + sending_workers(referral)
    notify(kind=Notification.Kind.FLAGGED, users=others, referral=referral, exclude=user)
    return flag


@transaction.atomic
def flag_resolve(*, flag: CaseFlag, user) -> CaseFlag:
    flag = CaseFlag.objects.select_for_update().select_related("referral__client").get(pk=flag.pk)
    check_action(flag.referral, user, Action.FLAG)
    if flag.resolved_at is None:
        flag.resolved_at = timezone.now()
        flag.resolved_by = user
        flag.save(update_fields=["resolved_at", "resolved_by"])
    return flag
