"""Per-process cache of what rarely changes, kept exact by version counters in the database.

See ``store.py``: every change to a cached row bumps its location's counter in the change's
own transaction; every request reads the counters it needs in one query and drops whatever
its process cached under an older value. Nothing expires by time.
"""
