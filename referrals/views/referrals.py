"""The referral page and everything done from it. Views parse input, call one service or
selector, and render; a domain error becomes a form error or a message."""

from django.contrib import messages
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.views import private

from .. import permissions, selectors, services, timeline, workflow
from ..errors import ActionNotPermitted, ReferralError, TransitionNotAllowed
from ..forms import (
    ACTION_FORMS,
    DECISIONS,
    AnswerForm,
    AttachmentForm,
    DecisionForm,
    ExtendLeaseForm,
    FlagForm,
    GoalForm,
    GoalUpdateForm,
    PlaceForm,
    ReferralEditForm,
    TransferForm,
    VisitForm,
)
from ..models import CaseFlag, ClientAccessLog, PlanGoal, Stay
from ..next_steps import next_steps
from .common import post_to_service, referral_or_404, refuse
from .finance import money_context

Action = workflow.Action


def _log_read(request, referral, via) -> None:
    services.client_record_read(
        user=request.user, client=referral.client, via=via, object_reference=referral.reference
    )


@private
def referral_detail(request, public_id):
    return detail_page(request, referral_or_404(request, public_id))


def detail_page(request, referral, **bound_forms):
    """The referral page; `bound_forms` replace its empty forms by refused ones, so their
    errors show at their fields on the same page (and in the error summary)."""
    user = request.user
    data = selectors.referral_page_data(user, referral)
    client_view = None
    if data["content_visible"]:
        client_view = selectors.client_view_for(user, referral.client)
        _log_read(request, referral, ClientAccessLog.Via.REFERRAL_PAGE)
    actions = permissions.available_actions(user, referral)
    context = {
        "referral": referral,
        "client_view": client_view,
        "can_open_client": permissions.can_view_client(user, referral.client),
        "actions": actions,
        "state_actions": [a for a in actions if a in workflow.STATE_CHANGING],
        "next_steps": next_steps(referral, permissions.sides_of(user, referral)),
        "action_labels": workflow.ACTION_LABELS,
        "timeline": timeline.timeline_for(user, referral),
        "methodologies": selectors.methodologies_for(user, referral.programme),
        "can_reassign": permissions.can_reassign_key_worker(user, referral.client),
        "attachment_form": AttachmentForm() if Action.ATTACH in actions else None,
        "flag_form": FlagForm() if Action.FLAG in actions else None,
        "lease_form": ExtendLeaseForm() if Action.EXTEND_LEASE in actions else None,
        "visit_form": VisitForm() if Action.RECORD_VISIT in actions else None,
        "goal_form": GoalForm() if Action.EDIT_PLAN in actions and data["stay"] else None,
        "goal_statuses": PlanGoal.Status.choices,
        **money_context(user, referral, data["stay"], client_view),
        **data,
    }
    context.update(bound_forms)
    return render(request, "referrals/referral_detail.html", context)


@private
def referral_history(request, public_id):
    referral = referral_or_404(request, public_id)
    if permissions.can_see_case_content(request.user, referral):
        _log_read(request, referral, ClientAccessLog.Via.HISTORY)
    return render(
        request,
        "referrals/referral_history.html",
        {"referral": referral, "timeline": timeline.timeline_for(request.user, referral)},
    )


@private
def referral_edit(request, public_id):
    referral = referral_or_404(request, public_id)
    if not permissions.can_act(request.user, referral, Action.EDIT):
        return refuse(request, ActionNotPermitted.default_message, referral)
    form = ReferralEditForm(
        request.POST or None, referral=referral, checks=selectors.referral_answer_checks(referral)
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.referral_update(
                referral=referral,
                user=request.user,
                reason=form.cleaned_data["reason"],
                urgency=form.cleaned_data["urgency"],
                answers=form.answers_for_service(),
            )
        except ReferralError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("The referral was saved."))
            return redirect(referral)
    return _edit_page(request, referral, form=form)


