"""Group challenges: the group side, the private side, a circle's life, its posts and sharing."""
