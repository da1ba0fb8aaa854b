"""Public opinion linkage (舆情联动): items seen in media and social networks, checked, answered
through a clue or case, the response published; a risk of an extreme incident escalates at once."""
