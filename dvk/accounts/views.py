from __future__ import annotations

from django.contrib.auth import views as auth_views
from django.urls import reverse_lazy

from dvk.core.interfaces import record_audit


class PasswordChangeView(auth_views.PasswordChangeView):
    template_name = "accounts/password_change.html"
    success_url = reverse_lazy("accounts:password_change_done")

    def form_valid(self, form):
        response = super().form_valid(form)
        record_audit(actor=self.request.user, action="accounts.password_change", target=self.request.user)
        return response
