"""The form in which the facilitator edits one action: every field with its label, laid out as a table.

Only plain-text widgets (Text, Textarea, Combobox) hold what people type, so typed
text is always shown as text. :meth:`ActionForm.values` returns the fields for
:func:`kit.plan.store.update_action` / :func:`kit.plan.store.add_action`.
"""

from __future__ import annotations

from datetime import date

import ipywidgets as w

from kit.plan.facts import Labels, next_school_year, target_text
from kit.plan.model import (DESCRIPTION_MAX, INDICATOR_MAX, INVOLVED_MAX, OWNER_MAX, PRIORITIES, REASON_MAX,
                            STATUSES, TARGET_TEXT_MAX, TITLE_MAX)
from kit.live.ui import classed, esc, labelled, markup

NO_METRIC = ""
OPS_SHORT = {"<=": "hoogstens", ">=": "minstens"}


def _field(label: str, widget: w.DOMWidget, name: str, hint: str = "") -> w.VBox:
    """One field of the form: a control with its own label above it, or a group of labelled controls
    under a visible group title (a ``role=group`` named by that title)."""
    if not isinstance(widget, w.Box):
        return classed(w.VBox([labelled(widget, label, hint=hint)]), "kit-form-field", f"kit-field-{name}")
    note = f'<span class="kit-form-hint">{esc(hint)}</span>' if hint else ""
    return classed(w.VBox([markup(f'<span class="kit-field-label">{esc(label)}</span>{note}'), widget]),
                   "kit-form-field", f"kit-field-{name}")


class ActionForm:
    """Widgets for one action's fields; build with the action (or a blank one) and read with :meth:`values`."""

    def __init__(self, action: dict, labels: Labels, school_year: str, owners: list[str]):
        target = action.get("target") or {}
        years = [school_year, next_school_year(school_year), next_school_year(next_school_year(school_year))]
        if target.get("year") and target["year"] not in years:
            years.insert(0, target["year"])
        metrics = [("geen cijfer uit de enquête", NO_METRIC)] + labels.metrics()
        if target.get("metric") and target["metric"] not in dict(metrics).values():
            metrics.append((target["metric"], target["metric"]))
        self.title = w.Text(value=action.get("title") or "", placeholder="Wat gebeurt er, in een paar woorden?")
        self.description = w.Textarea(value=action.get("description") or "", rows=3,
                                      placeholder="Wat doet het team concreet?")
        self.reason = w.Textarea(value=action.get("reason") or "", rows=2,
                                 placeholder="Waarom deze actie? Bijvoorbeeld een cijfer uit de enquête.")
        self.owner = w.Combobox(value=action.get("owner") or "", options=owners, ensure_option=False,
                                placeholder="Wie trekt de actie?")
        self.involved = w.Text(value=action.get("involved") or "", placeholder="Wie doen er verder mee?")
        self.start = w.DatePicker(value=_date(action.get("start")))
        self.deadline = w.DatePicker(value=_date(action.get("deadline")))
        self.status = w.Dropdown(options=[(label, code) for code, label in STATUSES.items()],
                                 value=action.get("status") or "planned")
        self.priority = w.Dropdown(options=[(label, code) for code, label in PRIORITIES.items()],
                                   value=action.get("priority") or "medium")
        self.indicator = w.Text(value=action.get("indicator") or "", placeholder="Waaraan zien we dat het werkt?")
        self.metric = w.Dropdown(options=metrics, value=target.get("metric") or NO_METRIC)
        self.op = w.Dropdown(options=[(label, op) for op, label in OPS_SHORT.items()], value=target.get("op") or "<=")
        self.value = w.BoundedFloatText(value=float(target.get("value") or 0), min=0, max=100, step=1)
        self.year = w.Dropdown(options=years, value=target.get("year") or years[1])
        self.target_text = w.Text(value=action.get("target_text") or "",
                                  placeholder="Of een ander doel met een getal, bijv. 4 bijeenkomsten")
        self._limits = {self.title: TITLE_MAX, self.description: DESCRIPTION_MAX, self.reason: REASON_MAX,
                        self.owner: OWNER_MAX, self.involved: INVOLVED_MAX, self.indicator: INDICATOR_MAX,
                        self.target_text: TARGET_TEXT_MAX}
        self._labels = labels
        for widget, text in ((self.status, "Status"), (self.priority, "Prioriteit"),
                             (self.metric, "Cijfer uit de enquête"), (self.op, "Hoogstens of minstens"),
                             (self.value, "Waarde"), (self.year, "Enquête van schooljaar")):
            labelled(widget, text, shown=False)  # in a group under a visible title
        self.preview = markup("", "kit-form-hint", "kit-target-preview")
        for widget in (self.metric, self.op, self.value, self.year):
            widget.observe(lambda change: self._show_target(), "value")
        target_row = classed(w.HBox([self.op, self.value, markup('<span class="kit-form-in">in de enquête van</span>'),
                                     self.year]), "kit-row", "kit-target-row")
        self._target_row = target_row
        self.widget = classed(w.GridBox([
            _field("Titel", self.title, "title"),
            _field("Eigenaar", self.owner, "owner", "wie trekt de actie"),
            _field("Omschrijving", self.description, "description"),
            _field("Aanleiding", self.reason, "reason", "waarom deze actie"),
            _field("Betrokkenen", self.involved, "involved"),
            _field("Status en prioriteit", classed(w.HBox([self.status, self.priority]), "kit-row"), "status"),
            _field("Start", self.start, "start"),
            _field("Deadline", self.deadline, "deadline"),
            _field("Indicator", self.indicator, "indicator", "wat meten we"),
            _field("Doel uit de enquête", classed(w.VBox([self.metric, target_row, self.preview]), "kit-target"),
                   "target"),
            _field("Ander meetbaar doel", self.target_text, "target-text"),
        ]), "kit-action-form")
        self._show_target()

    def _show_target(self) -> None:
        self._target_row.layout.display = "none" if self.metric.value == NO_METRIC else ""
        scale = self.metric.value.startswith("schaal:")
        self.value.max = 10 if scale else 100
        self.value.step = 0.1 if scale else 1
        # the target as the plan will word it (always in positive form)
        target = self.values()["target"]
        self.preview.value = f"In het plan: {esc(target_text(self._labels, target))}" if target else ""

    def values(self) -> dict:
        """The fields as typed (checked by the store, which says in Dutch what is wrong)."""
        target = None
        if self.metric.value != NO_METRIC:
            target = {"metric": self.metric.value, "op": self.op.value, "value": float(self.value.value),
                      "year": self.year.value}
        return {
            "title": self.title.value, "description": self.description.value, "reason": self.reason.value,
            "owner": self.owner.value, "involved": self.involved.value,
            "start": self.start.value, "deadline": self.deadline.value,
            "status": self.status.value, "priority": self.priority.value, "indicator": self.indicator.value,
            "target": target, "target_text": self.target_text.value,
        }


def _date(iso: str | None) -> date | None:
    return date.fromisoformat(iso) if iso else None


def owner_options(profile, proposals: list[dict]) -> list[str]:
    """Suggestions for the owner: the roles in the school profile with their person (role first, as the
    plan names people), and the proposals' owners."""
    from kit.profile import ROLES

    options = []
    if profile is not None:
        for role, label in ROLES.items():
            name = profile.get(f"rollen.{role}.naam")
            if name:
                options.append(f"{label} ({name})")
    for proposal in proposals:
        if proposal["owner"] not in options:
            options.append(proposal["owner"])
    return options
