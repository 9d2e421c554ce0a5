from django.core.management.base import BaseCommand
from django.db import connection

from search.relevance import TOP, hits_at_5


class Command(BaseCommand):
    help = (
        "Mesure la pertinence de la recherche : part des requêtes de "
        "search/data/relevance.csv dont un titre attendu est parmi les 5 premiers."
    )

    def handle(self, *args, **options):
        hits, total, misses = hits_at_5()
        self.stdout.write(
            f"{connection.vendor} : hits@{TOP} = {hits}/{total} "
            f"({100 * hits / max(total, 1):.1f} %)"
        )
        for case, found in misses:
            self.stdout.write(
                f"  manqué « {case.query} » : attendu {' | '.join(case.expected)} ; "
                f"trouvé {' | '.join(found) or 'rien'}"
            )
