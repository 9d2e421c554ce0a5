"""Partner accounts (no Wagtail admin access): sign-up with email confirmation,
invitation by an administrator, sign in and out, password reset by email."""

from dsfr.forms import DsfrBaseForm

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth import views as auth_views
from django.contrib.auth.forms import (
    AuthenticationForm,
    PasswordResetForm,
    SetPasswordForm,
)
from django.contrib.auth.hashers import make_password
from django.contrib.auth.password_validation import validate_password
from django.contrib.auth.tokens import default_token_generator
from django.core import signing
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse, reverse_lazy
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_http_methods

from wagtail.users.models import UserProfile

from cms.permissions import groups_with_permission, user_can

from .mail import MailUnavailable, mail_unavailable, send, send_message
from .models import PartnerProfile
from .permissions import PARTNER_SPACE
from .ratelimit import RATE_LIMIT_MESSAGE, client_ip, hit

CONFIRMATION_SALT = "partners.signup"

User = get_user_model()


def partner_groups():
    """The groups that make their members partners: those holding the permission
    ``partners.use_partner_space`` (whatever their name)."""
    return groups_with_permission(PARTNER_SPACE)


class HoneypotMixin(forms.Form):
    """A field people do not see; robots fill it in."""

    website = forms.CharField(
        label=_("Laissez ce champ vide"),
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )

    def caught_in_honeypot(self):
        return bool(self.data.get("website"))


class SignUpForm(HoneypotMixin, DsfrBaseForm):
    name = forms.CharField(label=_("Prénom et nom"), max_length=150)
    organisation = forms.CharField(label=_("Organisation"), max_length=200)
    email = forms.EmailField(
        label=_("Adresse électronique"), help_text=_("Format attendu : nom@domaine.fr")
    )
    password = forms.CharField(
        label=_("Mot de passe"),
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=_("Au moins 12 caractères, pas uniquement des chiffres."),
    )

    def clean_email(self):
        # An address that already has an account is not refused here: that would
        # tell anyone who has an account (see ``register``).
        return self.cleaned_data["email"].strip().lower()

    def clean(self):
        cleaned = super().clean()
        password = cleaned.get("password")
        if password:
            user = User(
                username=cleaned.get("email", ""),
                email=cleaned.get("email", ""),
                first_name=cleaned.get("name", ""),
            )
            try:
                validate_password(password, user)
            except ValidationError as error:
                self.add_error("password", error)
        return cleaned


def quiet_admin_notifications(user):
    """Partners get our own decision emails, not Wagtail's (they link to the admin,
    which partners cannot open)."""
    profile = UserProfile.get_for_user(user)
    profile.submitted_notifications = False
    profile.approved_notifications = False
    profile.rejected_notifications = False
    profile.updated_comments_notifications = False
    profile.save()


def create_partner(name, organisation, email, *, active, invited=False):
    first, _sep, last = name.strip().partition(" ")
    user = User.objects.create_user(
        username=email, email=email, first_name=first[:150], last_name=last[:150]
    )
    user.is_active = active
    user.set_unusable_password()
    user.save()
    user.groups.add(*partner_groups())
    quiet_admin_notifications(user)
    PartnerProfile.objects.create(
        user=user,
        organisation=organisation,
        invited=invited,
        confirmed_at=timezone.now() if invited else None,
    )
    return user


def absolute(path):
    return f"{settings.WAGTAILADMIN_BASE_URL}{path}"


def send_confirmation(user):
    token = signing.dumps(user.pk, salt=CONFIRMATION_SALT)
    link = absolute(reverse("partners_confirm", args=[token]))
    send(
        "Confirmez votre compte partenaire",
        f"Bonjour {user.first_name},\n\nPour activer votre compte sur "
        f"Quartiers, ouvrez ce lien (valable trois jours) :\n{link}\n\n"
        "Si vous n’avez pas demandé ce compte, ignorez ce message.",
        user.email,
    )


