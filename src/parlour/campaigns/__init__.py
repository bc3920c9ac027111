"""SMS and e-mail campaigns to a location's clients (``/sms/clients/...``,
``/email/clients/...``): one outbox message per recipient, written in the request's
transaction and delivered by the outbox's delivery machinery."""
