from django.http import JsonResponse

from apps.orders.services import place_order


def create(request):
    order = place_order(request.user, request.POST["total"])
    return JsonResponse({"id": order.pk})