def send_no_account_notice(email):
    """To an address without an account that asked for a new password."""
    send(
        "Demande de nouveau mot de passe",
        "Bonjour,\n\nUn nouveau mot de passe a été demandé sur Quartiers pour cette "
        "adresse, mais aucun compte partenaire actif n’y est associé. Vous avez "
        "peut-être utilisé une autre adresse. Pour créer un compte :\n"
        f"{absolute(reverse('partners_signup'))}\n\n"
        "Si vous n’avez rien demandé, ignorez ce message.",
        email,
    )


def send_signup_notice(user):
    """To the owner of an address someone tried to sign up with."""
    send(
        "Tentative de création de compte avec votre adresse",
        "Bonjour,\n\nQuelqu’un a tenté de créer un compte avec votre adresse sur "
        "Quartiers, alors qu’elle en a déjà un. Si c’était vous, connectez-vous :\n"
        f"{absolute(reverse('partners_login'))}\n"
        "ou choisissez un nouveau mot de passe :\n"
        f"{absolute(reverse('partners_password_reset'))}\n\n"
        "Sinon, ignorez ce message : rien n’a été modifié.",
        user.email,
    )


def is_pending(user):
    """Signed up, never confirmed: the confirmation link is what they need."""
    profile = getattr(user, "partner_profile", None)
    return not user.is_active and profile is not None and profile.confirmed_at is None


def register(data):
    """Sign up an address, answering alike whether it has an account or not: a new
    account gets its confirmation, a pending one its confirmation again (its
    password unchanged: whoever typed this one does not own the address yet), an
    existing one a notice. Raises ``MailUnavailable`` (call inside a transaction).
    """
    user = (
        User.objects.filter(email__iexact=data["email"])
        .select_related("partner_profile")
        .first()
    )
    if user is None:
        user = create_partner(
            data["name"], data["organisation"], data["email"], active=False
        )
        user.set_password(data["password"])
        user.save(update_fields=["password"])
        send_confirmation(user)
        return
    make_password(data["password"])  # the same work, whichever branch
    if is_pending(user):
        send_confirmation(user)
    else:
        send_signup_notice(user)


@require_http_methods(["GET", "POST"])
def signup(request):
    form = SignUpForm(request.POST or None)
    template = "partners/accounts/signup.html"
    if request.method == "POST":
        if hit("signup", client_ip(request)):
            messages.error(request, RATE_LIMIT_MESSAGE)
            return render(request, template, {"form": form}, status=429)
        if form.caught_in_honeypot():
            return redirect("partners_signup_sent")
        if form.is_valid():
            try:
                with transaction.atomic():
                    register(form.cleaned_data)
            except MailUnavailable:
                return mail_unavailable(request, template, {"form": form})
            return redirect("partners_signup_sent")
    return render(request, template, {"form": form})


def signup_sent(request):
    return render(request, "partners/accounts/signup_sent.html")


def confirm(request, token):
    try:
        pk = signing.loads(
            token,
            salt=CONFIRMATION_SALT,
            max_age=settings.QUARTIERS_CONFIRMATION_MAX_AGE,
        )
        user = User.objects.select_related("partner_profile").get(pk=pk)
    except (signing.BadSignature, User.DoesNotExist, ValueError, TypeError):
        return render(request, "partners/accounts/confirm_invalid.html", status=400)
    profile = user.partner_profile
    if profile.confirmed_at is None:
        profile.confirmed_at = timezone.now()
        profile.save(update_fields=["confirmed_at"])
        user.is_active = True
        user.save(update_fields=["is_active"])
    messages.success(
        request, "Votre adresse est confirmée : vous pouvez vous connecter."
    )
    return redirect("partners_login")


class LoginForm(DsfrBaseForm, AuthenticationForm):
    pass