def _edit_page(request, referral, *, form=None, attachment_form=None):
    _log_read(request, referral, ClientAccessLog.Via.REFERRAL_PAGE)
    context = {
        "referral": referral,
        "form": form or ReferralEditForm(referral=referral),
        "attachment_form": attachment_form or AttachmentForm(),
    }
    return render(request, "referrals/referral_edit.html", context)


def _action_form(request, referral, action):
    data = request.POST if request.method == "POST" else None
    if action in DECISIONS:
        overrides = []
        if action == Action.ACCEPT:
            overrides = [c for c in selectors.referral_answer_checks(referral) if c.needs_override]
        return DecisionForm(
            data,
            decision=DECISIONS[action],
            reviewers=selectors.case_reviewers_of(referral.receiver_organisation_id),
            user=request.user,
            overrides=overrides,
        )
    if action == Action.SUBMIT and referral.status == workflow.Status.INFO_REQUESTED:
        return AnswerForm(data)
    if action == Action.PLACE:
        return PlaceForm(
            data,
            workers=selectors.social_workers_of(referral.receiver_organisation_id),
            user=request.user,
            programme=referral.programme,
        )
    return ACTION_FORMS[action](data)


def _run_action(request, referral, action, form):
    values = dict(form.cleaned_data)
    if action in DECISIONS:
        return services.referral_decide(
            referral=referral,
            user=request.user,
            decision=DECISIONS[action],
            reason=values.get("reason", ""),
            meeting_date=values["meeting_date"],
            members_present=values.get("members_present") or [],
            override_reason=values.get("override_reason", ""),
            reason_code=values.get("reason_code"),
            closed_on=values["meeting_date"],
        )
    return services.referral_transition(
        referral=referral, user=request.user, action=action, **values
    )


@private
def referral_action(request, public_id, action):
    """One page per state change: a confirmation or a small form (decision with members
    present, move-in with lease dates, closing with the outcome)."""
    referral = referral_or_404(request, public_id)
    try:
        action = Action(action)
    except ValueError as error:
        raise Http404() from error
    if action not in workflow.STATE_CHANGING:
        raise Http404()
    if not workflow.is_allowed(referral.status, action):
        return refuse(
            request,
            TransitionNotAllowed.default_message,
            referral,
        )
    if not permissions.can_act(request.user, referral, action):
        return refuse(request, ActionNotPermitted.default_message, referral)
    form = _action_form(request, referral, action)
    if request.method == "POST" and form.is_valid():
        try:
            _run_action(request, referral, action, form)
        except ReferralError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, workflow.ACTION_DONE[action])
            return redirect(referral)
    return render(
        request,
        "referrals/referral_action.html",
        {
            "referral": referral,
            "form": form,
            "action": action,
            "action_label": workflow.ACTION_LABELS[action],
            "is_decision": action in DECISIONS,
            # Submitting shares the client's data: say what, and with whom, before it does.
            "sharing": selectors.sharing_summary(referral) if action == Action.SUBMIT else None,
        },
    )


@private
@require_POST
def attachment_upload(request, public_id):
    """A refused file (type, size, content) is a form error on the page it was sent from,
    the referral page or its edit page, with what was typed kept."""
    referral = referral_or_404(request, public_id)
    form = AttachmentForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            services.attachment_add(
                referral=referral,
                user=request.user,
                uploaded_file=form.cleaned_data["file"],
                description=form.cleaned_data["description"],
            )
        except ActionNotPermitted as error:
            return refuse(request, error.message, referral)
        except ReferralError as error:
            form.add_error("file", error.message)
    if form.errors:
        if request.POST.get("next") == "edit":
            return _edit_page(request, referral, attachment_form=form)
        return detail_page(request, referral, attachment_form=form)
    messages.success(request, _("The attachment was added."))
    if request.POST.get("next") == "edit":
        return redirect("referrals:edit", public_id=referral.public_id)
    return redirect(referral)


