"""`wageguard token create --user NAME`: the new token is the last line printed, for scripts."""

from django.core.management.base import BaseCommand, CommandError, CommandParser

from wageguard.org import services
from wageguard.org.models import ApiToken, User


class Command(BaseCommand):
    help = "Create, list or revoke integration tokens."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        create = sub.add_parser("create", help="create a token; prints it once")
        create.add_argument("--user", required=True)
        create.add_argument("--name", default="")
        listing = sub.add_parser("list", help="list tokens of a user")
        listing.add_argument("--user", required=True)
        revoke = sub.add_parser("revoke", help="revoke a token by its prefix")
        revoke.add_argument("prefix")

    def handle(self, *args, action: str, **opts) -> None:
        if action == "revoke":
            tokens = list(ApiToken.objects.filter(key_prefix=opts["prefix"]))
            if len(tokens) != 1:
                raise CommandError(f"no single token with prefix {opts['prefix']!r}")
            services.revoke_token(None, tokens[0])
            self.stdout.write(f"revoked {tokens[0].key_prefix}")
            return
        try:
            user = User.objects.get(username=opts["user"])
        except User.DoesNotExist:
            raise CommandError(f"user {opts['user']!r} does not exist") from None
        if action == "list":
            for t in ApiToken.objects.filter(user=user):
                state = "revoked" if t.revoked_at else "active"
                self.stdout.write(
                    f"{t.key_prefix}  {state:<8} {t.created_at:%Y-%m-%d %H:%M}  {t.name}"
                )
            return
        _token, key = services.create_token(None, user, opts["name"] or "command line")
        self.stdout.write(self.style.WARNING("Store this token now; it is not shown again:"))
        self.stdout.write(key)
