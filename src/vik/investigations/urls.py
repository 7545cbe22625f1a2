from django.urls import path

from . import views

app_name = "investigations"
urlpatterns = [
    path("", views.case_list, name="list"),
    path("start/<int:signal_pk>/", views.open_case, name="open"),
    path("bewaartermijnen/", views.retention, name="retention"),
    path("aanzegging-controle/", views.aanzegging_check, name="aanzegging_check"),
    path("mijn-zaak/", views.own_cases, name="own_list"),
    path("mijn-zaak/<int:pk>/", views.own_case, name="own"),
    path("mijn-zaak/<int:pk>/voorbereidingstijd/<int:hearing_pk>/", views.own_dispute_waiver, name="own_dispute"),
    path("<int:pk>/", views.case_detail, name="detail"),
    path("<int:pk>/actie/<slug:action>/", views.case_action, name="action"),
    path("<int:pk>/formulier/<slug:action>/", views.action_fields, name="action_fields"),
    path("<int:pk>/document/<int:doc_pk>/", views.document_download, name="document"),
]
