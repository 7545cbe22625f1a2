from django.urls import path

from . import views

app_name = "prevention"
urlpatterns = [
    path("", views.index, name="index"),
    # Participants: no account needed.
    path("doe-mee/", views.join, name="join"),
    path("doe-mee/<str:code>/", views.play, name="play"),
    path("doe-mee/<str:code>/status/", views.play_status, name="play_status"),
    path("doe-mee/<str:code>/kies/", views.vote, name="vote"),
    # Facilitators.
    path("sessies/nieuw/", views.session_new, name="session_new"),
    path("sessies/<int:pk>/", views.session_detail, name="session"),
    path("sessies/<int:pk>/paneel/", views.session_panel, name="session_panel"),
    path("sessies/<int:pk>/samenvatting/", views.session_summary, name="summary"),
    path("sessies/<int:pk>/<slug:action>/", views.session_action, name="session_action"),
    # Editors.
    path("dilemmasets/", views.set_list, name="sets"),
    path("dilemmasets/nieuw/", views.set_edit, name="set_new"),
    path("dilemmasets/<int:pk>/", views.set_edit, name="set_edit"),
    # Register of integrity activities, their evaluation (no account needed) and the coverage.
    path("activiteiten/", views.activity_list, name="activities"),
    path("activiteiten/nieuw/", views.activity_new, name="activity_new"),
    path("activiteiten/<int:pk>/", views.activity_detail, name="activity"),
    path("activiteiten/<int:pk>/wijzigen/", views.activity_edit, name="activity_edit"),
    path("dekking/", views.coverage, name="coverage"),
    path("evaluatie/", views.evaluate_start, name="evaluate_start"),
    path("evaluatie/<str:code>/", views.evaluate, name="evaluate"),
    # Team climate check.
    path("teamklimaat/nieuw/", views.climate_new, name="climate_new"),
    path("teamklimaat/<int:pk>/", views.climate_detail, name="climate"),
    path("teamklimaat/<int:pk>/invullen/", views.climate_answer, name="climate_answer"),
    path("teamklimaat/<int:pk>/<slug:action>/", views.climate_action, name="climate_action"),
]
