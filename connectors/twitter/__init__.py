"""Twitter/X API v2: mentions and recent search, polled with tweepy."""
