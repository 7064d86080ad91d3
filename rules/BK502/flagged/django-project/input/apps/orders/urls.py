from django.urls import path

from apps.orders import views

urlpatterns = [path("", views.create)]
