from django.urls import path

from . import views

app_name = "knowledge"
urlpatterns = [
    path("", views.index, name="index"),
    path("wegwijzer/", views.finder, name="finder"),
    path("wegwijzer/intern-onderzoek/", views.involved, name="involved"),
    path("loketten/", views.desks, name="desks"),
    path("beroepscode/", views.sheet_list, name="sheets"),
    path("beroepscode/<slug:slug>/", views.sheet_detail, name="sheet"),
    path("leidinggevenden/", views.guide, name="guide"),
    path("initiatieven/", views.initiative_list, name="initiatives"),
    path("initiatieven/<int:pk>/", views.initiative_detail, name="initiative"),
    path("redactie/", views.manage, name="manage"),
    path("redactie/vragen/nieuw/", views.question_edit, name="question_new"),
    path("redactie/vragen/<int:pk>/", views.question_edit, name="question_edit"),
    path("redactie/<slug:kind>/nieuw/", views.edit, name="new"),
    path("redactie/<slug:kind>/<str:key>/", views.edit, name="edit"),
    path("redactie/<slug:kind>/<str:key>/versies/", views.history, name="history"),
    path("redactie/<slug:kind>/<str:key>/versies/<int:number>/", views.version_detail, name="version"),
    path("redactie/<slug:kind>/<str:key>/versies/<int:number>/herstellen/", views.restore, name="restore"),
]
