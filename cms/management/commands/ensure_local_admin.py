import secrets

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = (
        "Crée le compte administrateur local s’il n’existe pas et affiche une seule "
        "fois son identifiant et son mot de passe généré."
    )

    def add_arguments(self, parser):
        parser.add_argument("--username", default="admin")
        parser.add_argument("--email", default="admin@localhost")

    def handle(self, *args, username, email, **options):
        User = get_user_model()
        if User.objects.filter(username=username).exists():
            self.stdout.write(
                f"Compte administrateur local : « {username} » (mot de passe affiché à "
                "la première installation ; pour en choisir un autre : "
                f"python manage.py changepassword {username})."
            )
            return
        password = secrets.token_urlsafe(12)
        User.objects.create_superuser(
            username=username,
            email=email,
            password=password,
            first_name="Administrateur",
            last_name="local",
        )
        self.stdout.write(
            self.style.SUCCESS(
                "\nCompte administrateur local créé — à noter, il ne sera plus affiché :\n"
                f"  identifiant : {username}\n  mot de passe : {password}\n"
                "  administration : http://127.0.0.1:8000/admin/\n"
            )
        )
