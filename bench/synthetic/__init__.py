"""The synthetic catalogue behind `manage.py generate_catalogue`: `catalogue.catalogue_generate` draws it from
the words (`words`) through the text generator (`text`), writes papers (`papers`) and summaries (`summaries`)
with the bulk helpers (`bulk`).
"""
