"""`makemessages` that also extracts `_l(...)`.

Form classes that already use `_` for `gettext` import `gettext_lazy as _l`; Django's own command
only knows the full function names, so those labels never reached the catalogue and stayed Chinese
in the English UI. Overriding the command keeps `django-admin makemessages` the one way to refresh.
"""

from django.core.management.commands import makemessages


class Command(makemessages.Command):
    xgettext_options = [*makemessages.Command.xgettext_options, "--keyword=_l"]