class ResetForm(DsfrBaseForm, PasswordResetForm):
    """Django's reset form, answering alike whether the address has an account:
    an account that can reset gets the link, a pending sign-up its confirmation
    again, an unknown address a mail saying so. A mail server failure is raised
    (``MailUnavailable``), not swallowed as Django does: the visitor must retry."""

    def send_mail(
        self, subject_template, email_template, context, from_email, to, **kwargs
    ):
        subject = "".join(render_to_string(subject_template, context).splitlines())
        body = render_to_string(email_template, context)
        send_message(EmailMultiAlternatives(subject, body, from_email, [to]))

    def get_users(self, email):
        """Active accounts of this address, including an invited partner who never
        chose a password (Django skips unusable passwords: they would be stuck)."""
        return (
            user
            for user in User.objects.filter(email__iexact=email, is_active=True)
            if user.email.casefold() == email.casefold()
        )

    def save(self, **kwargs):
        email = self.cleaned_data["email"]
        if any(True for _user in self.get_users(email)):
            return super().save(**kwargs)
        user = (
            User.objects.filter(email__iexact=email)
            .select_related("partner_profile")
            .first()
        )
        if user is not None and is_pending(user):
            send_confirmation(user)
        else:
            send_no_account_notice(email)


class NewPasswordForm(DsfrBaseForm, SetPasswordForm):
    pass


class LoginView(auth_views.LoginView):
    template_name = "partners/accounts/login.html"
    authentication_form = LoginForm
    redirect_authenticated_user = True


class LogoutView(auth_views.LogoutView):
    pass


class PasswordResetView(auth_views.PasswordResetView):
    template_name = "partners/accounts/password_reset.html"
    form_class = ResetForm
    email_template_name = "partners/accounts/password_reset_email.txt"
    subject_template_name = "partners/accounts/password_reset_subject.txt"
    success_url = reverse_lazy("partners_password_reset_done")
    extra_email_context = {"base_url": settings.WAGTAILADMIN_BASE_URL}

    def form_valid(self, form):
        if hit("password_reset", client_ip(self.request)):
            messages.error(self.request, RATE_LIMIT_MESSAGE)
            return self.render_to_response(self.get_context_data(form=form), status=429)
        try:
            return super().form_valid(form)
        except MailUnavailable:
            return mail_unavailable(
                self.request, self.template_name, self.get_context_data(form=form)
            )


class PasswordResetDoneView(auth_views.PasswordResetDoneView):
    template_name = "partners/accounts/password_reset_done.html"


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    template_name = "partners/accounts/password_reset_confirm.html"
    form_class = NewPasswordForm
    success_url = reverse_lazy("partners_password_reset_complete")


class PasswordResetCompleteView(auth_views.PasswordResetCompleteView):
    template_name = "partners/accounts/password_reset_complete.html"


def set_password_link(user):
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    token = default_token_generator.make_token(user)
    return absolute(
        reverse(
            "partners_password_reset_confirm", kwargs={"uidb64": uid, "token": token}
        )
    )


class InvitationForm(forms.Form):
    name = forms.CharField(label=_("Prénom et nom"), max_length=150)
    organisation = forms.CharField(label=_("Organisation"), max_length=200)
    email = forms.EmailField(label=_("Adresse électronique"))

    def clean_email(self):
        email = self.cleaned_data["email"].strip().lower()
        if User.objects.filter(email__iexact=email).exists():
            raise ValidationError(_("Un compte existe déjà avec cette adresse."))
        return email


def invite_partner(data):
    user = create_partner(
        data["name"], data["organisation"], data["email"], active=True, invited=True
    )
    send(
        "Invitation à proposer vos bonnes pratiques",
        f"Bonjour {user.first_name},\n\nUn compte partenaire a été créé pour "
        f"vous sur Quartiers. Choisissez votre mot de passe ici :\n"
        f"{set_password_link(user)}\n",
        user.email,
    )
    return user


def invite(request):
    """Admin view: create a partner account and email a set-password link."""
    if not user_can(request.user, "add", PartnerProfile):
        raise PermissionDenied
    form = InvitationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            with transaction.atomic():
                user = invite_partner(form.cleaned_data)
        except MailUnavailable:
            return mail_unavailable(
                request, "partners/admin/invite.html", {"form": form}
            )
        messages.success(request, f"Invitation envoyée à {user.email}.")
        return redirect("partners_invite")
    return render(request, "partners/admin/invite.html", {"form": form})
