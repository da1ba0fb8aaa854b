"""The worker's tracking pages: find one's clue (code + password, or phone + texted code),
see where it is and every reply, rate the reply, supply what the bureau asked for."""
