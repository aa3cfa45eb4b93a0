from django.contrib import admin

from importers.models import DblpImport, DblpVenue


@admin.register(DblpVenue)
class DblpVenueAdmin(admin.ModelAdmin):
    list_display = ["key_prefix", "venue_short_name", "note"]
    search_fields = ["key_prefix", "venue_short_name"]


@admin.register(DblpImport)
class DblpImportAdmin(admin.ModelAdmin):
    list_display = ["source", "selection", "records_done", "papers_created", "papers_updated", "skipped", "finished"]
    readonly_fields = [f.name for f in DblpImport._meta.fields]

    def has_add_permission(self, request):
        return False
