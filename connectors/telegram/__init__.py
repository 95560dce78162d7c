"""Telegram Bot API: webhook and getUpdates polling."""
