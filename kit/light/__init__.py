"""The light participant pages: every live exercise as a small server-rendered page, no kernel per participant.

``kit serve`` runs Voila; :func:`kit.light.handlers.install_light_pages` adds these pages to the
same Tornado server. A participant's phone gets plain HTML forms (they work without
JavaScript: POST, then a redirect to the page) on the same workshop store, join code and
participant token as the facilitator's Voila pages, which read the store every second.

* :mod:`kit.light.routes`: the addresses (``/mee/visie?school=<id>&code=<code>``) and
  :func:`~kit.light.routes.participant_link`, the one function every participant link comes from.
* :mod:`kit.light.identity`: the participant token in an HttpOnly cookie per school and code.
* :mod:`kit.light.limits`: the size of a request and of each field.
* :mod:`kit.light.stores`: the store calls, off the server's event loop.
* :mod:`kit.light.views` (what a page shows) and :mod:`kit.light.actions` (what a form does), per exercise.
* :mod:`kit.light.handlers`: the Tornado handlers (page, form, live state) and the install call.
"""
