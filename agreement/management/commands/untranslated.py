from django.core.management.base import BaseCommand, CommandError

from agreement.i18n_check import gettext_available, untranslated


class Command(BaseCommand):
    help = "List user-facing strings that have no Persian translation (needs GNU gettext)."

    def handle(self, *args, **options):
        if not gettext_available():
            raise CommandError("GNU gettext (xgettext, msgmerge) is not installed.")
        missing = untranslated()
        for msgid in missing:
            self.stdout.write(msgid)
        self.stdout.write(f"{len(missing)} string(s) without a Persian translation.")
