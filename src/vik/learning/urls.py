from django.urls import path

from . import views

app_name = "learning"
urlpatterns = [
    path("", views.library, name="library"),
    path("leerpunten/<int:pk>/", views.point_detail, name="point"),
    path("leerpunten/<int:pk>/publiceren/", views.point_publish, name="point_publish"),
    path("leerpunten/<int:pk>/wijzigen/", views.point_edit, name="point_edit"),
    path("onderzoek/<int:case_pk>/leerpunt/", views.point_new, name="point_new"),
    path("lerende-cirkels/nieuw/", views.circle_new, name="circle_new"),
    path("lerende-cirkels/<int:pk>/", views.circle_detail, name="circle"),
    path("verbeterpunten/<int:pk>/afgerond/", views.improvement_done, name="improvement_done"),
]
