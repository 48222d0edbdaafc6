"""The People page: a party's people and their roles; focal points invite, deactivate, re-role and send
set-password links (administrators send those links too)."""

from axes.handlers.proxy import AxesProxyHandler
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import user_login_failed
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.contrib.auth.tokens import PasswordResetTokenGenerator
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from agreement import permissions
from agreement.access import require
from agreement.formatting import person_name
from agreement.history_user import record_history_user
from agreement.models import Membership
from agreement.signin import lockout_response
from people import services
from people.access import get_people_for_user, get_person_for_manager
from people.forms import InviteForm, RoleForm
from people.models import Change, recent_changes
from people.tokens import invitation_tokens, password_link_tokens


@login_required
@require_safe
def people_list(request, reference):
    """Who has which role: a focal point's own party, or both parties for monitors and the committee."""
    agreement, parties, managed = get_people_for_user(request, reference)
    query = request.GET.get("q", "").strip()
    people = list(Membership.objects.people_of(parties, query))
    # A seat on the joint committee is not a party role: marked beside the role, so a committee
    # member does not read as a mere «بیننده».
    seats = {seat.user_id for seat in agreement.committee_members.all()}
    for person in people:
        person.on_committee = person.user_id in seats
        person.can_change = permissions.can_change_person(request.user, person)
        person.can_send_link = person.status == Membership.Status.ACTIVE and permissions.can_send_password_link(
            request.user, person
        )
    # The actions column: in the focal point's own party, and in every party for an administrator.
    by_party = [
        (
            party,
            [m for m in people if m.party_id == party.pk],
            party == managed or permissions.can_send_password_links(request.user, party),
        )
        for party in parties
    ]
    return render(
        request,
        "people/list.html",
        {
            "agreement": agreement,
            "by_party": by_party,
            "managed": managed,
            "query": query,
            # An administrator, who manages no party here but sends set-password links to anyone.
            "sends_links": managed is None and any(actions for _party, _people, actions in by_party),
            "changes": recent_changes(parties),
            "invitation_days": settings.PEYMAN_INVITATION_DAYS,
            "appoints": permissions.can_appoint_people(request.user, agreement),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def person_invite(request, reference):
    """Invite someone to the focal point's party: an account without a password and a mailed link."""
    agreement, parties, managed = get_people_for_user(request, reference)
    appoints = permissions.can_appoint_people(request.user, agreement)
    require(managed is not None or appoints)
    if appoints:  # an administrator or registrar: into any party, a monitor into the monitoring one
        roles = tuple(dict.fromkeys(r for p in parties for r in permissions.roles_to_give(request.user, agreement, p)))
        form = InviteForm(request.POST or None, parties=parties, roles=roles)
    else:
        form = InviteForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        fields = dict(form.cleaned_data)
        party = fields.pop("party", managed)
        try:
            user = services.invite_person(agreement=agreement, party=party, by=request.user, **fields)
        except services.PeopleError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request,
                _("%(name)s is invited: the e-mail with the link to set a password is on its way to %(email)s.")
                % {"name": person_name(user), "email": user.email},
            )
            return redirect("people_list", agreement.reference)
    return render(
        request, "people/invite.html", {"agreement": agreement, "party": managed, "form": form, "appoints": appoints}
    )


@login_required
@require_http_methods(["GET", "POST"])
def person_role(request, reference, pk):
    """Give someone of the party another role (staff, focal point or viewer)."""
    agreement, membership = get_person_for_manager(request, reference, pk)
    form = RoleForm(request.POST or None, initial={"role": membership.role})
    if request.method == "POST" and form.is_valid():
        try:
            services.change_role(membership=membership, by=request.user, role=form.cleaned_data["role"])
        except services.PeopleError as error:
            form.add_error(None, error)
        else:
            membership.refresh_from_db()
            messages.success(
                request,
                _("%(name)s is now %(role)s.")
                % {"name": person_name(membership.user), "role": membership.get_role_display()},
            )
            return redirect("people_list", agreement.reference)
    return render(request, "people/role.html", {"agreement": agreement, "person": membership, "form": form})


# The confirmed actions and the service each one calls.
ACTIONS = {
    "deactivate": "deactivate_person",
    "reactivate": "reactivate_person",
    "resend": "resend_invitation",
    "password_link": "send_password_link",
}
# Who may ask for each: changing a person, or sending a set-password link (administrators too).
RULES = {"password_link": permissions.can_send_password_link}


@login_required
@require_http_methods(["GET", "POST"])
def person_confirm(request, reference, pk, action):
    """Deactivate, reactivate, invite again or send a set-password link: a confirmation page, then
    the change on POST."""
    agreement, membership = get_person_for_manager(
        request, reference, pk, RULES.get(action, permissions.can_change_person)
    )
    if request.method == "POST":
        service = getattr(services, ACTIONS[action])
        kwargs = {"agreement": agreement} if action in ("resend", "password_link", "reactivate") else {}
        try:
            service(membership=membership, by=request.user, **kwargs)
        except services.PeopleError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _done_message(action, membership))
        return redirect("people_list", agreement.reference)
    context = {
        "agreement": agreement,
        "person": membership,
        "action": action,
        "invitation_days": settings.PEYMAN_INVITATION_DAYS,
    }
    return render(request, "people/confirm.html", context)


