"""The dispatch meeting (issue 13, items 3 and 4): what the province shows and sends.

`briefing` assembles a round's numbers once (KPIs by prefecture, rankings, trends against the
previous round, the units named as lagging, the countdown, the escalated opinion items); the
meeting screen and the Word/Excel documents read the same `Briefing`, so they cannot differ.
"""