@private
def attachment_download(request, public_id):
    attachment = selectors.attachment_for(request.user, public_id)
    if attachment is None:
        raise Http404()
    services.client_record_read(
        user=request.user,
        client=attachment.referral.client,
        via=ClientAccessLog.Via.ATTACHMENT,
        object_reference=attachment.referral.reference,
    )
    response = FileResponse(
        attachment.file.open("rb"),
        as_attachment=True,
        filename=attachment.original_name,
        content_type=attachment.content_type,
    )
    response.headers["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response


@private
def referral_transfer(request, public_id):
    referral = referral_or_404(request, public_id)
    if not permissions.can_act(request.user, referral, Action.TRANSFER):
        return refuse(request, ActionNotPermitted.default_message, referral)
    form = TransferForm(
        request.POST or None,
        programmes=selectors.programmes_for_transfer(referral),
        current=referral.programme,
    )
    if request.method == "POST" and form.is_valid():
        try:
            transfer = services.referral_transfer(
                referral=referral,
                user=request.user,
                programme=form.cleaned_data["programme"],
                reason=form.cleaned_data["reason"],
                urgency=form.cleaned_data["urgency"],
                move_down_code=form.cleaned_data.get("move_down_code"),
            )
        except ReferralError as error:
            form.add_error(None, error.message)
        else:
            messages.success(
                request,
                _("A transfer was drafted. Answer the programme's intake criteria and submit it."),
            )
            return redirect("referrals:edit", public_id=transfer.public_id)
    return render(request, "referrals/referral_transfer.html", {"referral": referral, "form": form})


@private
@require_POST
def referral_flag(request, public_id):
    referral = referral_or_404(request, public_id)
    form, flagged = FlagForm(request.POST), _("The case was flagged.")
    return post_to_service(
        request,
        form,
        services.referral_flag,
        flagged,
        referral,
        refused=lambda form: detail_page(request, referral, flag_form=form),
        referral=referral,
    )


@private
@require_POST
def flag_resolve(request, public_id, flag_id):
    referral = referral_or_404(request, public_id)
    flag = get_object_or_404(CaseFlag, pk=flag_id, referral=referral)
    try:
        services.flag_resolve(flag=flag, user=request.user)
    except ReferralError as error:
        messages.error(request, error.message)
    return redirect(referral)


def _stay_or_refuse(request, referral):
    stay = Stay.objects.filter(referral=referral).first()
    if stay is None:
        raise Http404()
    return stay


def _stay_post(request, public_id, form_class, call, success, form_name):
    referral = referral_or_404(request, public_id)
    stay = _stay_or_refuse(request, referral)
    return post_to_service(
        request,
        form_class(request.POST),
        call,
        success,
        referral,
        refused=lambda form: detail_page(request, referral, **{form_name: form}),
        stay=stay,
    )


@private
@require_POST
def stay_extend_lease(request, public_id):
    return _stay_post(
        request,
        public_id,
        ExtendLeaseForm,
        services.stay_extend_lease,
        _("The lease was renewed."),
        "lease_form",
    )


@private
@require_POST
def stay_visit(request, public_id):
    return _stay_post(
        request,
        public_id,
        VisitForm,
        services.visit_record,
        _("The visit was recorded."),
        "visit_form",
    )


@private
@require_POST
def stay_goal_add(request, public_id):
    return _stay_post(
        request, public_id, GoalForm, services.plan_goal_add, _("The goal was added."), "goal_form"
    )


@private
@require_POST
def stay_goal_update(request, public_id, goal_id):
    referral = referral_or_404(request, public_id)
    goal = get_object_or_404(PlanGoal, pk=goal_id, stay__referral=referral)
    # The ids of the goal's own fields on the page (goal-status-12, goal-progress-12).
    form = GoalUpdateForm(request.POST, auto_id=f"goal-%s-{goal.pk}")
    return post_to_service(
        request,
        form,
        services.plan_goal_update,
        _("The goal was updated."),
        referral,
        refused=lambda form: detail_page(
            request, referral, goal_update_form=form, goal_update_id=goal.pk
        ),
        goal=goal,
    )
