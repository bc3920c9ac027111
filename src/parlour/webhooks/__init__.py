"""Webhooks (upstream's ``hooks_settings``) and the delivery of what changes ask to send."""
