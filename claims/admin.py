from django.contrib import admin, messages
from django.core.exceptions import ValidationError

from claims.models import AuthorClaim
from claims.services import author_claim_decide


@admin.register(AuthorClaim)
class AuthorClaimAdmin(admin.ModelAdmin):
    list_display = ["author", "user", "user_orcid", "status", "created", "decided_at", "decided_by"]
    list_filter = ["status"]
    search_fields = ["author__name", "user__username", "user__profile__orcid"]
    list_select_related = ["author", "user__profile", "decided_by"]
    readonly_fields = ["author", "user", "status", "created", "decided_at", "decided_by"]
    actions = ["approve_claims", "refuse_claims"]

    @admin.display(description="ORCID iD")
    def user_orcid(self, claim):
        profile = getattr(claim.user, "profile", None)
        return profile.orcid if profile else ""

    def has_add_permission(self, request):
        return False  # users claim on the author page; staff decide here

    @admin.action(description="Approve the selected claims", permissions=["change"])
    def approve_claims(self, request, queryset):
        self._decide(request, queryset, approve=True)

    @admin.action(description="Refuse the selected claims", permissions=["change"])
    def refuse_claims(self, request, queryset):
        self._decide(request, queryset, approve=False)

    def _decide(self, request, queryset, *, approve):
        done = 0
        for claim in queryset.select_related("author", "user"):
            try:
                author_claim_decide(claim=claim, approve=approve, by=request.user)
            except ValidationError as error:
                self.message_user(request, f"{claim}: {' '.join(error.messages)}", messages.ERROR)
            else:
                done += 1
        if done:
            verb = "approved" if approve else "refused"
            self.message_user(request, f"{done} claim{'s' if done != 1 else ''} {verb}.", messages.SUCCESS)
