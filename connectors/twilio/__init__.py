"""Twilio Programmable Messaging: SMS and WhatsApp webhooks."""
