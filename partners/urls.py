"""Public URLs of the partner space and accounts (served through the
``register_site_urls`` hook, see partners/wagtail_hooks.py)."""

from django.urls import path

from . import accounts, views_space

urlpatterns = [
    path("mon-espace/", views_space.space, name="partners_space"),
    path(
        "mon-espace/pratiques/<int:pk>/modifier/",
        views_space.edit,
        name="partners_practice_edit",
    ),
    path("mon-espace/inscription/", accounts.signup, name="partners_signup"),
    path(
        "mon-espace/inscription/envoyee/",
        accounts.signup_sent,
        name="partners_signup_sent",
    ),
    path(
        "mon-espace/confirmer/<str:token>/", accounts.confirm, name="partners_confirm"
    ),
    path("mon-espace/connexion/", accounts.LoginView.as_view(), name="partners_login"),
    path(
        "mon-espace/deconnexion/",
        accounts.LogoutView.as_view(),
        name="partners_logout",
    ),
    path(
        "mon-espace/mot-de-passe/",
        accounts.PasswordResetView.as_view(),
        name="partners_password_reset",
    ),
    path(
        "mon-espace/mot-de-passe/envoye/",
        accounts.PasswordResetDoneView.as_view(),
        name="partners_password_reset_done",
    ),
    path(
        "mon-espace/mot-de-passe/<uidb64>/<token>/",
        accounts.PasswordResetConfirmView.as_view(),
        name="partners_password_reset_confirm",
    ),
    path(
        "mon-espace/mot-de-passe/termine/",
        accounts.PasswordResetCompleteView.as_view(),
        name="partners_password_reset_complete",
    ),
    path("bonnes-pratiques/proposer/", views_space.propose, name="partners_propose"),
]
