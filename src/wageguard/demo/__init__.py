"""The demo province: Sichuan's bureaus, one user per role, and synthetic people and employers."""
