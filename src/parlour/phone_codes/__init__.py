"""SMS verification codes for phones: issued into the outbox, stored as digests, used once."""
