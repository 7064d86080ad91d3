from django.urls import include, path

from apps.users import views as user_views

urlpatterns = [
    path("me/", user_views.MeView.as_view()),
    path("orders/", include("apps.orders.urls")),
]
