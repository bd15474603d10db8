"""The facilitator's script (draaiboek): the course as meetings, read from data/templates/draaiboek.yaml.

``load_draaiboek()`` reads and checks the template; :mod:`kit.draaiboek.school` renders it per
school (HTML and PDF, with the school's own links and join codes); :mod:`kit.draaiboek.schedule`
links a workshop to its meeting.
"""

from kit.draaiboek.model import Draaiboek, DraaiboekError, Meeting, Part, hours_text, load_draaiboek

__all__ = ["Draaiboek", "DraaiboekError", "Meeting", "Part", "hours_text", "load_draaiboek"]
