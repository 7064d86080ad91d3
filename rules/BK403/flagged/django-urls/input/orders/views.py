def index(request):
    return None


def detail(request, pk):
    return None
