from django.contrib import admin

from accounts.forms import AdminLoginForm
from accounts.models import Profile

# The admin's login page has the same failed-login lockout as the site's.
admin.site.login_form = AdminLoginForm


@admin.register(Profile)
class ProfileAdmin(admin.ModelAdmin):
    list_display = ["user", "display_name"]
    search_fields = ["user__username", "display_name"]
    autocomplete_fields = ["user"]
