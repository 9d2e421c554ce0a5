import sys
import time

from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction

from cms.ops.volume import volume_generators


class Command(BaseCommand):
    help = (
        "Remplit la base configurée avec un volume réaliste pour la mesure de "
        "performance (à l’échelle 1 : 40 mesures, 2 000 valeurs, 100 actualités...). "
        "À lancer sur une base séparée (voir la commande benchmark)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--scale", type=float, default=1.0)
        parser.add_argument(
            "--yes",
            action="store_true",
            help="Confirme l’écriture dans une base dont le nom ne contient pas « bench ».",
        )

    def handle(self, *args, scale, yes, **options):
        name = str(connection.settings_dict["NAME"])
        if "bench" not in name and not yes:
            raise CommandError(
                f"La base « {name} » ne semble pas dédiée à la mesure de performance : "
                "utilisez une base séparée (nom contenant « bench ») ou --yes."
            )
        for label, generate, _order in volume_generators():
            started = time.monotonic()
            with transaction.atomic():
                created = generate(scale, self.progress_bar(label))
            sys.stdout.write("\n")
            self.stdout.write(
                f"  {label} : {created} créés en {time.monotonic() - started:.1f} s"
            )
        if connection.vendor == "postgresql":
            # Fresh statistics: without them the planner takes the bulk-inserted
            # tables for empty ones and picks nested loops over thousands of rows.
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")

    def progress_bar(self, label):
        last = {"shown": -1}

        def progress(done, total):
            if not total:
                return
            percent = int(100 * done / total)
            if percent == last["shown"] or (percent % 5 and done != total):
                return
            last["shown"] = percent
            width = 30
            filled = int(width * done / total)
            sys.stdout.write(
                f"\r{label:>24} [{'#' * filled}{'.' * (width - filled)}] {done}/{total}"
            )
            sys.stdout.flush()

        return progress
