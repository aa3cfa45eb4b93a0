from django.apps import AppConfig
from django.core.signals import got_request_exception, request_started, setting_changed


class InfraConfig(AppConfig):
    name = "infra"
    verbose_name = "Infrastructure"

    def ready(self):
        from infra import client_ip, db_router, middleware

        got_request_exception.connect(middleware.remember_database_error, dispatch_uid="infra-database-error")
        request_started.connect(db_router.new_request, dispatch_uid="infra-router-new-request")
        setting_changed.connect(middleware.forget_site_policy, dispatch_uid="infra-csp-settings")
        setting_changed.connect(client_ip.forget_trusted_proxies, dispatch_uid="infra-trusted-proxies")
