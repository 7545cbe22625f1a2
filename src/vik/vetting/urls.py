from django.urls import path

from . import views

app_name = "vetting"
urlpatterns = [
    path("", views.index, name="index"),
    path("melden/", views.declare, name="declare"),
    path("meldingen/<int:pk>/", views.declaration_detail, name="declaration"),
    path("meldingen/<int:pk>/besluit/", views.decide, name="decide"),
    path("te-besluiten/", views.inbox, name="inbox"),
    path("onderzoeken/", views.screening_list, name="screenings"),
    path("onderzoeken/<int:pk>/", views.screening_detail, name="screening"),
    path("overzicht/", views.overview, name="overview"),
    path("gemelde-relaties.csv", views.relations_export, name="relations_export"),
]
