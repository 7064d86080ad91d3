from django.test import TestCase

from apps.orders.views import create


class OrderTests(TestCase):
    def test_view_exists(self):
        self.assertTrue(callable(create))
