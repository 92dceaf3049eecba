from django.urls import path

from forum import views

app_name = "pathways"

urlpatterns = [path("", views.pathway_index, name="index")]
