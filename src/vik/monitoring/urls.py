from django.urls import path

from . import views

app_name = "monitoring"
urlpatterns = [
    path("", views.prevention, name="prevention"),
    path("meldingen/", views.alert_queue, name="queue"),
    path("meldingen/<int:pk>/", views.alert_detail, name="alert"),
    path("meldingen/<int:pk>/<slug:action>/", views.alert_action, name="alert_action"),
    path("import/", views.imports, name="imports"),
    path("import/<int:pk>/", views.import_detail, name="import"),
    path("besluiten/", views.governance, name="governance"),
    path("trend/", views.trend, name="trend"),
    path("gewichten/", views.weights, name="weights"),
]