def _done_message(action: str, membership) -> str:
    name = person_name(membership.user)
    if action == "deactivate":
        return _("%(name)s is deactivated and can no longer sign in.") % {"name": name}
    if action == "reactivate":
        return _("%(name)s is active again; a link to choose a new password is on its way.") % {"name": name}
    if action == "password_link":
        return _(
            "A link to set a new password is on its way to %(email)s. %(name)s can keep signing in with "
            "their current password until they set a new one."
        ) % {"email": membership.user.email, "name": name}
    return _("A new invitation is on its way to %(email)s; the earlier link no longer works.") % {
        "email": membership.user.email
    }


class SetPasswordView(auth_views.PasswordResetConfirmView):
    """The invitation link: choose a password, then sign in (NewPasswordView is the other link).

    A wrong, used or expired link counts as a failed sign-in from the address (django-axes), so
    guessing links pauses like guessing passwords; a deactivated person's link never works.
    """

    template_name = "people/set_password.html"
    token_generator: PasswordResetTokenGenerator = invitation_tokens  # NewPasswordView has its own
    reset_url_token = "set-password"
    change_reason = Change.PASSWORD_SET
    new_password = False  # the page's wording: a first password, or a new one

    def dispatch(self, *args, **kwargs):
        credentials = {"username": None}
        if AxesProxyHandler.is_locked(self.request, credentials):
            return lockout_response(self.request)
        response = super().dispatch(*args, **kwargs)
        # A good link answers with a redirect (its token moves into the session) or the form; a
        # bad one with the page that says so.
        if not self.validlink and response.status_code == 200:
            user_login_failed.send(sender=type(self), credentials=credentials, request=self.request)
        return response

    def get_user(self, uidb64):
        user = super().get_user(uidb64)
        return user if user is not None and user.is_active else None

    def form_valid(self, form):
        record_history_user(form.user, form.user, reason=self.change_reason)
        response = super().form_valid(form)
        messages.success(self.request, _("Your password is set. Sign in with your username and the new password."))
        return response

    def get_success_url(self):
        return reverse("login")

    def get_form(self, form_class=None):
        """The app's own words: Django's stock Persian asks for «رمز عبور قبلی» ("the previous
        password") under the second box, which a new invitee never had; both boxes ask for the one new
        password, the second only to repeat it."""
        form = super().get_form(form_class)
        first, second = form.fields["new_password1"], form.fields["new_password2"]
        if self.new_password:
            first.label, second.label = _("New password"), _("New password, once more")
        else:
            first.label, second.label = _("Your password"), _("Your password, once more")
        second.help_text = _("Type the same password again, to be sure it is the one you meant.")
        return form

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["username"] = self.user.username if self.validlink else ""
        context["invitation_days"] = settings.PEYMAN_INVITATION_DAYS
        context["new_password"] = self.new_password
        return context


class NewPasswordView(SetPasswordView):
    """The link a focal point or an administrator sends someone who forgot their password.

    Its own token (people/tokens.py): it ends when the new password is set, when the person signs
    in with the old one, or when a newer link is sent. Setting the password ends the person's
    other sessions (Django's session check covers the password), as any change of password should.
    """

    token_generator = password_link_tokens
    change_reason = Change.NEW_PASSWORD_SET
    new_password = True

    def get_user(self, uidb64):
        user = super().get_user(uidb64)
        return user if user is not None and user.has_usable_password() else None
