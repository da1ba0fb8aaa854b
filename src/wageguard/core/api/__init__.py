"""The API toolkit every app's router uses: one error shape (`errors`), pagination with capped
counts (`pagination`). Routers live in their apps; `wageguard.api.v1` assembles them."""
