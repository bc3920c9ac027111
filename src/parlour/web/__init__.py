"""The web pages: the staff calendar (``/app``) and the booking widget (``/bookform/{id}``).

Both are server-rendered (Jinja2) shells whose scripts call Parlour's own JSON API from the
browser; every asset ships in ``static/`` so the pages work offline."""
