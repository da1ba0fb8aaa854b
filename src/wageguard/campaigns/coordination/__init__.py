"""Coordination with the other departments of the leading group (issue 12, item 4): the leading
group's member units and contacts per level, assignments (交办) to other departments with a reply
deadline, their answers, reminders and overdue escalation."""
