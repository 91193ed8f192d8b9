"""Small template helpers for the Bootstrap UI."""

from __future__ import annotations

from django import forms, template

register = template.Library()


@register.filter
def bs(field):
    """Render a bound field's widget with the Bootstrap class that fits it (and is-invalid on error)."""
    widget = field.field.widget
    if isinstance(widget, forms.CheckboxInput | forms.CheckboxSelectMultiple | forms.RadioSelect):
        css = "form-check-input"
    elif isinstance(widget, forms.Select | forms.SelectMultiple):
        css = "form-select"
    else:
        css = "form-control"
    if field.errors:
        css += " is-invalid"
    existing = widget.attrs.get("class", "")
    return field.as_widget(attrs={"class": f"{existing} {css}".strip()})


@register.filter
def vn_date(value):
    """An ISO date string or a date (from JSON data) as dd/mm/yyyy; anything else unchanged."""
    import datetime as dt

    if isinstance(value, str):
        try:
            value = dt.date.fromisoformat(value[:10])
        except ValueError:
            return value
    if isinstance(value, dt.date):
        return value.strftime("%d/%m/%Y")
    return value


@register.simple_tag
def form_token():
    """The hidden one-time token of a form written by hand (read back with read_form_token)."""
    from django.utils.html import format_html

    from dvk.core.forms import FORM_TOKEN, new_form_token

    return format_html('<input type="hidden" name="{}" value="{}">', FORM_TOKEN, new_form_token())
