"""The public report in short steps (issue 14): forms, session draft, views and their routes."""
